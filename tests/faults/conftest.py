"""Fixtures of the fault tests: the seeded server itself, and a fault proxy in front of it."""

from collections.abc import Iterator

import pytest
from engine_kit import seed_into
from fault_proxy import FaultProxy, fault_proxy
from sqlalchemy.engine import make_url

from helpline.config import Settings
from helpline.store.db import Database, open_database


@pytest.fixture
def seeded_server(db_url: str) -> Iterator[Database]:
    """The demo operator on the real server, reached directly (to check what was written)."""
    database = open_database(Settings(database_url=db_url))
    seed_into(database)
    yield database
    database.dispose()


@pytest.fixture
def proxy(db_url: str) -> Iterator[FaultProxy]:
    """A fault proxy in front of the server of `db_url`."""
    url = make_url(db_url)
    with fault_proxy(url.host or "127.0.0.1", url.port or 0) as running:
        yield running
