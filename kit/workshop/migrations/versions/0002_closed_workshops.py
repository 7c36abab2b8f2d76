"""A workshop can be closed after the day: its answers stay readable and nobody changes them."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("workshops", sa.Column("closed", sa.Boolean, nullable=False, server_default=sa.false()))
