"""Several `helpline db upgrade` at once on an empty database: all succeed, the schema once."""

from concurrent.futures import ThreadPoolExecutor

from sqlalchemy import inspect, text

from helpline.config import Settings
from helpline.store import migrate
from helpline.store.db import open_database

UPGRADES = 4


def test_concurrent_upgrades_all_succeed_and_leave_one_schema_at_head(db_url: str) -> None:
    def upgrade(_: int) -> str | None:
        # Each its own engine, as separate `helpline db upgrade` processes would have.
        database = open_database(Settings(database_url=db_url))
        try:
            migrate.upgrade(database.engine)
            return migrate.current_revision(database.engine)
        finally:
            database.dispose()

    with ThreadPoolExecutor(UPGRADES) as pool:
        revisions = list(pool.map(upgrade, range(UPGRADES)))
    head = migrate.head_revision()
    assert revisions == [head] * UPGRADES
    database = open_database(Settings(database_url=db_url))
    with database.engine.connect() as conn:
        assert conn.execute(text("SELECT version_num FROM alembic_version")).all() == [(head,)]
    assert "users" in inspect(database.engine).get_table_names()
    database.dispose()
