"""An API client on the seeded demo database of each test, with the demo staff accounts."""

from collections.abc import Iterator
from typing import Any

import pytest
from api_kit import ClientFactory, api_settings
from fastapi.testclient import TestClient

from helpline.api.main import create_app
from helpline.store.db import Database


@pytest.fixture
def make_client(seeded: Database) -> Iterator[ClientFactory]:
    """Build clients on the test's seeded database; keyword arguments become settings."""
    made: list[TestClient] = []

    def make(**overrides: Any) -> TestClient:
        client = TestClient(create_app(api_settings(str(seeded.engine.url), **overrides)))
        client.__enter__()
        client.app.state.services.app.staff.ensure_demo()
        made.append(client)
        return client

    yield make
    for client in made:
        client.__exit__(None, None, None)


@pytest.fixture
def client(make_client: ClientFactory) -> TestClient:
    return make_client()
