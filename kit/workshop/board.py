"""The online legplan's state in the database: where each card lies and every move it made, the participants who joined
with a name, and their green and red stickers.

A workshop's board has a version number that grows with every change, so every
open board (on any instance of `kit serve`) only has to ask whether it changed.
The rules of Fase 2 are kept by the database itself, so they hold when 30 people
vote in the same second: a participant's counters cannot pass 10 per colour
(an update that only succeeds below the limit, and a CHECK constraint behind it),
and one participant's second sticker on a card collides with the primary key.
Every transaction writes before it reads: on SQLite the first write takes the
database's one write lock, so nothing can change between the read and the write.
No web and no ReportLab here.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from kit.workshop.store import Workshop, answers, metadata, now

ZONES = ("pile", "existing", "short", "long", "aside")  # not yet laid, "dit gebeurt al", the two terms, set aside
COLOURS = ("green", "red")
STICKERS = 10  # of each colour per participant, as the handleiding hands out
MAX_NAME = 40  # characters of a participant's display name

boards = sa.Table(
    "boards", metadata,
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("version", sa.BigInteger, nullable=False, server_default="0"),
    sa.Column("voting_locked", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("core_values", sa.Text, nullable=False, server_default=""),
)

board_cards = sa.Table(
    "board_cards", metadata,
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("card_id", sa.String(32), primary_key=True),
    sa.Column("zone", sa.String(16), nullable=False),
    sa.Column("moved_at", sa.String(32), nullable=False),
    sa.Column("seq", sa.BigInteger, nullable=False),
)

board_moves = sa.Table(
    "board_moves", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    sa.Column("card_id", sa.String(32), nullable=False),
    sa.Column("zone", sa.String(16), nullable=False),
    sa.Column("moved_at", sa.String(32), nullable=False),
)

participants = sa.Table(
    "participants", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    sa.Column("name", sa.String(120), nullable=False),
    sa.Column("secret_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("joined_at", sa.String(32), nullable=False),
    sa.Column("green_used", sa.Integer, nullable=False, server_default="0"),
    sa.Column("red_used", sa.Integer, nullable=False, server_default="0"),
)

stickers = sa.Table(
    "stickers", metadata,
    sa.Column("participant_id", sa.Integer, sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("card_id", sa.String(32), primary_key=True),
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    sa.Column("colour", sa.String(8), nullable=False),
    sa.Column("placed_at", sa.String(32), nullable=False),
)


class Refused(Exception):
    """An action the rules do not allow; `reason` names which (no_green_left, no_red_left, twice, no_sticker, locked,
    not_joined, full)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class Participant:
    id: int
    name: str
    green_used: int = 0
    red_used: int = 0

    def left(self, colour: str) -> int:
        return STICKERS - (self.green_used if colour == "green" else self.red_used)


@dataclass(frozen=True)
class Placement:
    zone: str
    moved_at: str
    seq: int  # the move's number: later moves have higher numbers


@dataclass(frozen=True)
class BoardState:
    """Everything a board shows that is not in the card forms, read after its version (so never older than it)."""

    version: int
    voting_locked: bool
    core_values: tuple[str, ...]
    placements: dict  # card id -> Placement
    online: dict  # card id -> (green, red) stickers on the board
    participants: int

    @property
    def counted(self) -> bool:
        """Whether the group votes on the board: then a card without any sticker has none, rather than not yet counted."""
        return self.voting_locked or any(green or red for green, red in self.online.values())


def hash_secret(secret: str) -> str:
    return hashlib.sha256(f"participant|{secret}".encode()).hexdigest()


class Boards:
    """The boards of one database (a kit.workshop.store.Store); every call is scoped to one workshop."""

    def __init__(self, store):
        self.engine = store.engine

    # -- reading ----------------------------------------------------------------------------------

    def version(self, workshop: Workshop) -> int:
        """A number that grows with every change of the board or of a card's answer (both show on the board)."""
        with self.engine.connect() as db:
            return self.version_in(db, workshop)

    def state(self, workshop: Workshop) -> BoardState:
        version = self.version(workshop)  # first: what is read after it is at least as new
        with self.engine.connect() as db:
            row = db.execute(sa.select(boards.c.voting_locked, boards.c.core_values)
                             .where(boards.c.workshop_id == workshop.id)).first()
            placed = db.execute(sa.select(board_cards.c.card_id, board_cards.c.zone, board_cards.c.moved_at, board_cards.c.seq)
                                .where(board_cards.c.workshop_id == workshop.id)).all()
            counts = db.execute(sa.select(stickers.c.card_id, stickers.c.colour, sa.func.count())
                                .where(stickers.c.workshop_id == workshop.id)
                                .group_by(stickers.c.card_id, stickers.c.colour)).all()
            joined = db.execute(sa.select(sa.func.count()).select_from(participants)
                                .where(participants.c.workshop_id == workshop.id)).scalar_one()
        online: dict = {}
        for card_id, colour, count in counts:
            green, red = online.get(card_id, (0, 0))
            online[card_id] = (green + count, red) if colour == "green" else (green, red + count)
        values = tuple(v for v in (row.core_values.split("\n") if row else ()) if v)
        return BoardState(version, bool(row and row.voting_locked), values,
                          {p.card_id: Placement(p.zone, p.moved_at, int(p.seq)) for p in placed}, online, int(joined))

    def moves(self, workshop: Workshop, card_id: str, limit: int = 50) -> list[tuple[str, str]]:
        """(zone, moved_at) of the card's moves, newest first."""
        with self.engine.connect() as db:
            rows = db.execute(sa.select(board_moves.c.zone, board_moves.c.moved_at)
                              .where(board_moves.c.workshop_id == workshop.id, board_moves.c.card_id == card_id)
                              .order_by(board_moves.c.id.desc()).limit(limit)).all()
        return [(r.zone, r.moved_at) for r in rows]

    def placement(self, workshop: Workshop, card_id: str) -> Placement | None:
        with self.engine.connect() as db:
            row = db.execute(sa.select(board_cards).where(board_cards.c.workshop_id == workshop.id,
                                                          board_cards.c.card_id == card_id)).first()
        return Placement(row.zone, row.moved_at, int(row.seq)) if row else None

    def online(self, workshop: Workshop, card_id: str) -> tuple[int, int]:
        """The green and red stickers on one card of the board."""
        with self.engine.connect() as db:
            rows = dict(db.execute(sa.select(stickers.c.colour, sa.func.count())
                                   .where(stickers.c.workshop_id == workshop.id, stickers.c.card_id == card_id)
                                   .group_by(stickers.c.colour)).all())
        return rows.get("green", 0), rows.get("red", 0)

    def participant(self, workshop: Workshop, secret: str) -> Participant | None:
        """The participant whose browser holds this secret, in this workshop only."""
        if not secret or len(secret) > 64:
            return None
        with self.engine.connect() as db:
            row = db.execute(sa.select(participants).where(participants.c.workshop_id == workshop.id,
                                                           participants.c.secret_hash == hash_secret(secret))).first()
        return _participant(row)

    def participants(self, workshop: Workshop) -> list[Participant]:
        with self.engine.connect() as db:
            rows = db.execute(sa.select(participants).where(participants.c.workshop_id == workshop.id)
                              .order_by(participants.c.id)).all()
        return [_participant(r) for r in rows]

    def stickers_of(self, workshop: Workshop, participant: Participant) -> dict[str, str]:
        """card id -> the colour of this participant's sticker on it."""
        with self.engine.connect() as db:
            rows = db.execute(sa.select(stickers.c.card_id, stickers.c.colour)
                              .where(stickers.c.workshop_id == workshop.id, stickers.c.participant_id == participant.id)).all()
        return dict(rows)

    # -- changing ---------------------------------------------------------------------------------

    def move(self, workshop: Workshop, card_id: str, zone: str, keep: int = 0) -> int:
        """Lay a card in a zone (the last move wins); the move is kept in its history (when, never who), of which the
        `keep` newest moves stay (0: all). The new version."""
        if zone not in ZONES:
            raise ValueError(zone)
        moved = now()
        with self.engine.begin() as db:
            seq = db.execute(board_moves.insert().values(workshop_id=workshop.id, card_id=card_id, zone=zone,
                                                         moved_at=moved)).inserted_primary_key[0]
            _upsert(db, board_cards, {"workshop_id": workshop.id, "card_id": card_id}, {"zone": zone, "moved_at": moved, "seq": seq})
            if keep:
                old = sa.select(board_moves.c.id).where(board_moves.c.workshop_id == workshop.id,
                                                        board_moves.c.card_id == card_id).order_by(board_moves.c.id.desc()).offset(keep)
                db.execute(board_moves.delete().where(board_moves.c.id.in_(old.scalar_subquery())))
            return self._bump(db, workshop)

    def join(self, workshop: Workshop, name: str, cap: int = 0) -> tuple[Participant, str]:
        """A new participant and the secret their browser keeps (only its hash is stored); Refused("full") when the
        workshop already has `cap` participants (0: no cap)."""
        secret = secrets.token_urlsafe(24)
        with self.engine.begin() as db:
            key = db.execute(participants.insert().values(workshop_id=workshop.id, name=name, secret_hash=hash_secret(secret),
                                                          joined_at=now())).inserted_primary_key[0]
            count = db.execute(sa.select(sa.func.count()).select_from(participants)
                               .where(participants.c.workshop_id == workshop.id)).scalar_one()
            if cap and count > cap:
                raise Refused("full")  # rolled back: nobody joined
            self._bump(db, workshop)
        return Participant(key, name), secret

    def place(self, workshop: Workshop, participant: Participant, card_id: str, colour: str) -> int:
        """Put one of the participant's stickers on a card; the new version. Refused when none of that colour is
        left, when the participant has a sticker on the card already, or when voting is locked."""
        used = participants.c.green_used if colour == "green" else participants.c.red_used
        try:
            with self.engine.begin() as db:
                taken = db.execute(participants.update()
                                   .where(participants.c.id == participant.id, participants.c.workshop_id == workshop.id,
                                          used < STICKERS).values({used: used + 1})).rowcount
                if not taken:
                    gone = db.execute(sa.select(participants.c.id).where(participants.c.id == participant.id)).first() is None
                    raise Refused("not_joined" if gone else f"no_{colour}_left")
                db.execute(stickers.insert().values(participant_id=participant.id, card_id=card_id, workshop_id=workshop.id,
                                                    colour=colour, placed_at=now()))
                return self._bump(db, workshop, voting=True)
        except IntegrityError:
            raise Refused("twice") from None  # the primary key: one sticker per card per participant

    def remove(self, workshop: Workshop, participant: Participant, card_id: str) -> int:
        """Take the participant's sticker off a card, so it can go elsewhere; the new version."""
        with self.engine.begin() as db:
            colour = db.execute(stickers.delete().where(stickers.c.participant_id == participant.id,
                                                        stickers.c.workshop_id == workshop.id, stickers.c.card_id == card_id)
                                .returning(stickers.c.colour)).scalar()
            if colour is None:
                raise Refused("no_sticker")
            used = participants.c.green_used if colour == "green" else participants.c.red_used
            db.execute(participants.update().where(participants.c.id == participant.id).values({used: used - 1}))
            return self._bump(db, workshop, voting=True)

    def reset(self, workshop: Workshop, participant_id: int) -> int:
        """The trekker takes every sticker of one participant off the board; the new version."""
        with self.engine.begin() as db:
            db.execute(stickers.delete().where(stickers.c.participant_id == participant_id,
                                               stickers.c.workshop_id == workshop.id))
            db.execute(participants.update().where(participants.c.id == participant_id, participants.c.workshop_id == workshop.id)
                       .values(green_used=0, red_used=0))
            return self._bump(db, workshop)

    def lock_voting(self, workshop: Workshop, locked: bool) -> int:
        with self.engine.begin() as db:
            return self._bump(db, workshop, changes={"voting_locked": locked})

    def set_core_values(self, workshop: Workshop, values: tuple[str, ...]) -> int:
        with self.engine.begin() as db:
            return self._bump(db, workshop, changes={"core_values": "\n".join(values)})

    def _bump(self, db, workshop: Workshop, *, voting: bool = False, changes: dict | None = None) -> int:
        """One more version of the board (made on its first change), with `changes` to its row; with `voting`, only
        while voting is open (else Refused("locked"), and the whole transaction is rolled back). Last in every
        transaction: on PostgreSQL the board's row stays locked until the commit, so it is held as briefly as can be."""
        update = boards.update().where(boards.c.workshop_id == workshop.id)
        if voting:
            update = update.where(boards.c.voting_locked == sa.false())
        if db.execute(update.values(version=boards.c.version + 1, **(changes or {}))).rowcount == 0:
            if db.execute(sa.select(boards.c.workshop_id).where(boards.c.workshop_id == workshop.id)).first() is not None:
                raise Refused("locked")
            _upsert(db, boards, {"workshop_id": workshop.id}, {"version": boards.c.version + 1, **(changes or {})},
                    {"version": 1, **(changes or {})})
        return self.version_in(db, workshop)

    @staticmethod
    def version_in(db, workshop: Workshop) -> int:
        board = sa.select(boards.c.version).where(boards.c.workshop_id == workshop.id).scalar_subquery()
        saved = sa.select(sa.func.max(answers.c.id)).where(answers.c.workshop_id == workshop.id).scalar_subquery()
        return int(db.execute(sa.select(sa.func.coalesce(board, 0) + sa.func.coalesce(saved, 0))).scalar_one())


def _upsert(db, table, key: dict, changes: dict, first: dict | None = None) -> None:
    """Update the row with `key`, or insert it (with `first`, else `changes`) when there is none; when another
    request inserts it at the same moment, update that one."""
    where = [table.c[name] == value for name, value in key.items()]
    if db.execute(table.update().where(*where).values(**changes)).rowcount:
        return
    try:
        with db.begin_nested():
            db.execute(table.insert().values(**key, **(first or changes)))
    except IntegrityError:
        db.execute(table.update().where(*where).values(**changes))


def _participant(row) -> Participant | None:
    if row is None:
        return None
    return Participant(row.id, row.name, int(row.green_used), int(row.red_used))
