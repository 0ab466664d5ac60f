"""Schema migrations with Alembic, run from inside the package (`helpline db upgrade`)."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect, text

from helpline.store.db import WRITER, DatabaseBusy, allow_long_statements

if TYPE_CHECKING:
    from alembic.config import Config

# Alembic (and Mako under it) is imported only to migrate: reading the revision is plain SQL,
# so read-only commands start without it.
MIGRATIONS = Path(__file__).parent / "migrations"
LOCK_NAME = "helpline_migrate"
LOCK_KEY = 0x68656C70  # PostgreSQL advisory locks take a number: "help" in ASCII
LOCK_WAIT_S = 600  # another upgrade may be running a long migration; wait for it


def _config() -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


@contextmanager
def _migration_lock(engine: Engine) -> Iterator[None]:
    """One upgrade at a time per database: the others wait, then find the schema at head.

    SQLite needs none here: the upgrade's own BEGIN IMMEDIATE serialises them.
    """
    backend = engine.url.get_backend_name()
    if backend not in ("mysql", "postgresql"):
        yield
        return
    with engine.connect() as conn:
        allow_long_statements(conn)
        try:
            if backend == "mysql":
                got = conn.execute(
                    text("SELECT GET_LOCK(:name, :wait)"), {"name": LOCK_NAME, "wait": LOCK_WAIT_S}
                ).scalar()
                if got != 1:
                    raise DatabaseBusy("another schema upgrade is running: try again later")
            else:
                conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
            conn.commit()  # the lock belongs to the connection, not to this transaction
            yield
        finally:
            conn.invalidate()  # closes the connection, and so releases the lock on the server


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Bring the schema up to revision (the newest by default), one upgrade at a time."""
    from alembic import command

    config = _config()
    with _migration_lock(engine), engine.connect() as conn:
        allow_long_statements(conn)
        conn.execution_options(**{WRITER: True})
        try:
            with conn.begin():
                config.attributes["connection"] = conn
                command.upgrade(config, revision)
        finally:
            if engine.url.get_backend_name() != "sqlite":
                conn.invalidate()  # its timeouts are lifted: never hand it back to the pool


def downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.downgrade(config, revision)


def current_revision(engine: Engine) -> str | None:
    """The schema's revision, or None for a database without helpline's tables."""
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        found = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        return None if found is None else str(found)


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def revision(engine: Engine, message: str) -> None:
    """Autogenerate a new migration from the models (for developers changing the schema)."""
    from alembic import command

    config = _config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.revision(config, message=message, autogenerate=True)
