"""Who may open a live voice call: only the holder of the session's own token, while the session
lives. A refused call is closed with 4401/4403 before any audio is read."""

import time

import pytest
from api_kit import SECRET, open_session, staff_headers
from fastapi.testclient import TestClient
from starlette.websockets import WebSocketDisconnect

from helpline.app.tokens import Claims, TokenSigner


def refusal(client: TestClient, url: str, headers: dict[str, str] | None = None) -> int:
    """The close code the server ends the call with, before the client sends anything."""
    with (
        pytest.raises(WebSocketDisconnect) as closed,
        client.websocket_connect(url, headers=headers or {}) as socket,
    ):
        socket.receive_text()
    return closed.value.code


def voice_url(sid: str, token: str | None = None) -> str:
    return f"/v1/sessions/{sid}/voice" + (f"?token={token}" if token is not None else "")


def token_of(auth: dict[str, str]) -> str:
    return auth["Authorization"].removeprefix("Bearer ")


def test_a_call_without_a_token_is_closed_with_4401(client: TestClient) -> None:
    sid, _ = open_session(client)
    assert refusal(client, voice_url(sid)) == 4401


def test_a_forged_token_is_closed_with_4401(client: TestClient) -> None:
    sid, _ = open_session(client)
    forged = TokenSigner(b"not the secret").customer(sid)
    assert refusal(client, voice_url(sid, forged)) == 4401


def test_an_expired_token_is_closed_with_4401(client: TestClient) -> None:
    sid, _ = open_session(client)
    old = TokenSigner(SECRET.encode()).issue(Claims("customer", sid, int(time.time()) - 1))
    assert refusal(client, voice_url(sid, old)) == 4401


def test_another_sessions_token_is_closed_with_4403(client: TestClient) -> None:
    _mine, my_auth = open_session(client)
    theirs, _ = open_session(client)
    assert refusal(client, voice_url(theirs, token_of(my_auth))) == 4403


def test_another_sessions_token_in_the_header_is_closed_with_4403(client: TestClient) -> None:
    _mine, my_auth = open_session(client)
    theirs, _ = open_session(client)
    assert refusal(client, voice_url(theirs), headers=my_auth) == 4403


def test_a_staff_token_cannot_open_a_customers_call(client: TestClient) -> None:
    sid, _ = open_session(client)
    assert refusal(client, voice_url(sid), headers=staff_headers(client, "manager")) == 4403


def test_an_ended_session_is_closed_with_4401(client: TestClient) -> None:
    sid, auth = open_session(client)
    assert client.delete(f"/v1/sessions/{sid}", headers=auth).status_code == 204
    assert refusal(client, voice_url(sid, token_of(auth))) == 4401
