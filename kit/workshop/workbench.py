"""The trekker's workbench in the database: a workshop's print settings and logo, and the builds `kit serve` makes on
demand (the printable kit, the legplan's preview, the results), with their state.

A build is asked for with a key: a hash of everything its files depend on (the
settings, the logo, the kit's version, the content's hash, for the results the
answers). The key is unique per workshop and kind, so asking twice, from two
browsers or two instances of `kit serve`, gives the same build, made once. A
build goes from queued to running (a worker process claims it with an update
that only one claimant wins) to done or failed. A running build's worker writes
a heartbeat every second or two; one that stopped beating (its process died) is
queued again by whoever notices, up to MAX_ATTEMPTS times, then counted failed.
The files themselves live in the data folder (kit.build.ondemand writes them);
the database says where. No web and no ReportLab here.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from kit.workshop.store import Workshop, metadata, now

KINDS = ("kit", "preview", "results")
STATES = ("queued", "running", "done", "failed")
STALE_SECONDS = 30  # a running build whose worker has not written for this long has stopped
MAX_ATTEMPTS = 3  # a build whose worker died this often is failed, not queued again
KEEP_DONE = 3  # finished builds kept per workshop and kind (the newest), with their files
LISTING = "files.json"  # in a finished build's folder: its files (the last file written)
_KEY = re.compile(r"[0-9a-f]{64}")

workbench = sa.Table(
    "workbench", metadata,
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("paper", sa.String(16), nullable=False, server_default="A4"),
    sa.Column("cards", sa.String(64), nullable=False, server_default="poker"),
    sa.Column("flip", sa.String(8), nullable=False, server_default="long"),
    sa.Column("offset_x", sa.Float, nullable=False, server_default="0"),
    sa.Column("offset_y", sa.Float, nullable=False, server_default="0"),
    sa.Column("legplan_size", sa.String(4), nullable=False, server_default="A1"),
)

logos = sa.Table(
    "logos", metadata,
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("sha", sa.String(64), nullable=False),
    sa.Column("kind", sa.String(8), nullable=False),
    sa.Column("width", sa.Integer, nullable=False, server_default="0"),
    sa.Column("height", sa.Integer, nullable=False, server_default="0"),
    sa.Column("size", sa.Integer, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("uploaded_at", sa.String(32), nullable=False),
)

builds = sa.Table(
    "builds", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("workshop_id", sa.Integer, sa.ForeignKey("workshops.id", ondelete="CASCADE"), nullable=False),
    sa.Column("kind", sa.String(16), nullable=False),
    sa.Column("key", sa.String(64), nullable=False),
    sa.Column("settings", sa.Text, nullable=False),
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
)


@dataclass(frozen=True)
class PrintSettings:
    """How the trekker prints: paper, card preset, duplex flip edge, the backs' offset in mm, the legplan's size."""

    paper: str = "A4"
    cards: str = "poker"
    flip: str = "long"
    offset: tuple[float, float] = (0.0, 0.0)
    legplan_size: str = "A1"


@dataclass(frozen=True)
class StoredLogo:
    sha: str
    kind: str  # png, jpeg or svg
    width: int
    height: int
    size: int  # bytes
    data: bytes = b""


@dataclass(frozen=True)
class Build:
    id: int
    workshop_id: int
    kind: str
    key: str
    settings: dict
    state: str
    progress: int = 0
    step: str = ""
    error: str = ""  # the reason of a failure: a key of workbench.failed in strings.yaml
    detail: str = ""  # what went wrong, in English, for the server's log
    files: list = field(default_factory=list)  # [{"name", "kind", "bytes", "pages"}]
    attempts: int = 0
    created_at: str = ""
    finished_at: str = ""
    heartbeat: float = 0.0  # when its worker last wrote (seconds since 1970)
    kicked: float = 0.0  # when a worker was last started for it

    @property
    def stale(self) -> bool:
        """A running build whose worker has not written for STALE_SECONDS: its process has stopped."""
        return self.state == "running" and self.heartbeat < time.time() - STALE_SECONDS

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed")


def build_folder(data_dir: Path | str, code: str, key: str) -> Path:
    """Where a build's files live: DATA/builds/<code>/<key>/. Both parts come from the database and are checked to be
    a workshop code and a hash, so no path can leave the data folder."""
    from kit.workshop.fields import CODE_PATTERN

    if not CODE_PATTERN.fullmatch(code) or not _KEY.fullmatch(key):
        raise ValueError("not a workshop code and a build key")
    return Path(data_dir) / "builds" / code / key


def build_key(material: dict) -> str:
    """The key of a build: a hash of everything its files depend on."""
    return hashlib.sha256(json.dumps(material, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


class Workbench:
    """The workbench's rows in one store; every read and write names its workshop, except what workers claim."""

    def __init__(self, store):
        self.store, self.engine = store, store.engine

    # -- settings and logo ---------------------------------------------------------------------------

    def settings(self, workshop: Workshop) -> PrintSettings:
        with self.engine.connect() as db:
            row = db.execute(sa.select(workbench).where(workbench.c.workshop_id == workshop.id)).first()
        if row is None:
            return PrintSettings()
        return PrintSettings(row.paper, row.cards, row.flip, (row.offset_x, row.offset_y), row.legplan_size)

    def save_settings(self, workshop: Workshop, settings: PrintSettings) -> None:
        values = {"paper": settings.paper, "cards": settings.cards, "flip": settings.flip, "offset_x": settings.offset[0],
                  "offset_y": settings.offset[1], "legplan_size": settings.legplan_size}
        with self.engine.begin() as db:
            if db.execute(workbench.update().where(workbench.c.workshop_id == workshop.id).values(**values)).rowcount:
                return
            try:
                with db.begin_nested():
                    db.execute(workbench.insert().values(workshop_id=workshop.id, **values))
            except IntegrityError:  # another request made the row first: this one's settings win
                db.execute(workbench.update().where(workbench.c.workshop_id == workshop.id).values(**values))

    def logo(self, workshop: Workshop, *, data: bool = False) -> StoredLogo | None:
        columns = [logos.c.sha, logos.c.kind, logos.c.width, logos.c.height, logos.c.size] + ([logos.c.data] if data else [])
        with self.engine.connect() as db:
            row = db.execute(sa.select(*columns).where(logos.c.workshop_id == workshop.id)).first()
        return StoredLogo(*row) if row else None

    def set_logo(self, workshop: Workshop, kind: str, width: int, height: int, data: bytes) -> StoredLogo:
        """Keep a checked logo (kit.content.customize.inspect_logo) for the workshop, replacing the one before."""
        made = StoredLogo(hashlib.sha256(data).hexdigest(), kind, width, height, len(data), data)
        with self.engine.begin() as db:
            db.execute(logos.delete().where(logos.c.workshop_id == workshop.id))
            db.execute(logos.insert().values(workshop_id=workshop.id, sha=made.sha, kind=kind, width=width, height=height,
                                             size=len(data), data=data, uploaded_at=now()))
        return made

    def remove_logo(self, workshop: Workshop) -> None:
        with self.engine.begin() as db:
            db.execute(logos.delete().where(logos.c.workshop_id == workshop.id))

    def set_date(self, workshop: Workshop, date: str) -> None:
        """The workshop's date (the legplan prints it, the reports too)."""
        from kit.workshop.store import workshops

        with self.engine.begin() as db:
            db.execute(workshops.update().where(workshops.c.id == workshop.id).values(date=date))

    # -- asking for builds ---------------------------------------------------------------------------

    def request(self, workshop: Workshop, kind: str, key: str, settings: dict) -> tuple[Build, bool]:
        """The build of this workshop, kind and key: the one there is, or a new one queued; and whether it was queued
        now (then a worker should be started). A failed build is queued again."""
        with self.engine.begin() as db:
            try:
                with db.begin_nested():
                    db.execute(builds.insert().values(workshop_id=workshop.id, kind=kind, key=key, settings=json.dumps(settings),
                                                      state="queued", created_at=now()))
                queued = True
            except IntegrityError:  # asked for before (by anyone, on any instance)
                queued = db.execute(builds.update().where(*self._key(workshop, kind, key), builds.c.state == "failed")
                                    .values(state="queued", error="", detail="", progress=0, step="", attempts=0,
                                            owner="")).rowcount == 1
            row = db.execute(sa.select(builds).where(*self._key(workshop, kind, key))).one()
        return _build(row), queued

    def again(self, build: Build) -> bool:
        """Queue a finished build again (its files are gone from this data folder); whether this call did."""
        with self.engine.begin() as db:
            return db.execute(builds.update().where(builds.c.id == build.id, builds.c.state == "done")
                              .values(state="queued", progress=0, step="", attempts=0, owner="")).rowcount == 1

    @staticmethod
    def _key(workshop: Workshop, kind: str, key: str):
        return builds.c.workshop_id == workshop.id, builds.c.kind == kind, builds.c.key == key

    def find(self, workshop: Workshop, kind: str, key: str) -> Build | None:
        with self.engine.connect() as db:
            row = db.execute(sa.select(builds).where(*self._key(workshop, kind, key))).first()
        return _build(row) if row else None

    def get(self, workshop: Workshop, build_id: int) -> Build | None:
        """One build of this workshop (never another workshop's, whatever the number)."""
        with self.engine.connect() as db:
            row = db.execute(sa.select(builds).where(builds.c.id == build_id, builds.c.workshop_id == workshop.id)).first()
        return _build(row) if row else None

    def latest(self, workshop: Workshop, kind: str, state: str | None = None) -> Build | None:
        """The newest build of a kind (the most recently finished one, for `state="done"`)."""
        query = sa.select(builds).where(builds.c.workshop_id == workshop.id, builds.c.kind == kind)
        if state:
            query = query.where(builds.c.state == state)
        order = (builds.c.finished_at.desc(), builds.c.id.desc()) if state == "done" else (builds.c.id.desc(),)
        with self.engine.connect() as db:
            row = db.execute(query.order_by(*order).limit(1)).first()
        return _build(row) if row else None

    def kick(self, build: Build, every: float = 10.0) -> bool:
        """Whether the caller should start a worker for this queued build: at most once per `every` seconds, counted in
        the database (so a page that polls, on any instance, does not start one each time), and only while fewer than
        the limit run (checked by the caller with `running`)."""
        moment = time.time()
        if build.kicked >= moment - every:  # read before: a page that polls writes nothing (SQLite has one writer)
            return False
        with self.engine.begin() as db:
            return db.execute(builds.update().where(builds.c.id == build.id, builds.c.state == "queued",
                                                    builds.c.kicked < moment - every).values(kicked=moment)).rowcount == 1

    # -- what workers do -----------------------------------------------------------------------------

    def recover(self) -> int:
        """Queue again the running builds whose worker stopped beating (or fail those that died too often); how many."""
        cutoff = time.time() - STALE_SECONDS
        stale = (builds.c.state == "running", builds.c.heartbeat < cutoff)
        with self.engine.begin() as db:
            failed = db.execute(builds.update().where(*stale, builds.c.attempts >= MAX_ATTEMPTS)
                                .values(state="failed", error="stopped", detail="the worker stopped", owner="",
                                        finished_at=now())).rowcount
            queued = db.execute(builds.update().where(*stale).values(state="queued", owner="", kicked=0)).rowcount
        return failed + queued

    def running(self) -> int:
        with self.engine.connect() as db:
            return db.execute(sa.select(sa.func.count()).select_from(builds).where(builds.c.state == "running")).scalar_one()

    def waiting(self) -> bool:
        with self.engine.connect() as db:
            return db.execute(sa.select(builds.c.id).where(builds.c.state == "queued").limit(1)).first() is not None

    def claim(self, owner: str, limit: int) -> Build | None:
        """The oldest queued build, now running for `owner`; None when there is none or `limit` builds run already.
        The update only succeeds while the build is still queued, so two workers never take the same one."""
        self.recover()
        if limit and self.running() >= limit:
            return None
        with self.engine.connect() as db:
            candidates = db.execute(sa.select(builds.c.id).where(builds.c.state == "queued").order_by(builds.c.id).limit(8)).scalars().all()
        for build_id in candidates:
            with self.engine.begin() as db:
                taken = db.execute(builds.update().where(builds.c.id == build_id, builds.c.state == "queued")
                                   .values(state="running", owner=owner, heartbeat=time.time(), progress=0, step="",
                                           attempts=builds.c.attempts + 1)).rowcount == 1
                if taken:
                    return _build(db.execute(sa.select(builds).where(builds.c.id == build_id)).one())
        return None

    def beat(self, build_id: int, owner: str, progress: int, step: str) -> bool:
        """A running build's heartbeat and progress; False when the build is no longer this owner's."""
        with self.engine.begin() as db:
            return db.execute(builds.update().where(builds.c.id == build_id, builds.c.owner == owner, builds.c.state == "running")
                              .values(heartbeat=time.time(), progress=max(0, min(100, int(progress))), step=step[:32])).rowcount == 1

    def finish(self, build_id: int, owner: str, files: list[dict]) -> bool:
        with self.engine.begin() as db:
            return db.execute(builds.update().where(builds.c.id == build_id, builds.c.owner == owner, builds.c.state == "running")
                              .values(state="done", progress=100, step="", files=json.dumps(files), finished_at=now(),
                                      error="", detail="")).rowcount == 1

    def fail(self, build_id: int, owner: str, error: str, detail: str) -> bool:
        with self.engine.begin() as db:
            return db.execute(builds.update().where(builds.c.id == build_id, builds.c.owner == owner, builds.c.state == "running")
                              .values(state="failed", error=error[:32], detail=detail[:2000], finished_at=now())).rowcount == 1

    def workshop_of(self, build: Build) -> Workshop | None:
        from kit.workshop.store import _workshop, workshops

        with self.engine.connect() as db:
            return _workshop(db.execute(sa.select(workshops).where(workshops.c.id == build.workshop_id)).first())

    def superseded(self, build: Build, keep: int = KEEP_DONE) -> list[Build]:
        """Remove the finished builds of this build's workshop and kind beyond the `keep` newest done ones (and
        failed ones older than those); what was removed, so the caller removes their files."""
        with self.engine.begin() as db:
            rows = db.execute(sa.select(builds).where(builds.c.workshop_id == build.workshop_id, builds.c.kind == build.kind,
                                                      builds.c.state.in_(("done", "failed")))
                              .order_by(builds.c.finished_at.desc(), builds.c.id.desc())).all()
            done = [r for r in rows if r.state == "done"]
            if len(done) <= keep:
                return []
            oldest_kept = done[keep - 1]
            gone = list(done[keep:]) + [r for r in rows if r.state == "failed" and r.finished_at < oldest_kept.finished_at]
            db.execute(builds.delete().where(builds.c.id.in_([r.id for r in gone])))
        return [_build(r) for r in gone]


def _build(row) -> Build:
    return Build(row.id, row.workshop_id, row.kind, row.key, json.loads(row.settings), row.state, row.progress, row.step,
                 row.error, row.detail, json.loads(row.files or "[]"), row.attempts, row.created_at, row.finished_at,
                 row.heartbeat, row.kicked)
