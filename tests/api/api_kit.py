"""What API tests share: settings for a test app, logging in, opening a session, saying a line."""

from collections.abc import Callable
from typing import Any

from fastapi.testclient import TestClient

from helpline.config import Settings

SECRET = "a-test-secret-that-signs-tokens"
DEMO_PASSWORD = "helpline-demo"
DEMO_PHONE = "9876543210"


def api_settings(url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "database_url": url,
        "redis_url": None,
        "otp": "off",
        "llm": "template",
        "api_secret": SECRET,
        "rate_limit": "off",
    }
    return Settings(**{**values, **overrides})


ClientFactory = Callable[..., TestClient]


def staff_headers(client: TestClient, username: str) -> dict[str, str]:
    answer = client.post("/v1/auth/token", json={"username": username, "password": DEMO_PASSWORD})
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


def open_session(client: TestClient) -> tuple[str, dict[str, str]]:
    answer = client.post("/v1/sessions")
    assert answer.status_code == 201, answer.text
    body = answer.json()
    return body["session_id"], {"Authorization": f"Bearer {body['token']}"}


def say(client: TestClient, sid: str, headers: dict[str, str], text: str) -> dict[str, Any]:
    answer = client.post(f"/v1/sessions/{sid}/messages", json={"text": text}, headers=headers)
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body
