"""Schemathesis against the OpenAPI schema: generated requests to every operation, with a
manager's token (and a live session's token on session routes), find no 5xx and no response
that breaks the documented schema."""

from collections.abc import Iterator

import pytest
import schemathesis
from api_kit import api_settings, open_session, staff_headers
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from helpline.api.main import create_app
from helpline.store.db import Database

CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def api_client(seeded: Database) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings(str(seeded.engine.url)))) as client:
        client.app.state.services.app.staff.ensure_demo()
        yield client


def _schema() -> dict[str, object]:
    # The document alone needs no database: the app is built but never started.
    return create_app(api_settings("sqlite:///:memory:")).openapi()


schema = schemathesis.openapi.from_dict(_schema())


@pytest.fixture
def manager(api_client: TestClient) -> dict[str, str]:
    return staff_headers(api_client, "manager")  # once per operation: argon2 is slow on purpose


def _as_bytes(value: object) -> object:
    """A generated multipart part that is not bytes (a number, say) sent as its text."""
    if isinstance(value, tuple):
        return tuple(_as_bytes(v) if i == 1 else v for i, v in enumerate(value))
    return value if isinstance(value, (bytes, str)) else str(value).encode()


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_schema(
    case: schemathesis.Case, api_client: TestClient, manager: dict[str, str]
) -> None:
    headers = manager
    if "{session_id}" in case.path:
        sid, headers = open_session(api_client)
        case.path_parameters = {**(case.path_parameters or {}), "session_id": sid}
    if case.path.endswith("/personal-data"):
        case.path_parameters = {"phone": "9000000001"}  # nobody: nothing real is erased
    kwargs = case.as_transport_kwargs(base_url="http://testserver", headers=headers)
    files = kwargs.get("files")
    if files:
        pairs = files.items() if isinstance(files, dict) else files
        kwargs["files"] = [(name, _as_bytes(part)) for name, part in pairs]
    response = api_client.request(**kwargs)
    response.request.read()  # a multipart upload is streamed; the report reads it back
    case.validate_response(response, checks=CHECKS, headers=headers)
