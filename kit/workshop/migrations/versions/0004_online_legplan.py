"""The online legplan: a board per workshop (its version, voting lock and core values), where each card lies and every
move it made, the participants who joined with a name, and their stickers (one per card each, 10 of each colour)."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

STICKERS = 10  # per colour and participant, as the handleiding hands out; kit.workshop.board.STICKERS


def upgrade() -> None:
    op.create_table(
        "boards",
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("version", sa.BigInteger, nullable=False, server_default="0"),  # grows with every change
        sa.Column("voting_locked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("core_values", sa.Text, nullable=False, server_default=""),  # one per line
    )
    op.create_table(
        "board_cards",
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("card_id", sa.String(32), primary_key=True),
        sa.Column("zone", sa.String(16), nullable=False),
        sa.Column("moved_at", sa.String(32), nullable=False),
        sa.Column("seq", sa.BigInteger, nullable=False),  # the board's version of the move: the order within a zone
    )
    op.create_table(
        "board_moves",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
        sa.Column("card_id", sa.String(32), nullable=False),
        sa.Column("zone", sa.String(16), nullable=False),
        sa.Column("moved_at", sa.String(32), nullable=False),
    )
    op.create_index("board_moves_by_card", "board_moves", ["workshop_id", "card_id", "id"])
    op.create_table(
        "participants",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("secret_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("joined_at", sa.String(32), nullable=False),
        sa.Column("green_used", sa.Integer, nullable=False, server_default="0"),
        sa.Column("red_used", sa.Integer, nullable=False, server_default="0"),
        sa.CheckConstraint(f"green_used >= 0 AND green_used <= {STICKERS}", name="green_within_limit"),
        sa.CheckConstraint(f"red_used >= 0 AND red_used <= {STICKERS}", name="red_within_limit"),
    )
    op.create_index("participants_by_workshop", "participants", ["workshop_id", "id"])
    op.create_table(
        "stickers",
        # one sticker per card per participant: the primary key itself refuses a second one
        sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("card_id", sa.String(32), primary_key=True),
        sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
        sa.Column("colour", sa.String(8), nullable=False),
        sa.Column("placed_at", sa.String(32), nullable=False),
        sa.CheckConstraint("colour IN ('green', 'red')", name="known_colour"),
    )
    op.create_index("stickers_by_card", "stickers", ["workshop_id", "card_id"])
