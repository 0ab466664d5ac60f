"""Size and rate limits, request ids, health, readiness and metrics."""

from pathlib import Path

import pytest
from api_kit import DEMO_PHONE, ClientFactory, api_settings, open_session, say
from fastapi.testclient import TestClient

from helpline.api.main import create_app
from helpline.api.observe import install_request_ids


def test_a_body_over_the_limit_is_413(client: TestClient) -> None:
    sid, auth = open_session(client)
    big = b'{"text": "' + b"a" * 70_000 + b'"}'
    answer = client.post(
        f"/v1/sessions/{sid}/messages",
        content=big,
        headers={**auth, "Content-Type": "application/json"},
    )
    assert answer.status_code == 413


def test_audio_over_its_limit_is_413(make_client: ClientFactory) -> None:
    client = make_client(api_max_audio_bytes=2048)
    sid, auth = open_session(client)
    answer = client.post(
        f"/v1/sessions/{sid}/audio",
        files={"audio": ("a.wav", b"\0" * 4096, "audio/wav")},
        headers=auth,
    )
    assert answer.status_code == 413


def test_a_session_over_its_rate_gets_429_with_retry_after(make_client: ClientFactory) -> None:
    client = make_client(rate_limit="on", rate_limit_per_session=3)
    sid, auth = open_session(client)
    codes = [
        client.post(f"/v1/sessions/{sid}/messages", json={"text": "hi"}, headers=auth).status_code
        for _ in range(4)
    ]
    assert codes == [200, 200, 200, 429]
    answer = client.post(f"/v1/sessions/{sid}/messages", json={"text": "hi"}, headers=auth)
    assert int(answer.headers["retry-after"]) > 0
    other, other_auth = open_session(client)
    assert say(client, other, other_auth, "hi")["reply"]


def test_a_client_over_its_rate_gets_429(make_client: ClientFactory) -> None:
    client = make_client(rate_limit="on", rate_limit_per_client=2)
    assert client.post("/v1/sessions").status_code == 201
    assert client.post("/v1/sessions").status_code == 201
    refused = client.post("/v1/sessions")
    assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    assert client.get("/healthz").status_code == 200  # probes are never limited


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json() == {"ready": True, "database": "ok", "redis": None}


def test_a_database_without_the_schema_is_503_not_the_clients_fault(tmp_path: Path) -> None:
    with TestClient(create_app(api_settings(f"sqlite:///{tmp_path / 'empty.db'}"))) as client:
        assert client.get("/readyz").status_code == 503
        answer = client.post("/v1/sessions")
    assert answer.status_code == 503
    assert "helpline db upgrade" in answer.json()["detail"]


def test_readiness_is_503_when_redis_is_unreachable(make_client: ClientFactory) -> None:
    client = make_client(redis_url="redis://127.0.0.1:1/0")
    answer = client.get("/readyz")
    assert answer.status_code == 503 and answer.json()["redis"].startswith("unavailable")


def test_metrics_count_turns_complaints_and_requests(client: TestClient) -> None:
    sid, auth = open_session(client)
    say(client, sid, auth, DEMO_PHONE)
    say(client, sid, auth, "mera balance kitna hai")
    say(client, sid, auth, "mera internet nahi chal raha, complaint darj karo")
    text = client.get("/metrics").text
    assert 'helpline_turns_total{channel="text",intent="balance"} 1.0' in text
    assert 'helpline_turn_stage_seconds_count{stage="understand"}' in text
    assert "helpline_complaints_created_total 1.0" in text
    assert "helpline_llm_fallbacks_total 0.0" in text
    assert "helpline_grounding_rejections_total 0.0" in text
    assert (
        'helpline_http_requests_total{method="POST",route="/v1/sessions/{session_id}/messages",'
        'status="200"} 3.0'
    ) in text


def test_logs_carry_the_request_id_and_mask_phones(
    client: TestClient, capsys: pytest.CaptureFixture[str]
) -> None:
    # Logging again inside the test, so its handler writes to the stream pytest captures.
    client.app.state.services.app.configure_logging()
    install_request_ids()
    sid, auth = open_session(client)
    answer = client.post(
        f"/v1/sessions/{sid}/messages",
        json={"text": DEMO_PHONE},
        headers={**auth, "X-Request-ID": "req-42"},
    )
    assert answer.headers["x-request-id"] == "req-42"
    logged = capsys.readouterr().err
    assert "request_id=req-42" in logged
    assert DEMO_PHONE not in logged and "98XXXX3210" in logged
