"""The results database behind `kit serve`: workshops, every saved answer, rate-limit counters and the signing keys.

A database URL picks the engine (SQLAlchemy): `sqlite:///data/kit.sqlite3` is
the default, a file that needs no server; `postgresql+psycopg://user:pw@host/db`
suits a server shared by many municipalities and several instances of `kit serve`.
The schema is kept by Alembic migrations (kit/workshop/migrations): opening a
database upgrades it, and one made by a newer kit is refused with a sentence.
Answers are never overwritten: each save adds a row, the newest row per card is
the current answer and a stated number of older ones are its history. The
overview link's secret is stored only as a hash, and client addresses only as
hashes inside rate-limit counters.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import ArgumentError, IntegrityError, NoSuchModuleError, OperationalError

from kit.errors import KitError
from kit.workshop.fields import new_code, new_secret

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
HEAD = "0005"  # the newest migration of this release
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
    sa.Column("stored_chars", sa.BigInteger, nullable=False, server_default="0"),  # the text of all its saves
)

answers = sa.Table(
    "answers", metadata,
    sa.Column("id", sa.Integer, primary_key=True),  # the order of saves: the highest id per card is current
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id"), nullable=False),
    sa.Column("card_id", sa.String(32), nullable=False),
    sa.Column("saved_at", sa.String(32), nullable=False),
    sa.Column("data", sa.Text, nullable=False),  # the checked answer as JSON
)

settings = sa.Table(
    "settings", metadata,
    sa.Column("key", sa.String(64), primary_key=True),
    sa.Column("value", sa.String(256), nullable=False),
)

rate_limits = sa.Table(
    "rate_limits", metadata,
    sa.Column("key", sa.String(96), primary_key=True),
    sa.Column("window", sa.BigInteger, nullable=False),
    sa.Column("count", sa.Integer, nullable=False),
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


class WorkshopFull(Exception):
    """A save would take the workshop over its size cap."""


def default_url(data_dir: Path | str) -> str:
    """The SQLite file in the data folder, as a URL: forward slashes on Windows too (sqlite:///C:/...)."""
    return f"sqlite:///{(Path(data_dir).resolve() / 'kit.sqlite3').as_posix()}"


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _engine(url: str, create: bool):
    """An engine for the URL; `create=False` refuses a SQLite file that is not there."""
    if url.startswith("sqlite:"):
        path = sa.engine.make_url(url).database
        if path and path != ":memory:":
            if not create and not Path(path).is_file():
                raise KitError(f"there is no database at {path}; give the --data folder or --database URL that kit serve uses.")
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        # a phone saving waits for another's write instead of failing: SQLite has one writer at a time
        # hide_parameters: a failed statement's message must not carry answers into a log
        engine = sa.create_engine(url, connect_args={"timeout": 30, "check_same_thread": False}, hide_parameters=True)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    # pre_ping: after a database restart the pool throws away dead connections instead of failing a request
    return sa.create_engine(url, pool_size=10, max_overflow=20, pool_pre_ping=True, pool_recycle=1800, hide_parameters=True,
                            connect_args={"connect_timeout": 5})


class Store:
    """Workshops and answers in one database; every read and write is scoped to one workshop."""

    def __init__(self, url: str, *, create: bool = True):
        """Open the database and bring its schema up to date; `create=False` (for commands that only read) refuses
        a SQLite file that is not there."""
        self.url = url
        self._keys: tuple = (0.0, ())
        try:
            self.engine = _engine(url, create)
            migrate(self.engine)
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

    def save_answer(self, workshop: Workshop, card_id: str, values: dict, *, keep: int = 0, cap: int = 0) -> Answer:
        """Add an answer; keep the `keep` newest versions of the card (0: all) and refuse a save that takes the
        workshop's stored text over `cap` characters (0: no cap) with WorkshopFull.

        Every statement writes before it reads: a SQLite transaction that read first could not write
        while another phone's save is under way, and would fail instead of waiting its turn.
        """
        saved = now()
        data = json.dumps(values, sort_keys=True, ensure_ascii=False)
        with self.engine.begin() as db:
            key = db.execute(answers.insert().values(workshop_id=workshop.id, card_id=card_id, saved_at=saved,
                                                     data=data)).inserted_primary_key[0]
            freed = _prune(db, workshop.id, card_id, keep) if keep else 0
            db.execute(workshops.update().where(workshops.c.id == workshop.id)
                       .values(stored_chars=workshops.c.stored_chars + len(data) - freed))
            stored = db.execute(sa.select(workshops.c.stored_chars).where(workshops.c.id == workshop.id)).scalar_one()
            if cap and stored > cap:
                raise WorkshopFull(workshop.code)  # the transaction is rolled back: nothing was saved
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

    def stored_chars(self, workshop: Workshop) -> int:
        with self.engine.connect() as db:
            return db.execute(sa.select(workshops.c.stored_chars).where(workshops.c.id == workshop.id)).scalar_one()

    # -- rate limits ------------------------------------------------------------------------------

    def hit(self, key: str, limit: int, window: int) -> int:
        """Count one more event under `key` in the current window of `window` seconds: 0 while within `limit`,
        else the seconds until the window ends (for Retry-After). The counter lives in the database, so every
        instance of kit serve counts together; as in save_answer, the statements write before they read."""
        moment = time.time()
        current = int(moment // window)
        bump = rate_limits.update().where(rate_limits.c.key == key).values(
            count=sa.case((rate_limits.c.window == current, rate_limits.c.count + 1), else_=1), window=current)
        with self.engine.begin() as db:
            if db.execute(bump).rowcount == 0:
                try:
                    with db.begin_nested():
                        db.execute(rate_limits.insert().values(key=key, window=current, count=1))
                except IntegrityError:  # another request made it first: count on it
                    db.execute(bump)
            count = db.execute(sa.select(rate_limits.c.count).where(rate_limits.c.key == key)).scalar_one()
            if current % 16 == 0:  # now and then, counters of windows long gone are removed
                db.execute(rate_limits.delete().where(rate_limits.c.window < current - 1))
        return 0 if count <= limit else max(1, int((current + 1) * window - moment + 0.999))

    # -- settings ---------------------------------------------------------------------------------

    def signing_keys(self, ttl: float = 30.0) -> tuple[bytes, ...]:
        """The keys form tokens are signed with: the current one first, then the one before the last rotation
        (still accepted). Read from the database, so every process agrees; kept for `ttl` seconds."""
        read_at, keys = self._keys
        if keys and time.monotonic() - read_at < ttl:
            return keys
        with self.engine.begin() as db:
            rows = dict(db.execute(sa.select(settings.c.key, settings.c.value)
                                   .where(settings.c.key.in_(("signing_key", "previous_signing_key")))).all())
        if "signing_key" not in rows:
            try:
                with self.engine.begin() as db:
                    db.execute(settings.insert().values(key="signing_key", value=secrets.token_hex(32)))
            except IntegrityError:
                pass  # another process made it first
            return self.signing_keys(ttl)
        keys = tuple(bytes.fromhex(rows[k]) for k in ("signing_key", "previous_signing_key") if k in rows)
        self._keys = (time.monotonic(), keys)
        return keys

    def signing_key(self) -> bytes:
        return self.signing_keys()[0]

    def rotate_signing_key(self) -> None:
        """A new signing key; the one before stays accepted until the next rotation, so open forms still save."""
        with self.engine.begin() as db:
            current = db.execute(sa.select(settings.c.value).where(settings.c.key == "signing_key")).scalar_one_or_none()
            db.execute(settings.delete().where(settings.c.key.in_(("signing_key", "previous_signing_key"))))
            db.execute(settings.insert().values(key="signing_key", value=secrets.token_hex(32)))
            if current:
                db.execute(settings.insert().values(key="previous_signing_key", value=current))
        self._keys = (0.0, ())


def _prune(db, workshop_id: int, card_id: str, keep: int) -> int:
    """Remove the card's versions older than the `keep` newest; the characters they held."""
    old = sa.select(answers.c.id).where(answers.c.workshop_id == workshop_id, answers.c.card_id == card_id) \
        .order_by(answers.c.id.desc()).offset(keep)
    gone = db.execute(sa.select(sa.func.coalesce(sa.func.sum(sa.func.length(answers.c.data)), 0))
                      .where(answers.c.id.in_(old.scalar_subquery()))).scalar_one()
    if gone:
        db.execute(answers.delete().where(answers.c.id.in_(old.scalar_subquery())))
    return int(gone)


def migrate(engine) -> None:
    """Bring the database to this release's schema with Alembic. A database from before Alembic is recognised by
    its tables; one made by a newer kit is refused with a sentence that says what to do."""
    from alembic import command
    from alembic.config import Config

    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # two instances starting at once migrate one after the other
            connection.execute(sa.text("SELECT pg_advisory_xact_lock(4242424242)"))
        config = Config()
        config.set_main_option("script_location", str(MIGRATIONS))
        config.attributes["connection"] = connection
        found = _revision(connection)
        if found not in (None, "0001", "0002", "0003", "0004", HEAD):
            raise KitError(f"the database was made by a newer kit (schema {found}, this kit knows up to {HEAD}); "
                           "install that kit's version or newer, or use another database.")
        if found is None:
            start = _version_before_alembic(connection)
            if start:
                command.stamp(config, start)
        command.upgrade(config, "head")


def _revision(connection) -> str | None:
    if not sa.inspect(connection).has_table("alembic_version"):
        return None
    return connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()


def _version_before_alembic(connection) -> str | None:
    """The schema of a database that earlier kits made without Alembic: 0001, 0002 (with `closed`) or none."""
    inspector = sa.inspect(connection)
    if not inspector.has_table("workshops"):
        return None
    columns = {column["name"] for column in inspector.get_columns("workshops")}
    return "0002" if "closed" in columns else "0001"


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
