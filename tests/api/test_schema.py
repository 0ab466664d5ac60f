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


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_schema(case: schemathesis.Case, api_client: TestClient) -> None:
    headers = staff_headers(api_client, "manager")
    if "{session_id}" in case.path:
        sid, headers = open_session(api_client)
        case.path_parameters = {**(case.path_parameters or {}), "session_id": sid}
    if case.path.endswith("/personal-data"):
        case.path_parameters = {"phone": "9000000001"}  # nobody: nothing real is erased
    kwargs = case.as_transport_kwargs(base_url="http://testserver", headers=headers)
    response = api_client.request(**kwargs)
    response.request.read()  # a multipart upload is streamed; the report reads it back
    case.validate_response(response, checks=CHECKS, headers=headers)
