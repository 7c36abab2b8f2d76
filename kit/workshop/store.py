"""The results database behind `kit serve`: workshops and every saved answer, in SQLite or PostgreSQL.

A database URL picks the engine (SQLAlchemy): `sqlite:///data/kit.sqlite3` is
the default, a file that needs no server; `postgresql+psycopg://user:pw@host/db`
suits a server shared by many municipalities. Answers are never overwritten:
each save adds a row, the newest row per card is the current answer and the
older ones are its history. The overview link's secret is stored only as a
hash, so a copy of the database does not open anyone's overview.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, OperationalError

from kit.errors import KitError
from kit.workshop.fields import new_code, new_secret

metadata = sa.MetaData()

workshops = sa.Table(
    "workshops", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("code", sa.String(32), nullable=False, unique=True),
    sa.Column("secret_hash", sa.String(64), nullable=False, unique=True),
    sa.Column("municipality", sa.String(200), nullable=False),
    sa.Column("date", sa.String(10), nullable=False),
    sa.Column("lang", sa.String(16), nullable=False),
    sa.Column("created_at", sa.String(32), nullable=False),
    # a closed workshop's answers can be read but no longer changed, by anyone who still holds a card
    sa.Column("closed", sa.Boolean, nullable=False, server_default=sa.false()),
)

answers = sa.Table(
    "answers", metadata,
    sa.Column("id", sa.Integer, primary_key=True),  # the order of saves: the highest id per card is current
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id"), nullable=False),
    sa.Column("card_id", sa.String(32), nullable=False),
    sa.Column("saved_at", sa.String(32), nullable=False),
    sa.Column("data", sa.Text, nullable=False),  # the checked answer as JSON
    sa.Index("answers_by_card", "workshop_id", "card_id", "id"),
)

settings = sa.Table(
    "settings", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(256), nullable=False),
)


@dataclass(frozen=True)
class Workshop:
    id: int
    code: str
    municipality: str
    date: str
    lang: str
    created_at: str
    closed: bool = False


@dataclass(frozen=True)
class Answer:
    id: int
    card_id: str
    saved_at: str  # UTC, ISO 8601
    values: dict


def default_url(data_dir: Path | str) -> str:
    """The SQLite file in the data folder, as a URL: forward slashes on Windows too (sqlite:///C:/...)."""
    return f"sqlite:///{(Path(data_dir).resolve() / 'kit.sqlite3').as_posix()}"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


class Store:
    """Workshops and answers in one database; every read and write is scoped to one workshop."""

    def __init__(self, url: str, *, create: bool = True):
        """Open the database; `create=False` (for commands that only read) refuses a SQLite file that is not there."""
        self.url = url
        try:
            if url.startswith("sqlite:"):
                path = sa.engine.make_url(url).database
                if path and path != ":memory:":
                    if not create and not Path(path).is_file():
                        raise KitError(f"there is no database at {path}; give the --data folder or --database URL "
                                       "that kit serve uses.")
                    Path(path).parent.mkdir(parents=True, exist_ok=True)
                # a phone saving waits for another's write instead of failing: SQLite has one writer at a time
                # hide_parameters: a failed statement's message must not carry answers into a log
                self.engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False},
                                               hide_parameters=True)
                sa.event.listen(self.engine, "connect", _sqlite_pragmas)
            else:
                self.engine = sa.create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True, hide_parameters=True)
            metadata.create_all(self.engine)
            _upgrade(self.engine)
        except (ArgumentError, NoSuchModuleError):
            raise KitError(f"the database URL '{_safe(url)}' is not one SQLAlchemy knows; use sqlite:///path/kit.sqlite3 "
                           "or postgresql+psycopg://user:password@host/database.") from None
        except OperationalError as exc:
            raise KitError(f"cannot open the database '{_safe(url)}': {str(exc.orig).strip().splitlines()[0]}.") from None

    def describe(self) -> str:
        """The database URL without its password."""
        return _safe(self.url)

    def close(self) -> None:
        self.engine.dispose()

    # -- workshops --------------------------------------------------------------------------------

    def create_workshop(self, municipality: str, date: str, lang: str) -> tuple[Workshop, str]:
        """A new workshop and the secret of its overview link (shown once; only its hash is kept)."""
        for _ in range(5):  # a clash of random codes is all but impossible; retry rather than fail
            code, secret, created = new_code(), new_secret(), now()
            try:
                with self.engine.begin() as db:
                    key = db.execute(workshops.insert().values(
                        code=code, secret_hash=hash_secret(secret), municipality=municipality, date=date, lang=lang,
                        created_at=created)).inserted_primary_key[0]
                return Workshop(key, code, municipality, date, lang, created), secret
            except IntegrityError:
                continue
        raise KitError("could not create a workshop code; try again.")

    def workshop(self, code: str) -> Workshop | None:
        with self.engine.connect() as db:
            row = db.execute(sa.select(workshops).where(workshops.c.code == code)).first()
        return _workshop(row)

    def workshop_by_secret(self, secret: str) -> Workshop | None:
        with self.engine.connect() as db:
            row = db.execute(sa.select(workshops).where(workshops.c.secret_hash == hash_secret(secret))).first()
        return _workshop(row)

    def list_workshops(self) -> list[Workshop]:
        with self.engine.connect() as db:
            rows = db.execute(sa.select(workshops).order_by(workshops.c.id)).all()
        return [_workshop(r) for r in rows]

    # -- answers ----------------------------------------------------------------------------------

    def save_answer(self, workshop: Workshop, card_id: str, values: dict) -> Answer:
        saved = now()
        data = json.dumps(values, sort_keys=True, ensure_ascii=False)
        with self.engine.begin() as db:
            key = db.execute(answers.insert().values(workshop_id=workshop.id, card_id=card_id, saved_at=saved,
                                                     data=data)).inserted_primary_key[0]
        return Answer(key, card_id, saved, dict(values))

    def current_answers(self, workshop: Workshop) -> dict[str, Answer]:
        """The newest answer per card of this workshop."""
        newest = (sa.select(sa.func.max(answers.c.id)).where(answers.c.workshop_id == workshop.id)
                  .group_by(answers.c.card_id))
        with self.engine.connect() as db:
            rows = db.execute(sa.select(answers).where(answers.c.id.in_(newest)).order_by(answers.c.card_id)).all()
        return {r.card_id: _answer(r) for r in rows}

    def history(self, workshop: Workshop, card_id: str, limit: int = 50) -> list[Answer]:
        """This card's saves in this workshop, newest first."""
        with self.engine.connect() as db:
            rows = db.execute(sa.select(answers).where(answers.c.workshop_id == workshop.id, answers.c.card_id == card_id)
                              .order_by(answers.c.id.desc()).limit(limit)).all()
        return [_answer(r) for r in rows]

    def set_closed(self, workshop: Workshop, closed: bool) -> Workshop:
        """Close a workshop (answers can be read, not changed) or open it again."""
        with self.engine.begin() as db:
            db.execute(workshops.update().where(workshops.c.id == workshop.id).values(closed=closed))
        return replace(workshop, closed=closed)

    def delete_workshop(self, workshop: Workshop) -> int:
        """Remove a workshop and every answer in it (for example when its data must be erased); returns the answers removed."""
        with self.engine.begin() as db:
            removed = db.execute(answers.delete().where(answers.c.workshop_id == workshop.id)).rowcount
            db.execute(workshops.delete().where(workshops.c.id == workshop.id))
        return removed

    def count_answers(self, workshop: Workshop) -> int:
        with self.engine.connect() as db:
            return db.execute(sa.select(sa.func.count()).select_from(answers)
                              .where(answers.c.workshop_id == workshop.id)).scalar_one()

    # -- settings ---------------------------------------------------------------------------------

    def signing_key(self) -> bytes:
        """The server's key for form tokens, made once and shared by every process on this database."""
        with self.engine.begin() as db:
            row = db.execute(sa.select(settings.c.value).where(settings.c.key == "signing_key")).first()
            if row:
                return bytes.fromhex(row.value)
        try:
            with self.engine.begin() as db:
                db.execute(settings.insert().values(key="signing_key", value=secrets.token_hex(32)))
        except IntegrityError:
            pass  # another process made it first
        return self.signing_key()


def _upgrade(engine) -> None:
    """Bring a database made by an earlier version up to date: columns added since then, with their defaults."""
    present = {column["name"] for column in sa.inspect(engine).get_columns("workshops")}
    if "closed" not in present:
        with engine.begin() as db:
            db.execute(sa.text("ALTER TABLE workshops ADD COLUMN closed BOOLEAN NOT NULL DEFAULT FALSE"))


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")  # readers never wait for the writer
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _workshop(row) -> Workshop | None:
    if row is None:
        return None
    return Workshop(row.id, row.code, row.municipality, row.date, row.lang, row.created_at, bool(row.closed))


def _answer(row) -> Answer:
    return Answer(row.id, row.card_id, row.saved_at, json.loads(row.data))


def _safe(url: str) -> str:
    """The URL without its password, for messages and logs."""
    try:
        return sa.engine.make_url(url).render_as_string(hide_password=True)
    except Exception:
        return "(unreadable URL)"
