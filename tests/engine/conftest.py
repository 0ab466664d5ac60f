import pytest
from engine_kit import AgentFactory, Outbox, agent_factory

from helpline.engine import Agent
from helpline.store.db import Database


@pytest.fixture
def outbox() -> Outbox:
    return Outbox()


@pytest.fixture
def make_agent(seeded: Database, outbox: Outbox) -> AgentFactory:
    return agent_factory(seeded, outbox)


@pytest.fixture
def agent(make_agent: AgentFactory) -> Agent:
    return make_agent()
