"""Customer conversations over HTTP: tokens, turns, transcripts, and the token rules."""

import time

from api_kit import DEMO_PHONE, SECRET, open_session, say
from fastapi.testclient import TestClient

from helpline.api.security import Claims, TokenSigner


def test_a_session_starts_with_a_greeting_and_a_token(client: TestClient) -> None:
    answer = client.post("/v1/sessions")
    assert answer.status_code == 201
    body = answer.json()
    assert set(body) == {"session_id", "token", "reply"}
    assert body["reply"] and body["token"].startswith("v1.")


def test_a_verified_customer_gets_the_balance_and_files_a_complaint(client: TestClient) -> None:
    sid, auth = open_session(client)
    verified = say(client, sid, auth, DEMO_PHONE)
    assert verified["verified"] is True
    balance = say(client, sid, auth, "mera balance kitna hai")
    assert balance["intent"] == "balance" and "45.50" in balance["reply"]
    assert set(balance) >= {
        "reply",
        "intent",
        "entities",
        "sentiment",
        "complaint_id",
        "handoff",
        "verified",
    }
    complaint = say(client, sid, auth, "mera internet nahi chal raha, complaint darj karo")
    assert complaint["complaint_id"] is not None
    assert complaint["sentiment"] in ("negative", "neutral", "positive")


def test_the_transcript_lists_every_exchange(client: TestClient) -> None:
    sid, auth = open_session(client)
    say(client, sid, auth, DEMO_PHONE)
    say(client, sid, auth, "mera balance kitna hai")
    answer = client.get(f"/v1/sessions/{sid}", headers=auth)
    assert answer.status_code == 200
    lines = answer.json()["lines"]
    assert [line["user"] for line in lines][-2:] == [DEMO_PHONE, "mera balance kitna hai"]


def test_a_customer_token_cannot_read_or_write_another_session(client: TestClient) -> None:
    _mine, my_auth = open_session(client)
    theirs, _ = open_session(client)
    assert client.get(f"/v1/sessions/{theirs}", headers=my_auth).status_code == 403
    sent = client.post(f"/v1/sessions/{theirs}/messages", json={"text": "hi"}, headers=my_auth)
    assert sent.status_code == 403


def test_a_missing_token_is_401(client: TestClient) -> None:
    sid, _ = open_session(client)
    answer = client.post(f"/v1/sessions/{sid}/messages", json={"text": "hi"})
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"] == "Bearer"


def test_a_forged_token_is_401(client: TestClient) -> None:
    sid, _ = open_session(client)
    forged = TokenSigner(b"not the secret").customer(sid)
    answer = client.get(f"/v1/sessions/{sid}", headers={"Authorization": f"Bearer {forged}"})
    assert answer.status_code == 401
    assert "signature" in answer.json()["detail"]


def test_an_expired_token_is_401(client: TestClient) -> None:
    sid, _ = open_session(client)
    old = TokenSigner(SECRET.encode()).issue(Claims("customer", sid, int(time.time()) - 1))
    answer = client.get(f"/v1/sessions/{sid}", headers={"Authorization": f"Bearer {old}"})
    assert answer.status_code == 401
    assert "expired" in answer.json()["detail"]


def test_the_token_ends_with_its_session(client: TestClient) -> None:
    sid, auth = open_session(client)
    assert client.delete(f"/v1/sessions/{sid}", headers=auth).status_code == 204
    answer = client.post(f"/v1/sessions/{sid}/messages", json={"text": "hi"}, headers=auth)
    assert answer.status_code == 401


def test_a_malformed_body_is_422_naming_the_field(client: TestClient) -> None:
    sid, auth = open_session(client)
    answer = client.post(f"/v1/sessions/{sid}/messages", json={"txt": "hi"}, headers=auth)
    assert answer.status_code == 422
    fields = [error["loc"][-1] for error in answer.json()["detail"]]
    assert "text" in fields


def test_a_line_with_a_lone_surrogate_is_a_clear_422(client: TestClient) -> None:
    sid, auth = open_session(client)
    answer = client.post(
        f"/v1/sessions/{sid}/messages",
        content=b'{"text": "balance \\ud800 batao"}',
        headers={**auth, "Content-Type": "application/json"},
    )
    assert answer.status_code == 422
    assert answer.json()["detail"][0]["loc"] == ["body", "text"]


def test_unusable_audio_gets_the_please_repeat_reply(client: TestClient) -> None:
    sid, auth = open_session(client)
    answer = client.post(
        f"/v1/sessions/{sid}/audio",
        files={"audio": ("clip.wav", b"RIFF....not really audio", "audio/wav")},
        headers=auth,
    )
    assert answer.status_code in (200, 503), answer.text
    if answer.status_code == 200:
        body = answer.json()
        assert body["outcome"] == "bad_audio" and body["reply"]
