from collections.abc import Iterator
from pathlib import Path

import pytest
from engine_kit import AgentFactory, Outbox, agent_factory, copy_database, seeded_template

from helpline.engine import Agent
from helpline.store.db import Database


@pytest.fixture(scope="session")
def seeded_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return seeded_template(tmp_path_factory.mktemp("seeded"))


@pytest.fixture
def seeded(seeded_file: Path, tmp_path: Path) -> Iterator[Database]:
    """The demo operator in a SQLite database of this test's own."""
    database = copy_database(seeded_file, tmp_path)
    yield database
    database.dispose()


@pytest.fixture
def outbox() -> Outbox:
    return Outbox()


@pytest.fixture
def make_agent(seeded: Database, outbox: Outbox) -> AgentFactory:
    return agent_factory(seeded, outbox)


@pytest.fixture
def agent(make_agent: AgentFactory) -> Agent:
    return make_agent()
