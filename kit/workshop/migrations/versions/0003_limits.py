"""Limits for a public server: the text a workshop stores, in characters (kept up to date on every save) and the counters of
the rate limits per client address, shared by every instance of `kit serve` on the database."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("workshops", sa.Column("stored_chars", sa.BigInteger, nullable=False, server_default="0"))
    op.execute("UPDATE workshops SET stored_chars = COALESCE((SELECT SUM(LENGTH(answers.data)) FROM answers "
               "WHERE answers.workshop_id = workshops.id), 0)")
    op.create_table(
        "rate_limits",
        sa.Column("key", sa.String(96), primary_key=True),  # what is limited, and a hash of the client's address
        sa.Column("window", sa.BigInteger, nullable=False),  # the window's number: seconds since 1970 // its length
        sa.Column("count", sa.Integer, nullable=False),
    )
