"""The trekker's workbench: a workshop's print settings and logo, and the builds `kit serve` makes on demand with their
state (kit.workshop.workbench); one build per workshop, kind and key."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workbench",
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("paper", sa.String(16), nullable=False, server_default="A4"),
        sa.Column("cards", sa.String(64), nullable=False, server_default="poker"),
        sa.Column("flip", sa.String(8), nullable=False, server_default="long"),
        sa.Column("offset_x", sa.Float, nullable=False, server_default="0"),
        sa.Column("offset_y", sa.Float, nullable=False, server_default="0"),
        sa.Column("legplan_size", sa.String(4), nullable=False, server_default="A1"),
    )
    op.create_table(
        "logos",
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("sha", sa.String(64), nullable=False),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("width", sa.Integer, nullable=False, server_default="0"),
        sa.Column("height", sa.Integer, nullable=False, server_default="0"),
        sa.Column("size", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=False),  # checked before it is stored (kit.content.customize.inspect_logo)
        sa.Column("uploaded_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "builds",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),  # kit, preview or results
        sa.Column("key", sa.String(64), nullable=False),  # a hash of everything its files depend on
        sa.Column("settings", sa.Text, nullable=False),  # what the worker builds, as JSON
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("progress", sa.Integer, nullable=False, server_default="0"),
        sa.Column("step", sa.String(32), nullable=False, server_default=""),
        sa.Column("error", sa.String(32), nullable=False, server_default=""),
        sa.Column("detail", sa.Text, nullable=False, server_default=""),
        sa.Column("files", sa.Text, nullable=False, server_default="[]"),
        sa.Column("owner", sa.String(96), nullable=False, server_default=""),
        sa.Column("heartbeat", sa.Float, nullable=False, server_default="0"),
        sa.Column("kicked", sa.Float, nullable=False, server_default="0"),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("finished_at", sa.String(32), nullable=False, server_default=""),
        sa.UniqueConstraint("workshop_id", "kind", "key", name="one_build_per_key"),
        sa.CheckConstraint("state IN ('queued', 'running', 'done', 'failed')", name="known_state"),
    )
    op.create_index("builds_by_state", "builds", ["state", "id"])
    op.create_index("builds_by_workshop", "builds", ["workshop_id", "kind", "id"])
