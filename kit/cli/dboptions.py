"""The --database and --data options that every workshop command shares."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import click


def database_options(f):
    f = click.option("--data", "data_dir", type=click.Path(path_type=Path), default=Path("data"), show_default=True,
                     help="Folder for the SQLite database, when no --database is given.")(f)
    return click.option("--database", "database_url", envvar="KIT_DATABASE_URL", show_envvar=True,
                        help="Database URL, e.g. postgresql+psycopg://kit:secret@localhost/kit. Default: SQLite in --data.")(f)


def open_store(database_url: str | None, data_dir: Path, *, create: bool = True):
    """The database; commands that only read pass create=False, so a wrong --data is an error, not a new file."""
    from kit.workshop.store import Store, default_url  # SQLAlchemy takes a third of a second to import: only when needed

    return Store(database_url or default_url(data_dir), create=create)


def find_workshop(store, code: str):
    """The workshop with this code (any case, spaces around it allowed), or a KitError that names the database."""
    from kit.errors import KitError

    found = store.workshop(code.strip().lower())
    if found is None:
        raise KitError(f"there is no workshop with the code '{code}' in {store.describe()}.")
    return found


@contextmanager
def stored_workshop(database_url: str | None, data_dir: Path, code: str):
    """(the database, the workshop with this code) for a command that works on one workshop; the database
    is never created here and is closed afterwards."""
    store = open_store(database_url, data_dir, create=False)
    try:
        yield store, find_workshop(store, code)
    finally:
        store.close()
