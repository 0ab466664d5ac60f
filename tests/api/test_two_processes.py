"""Two `helpline serve` processes sharing MariaDB and Redis serve one conversation between them:
verification, balance and a recharge hop from process to process, and a number locked after
three wrong codes on one process stays locked on the other."""

import os
import re
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from api_kit import DEMO_PHONE, SECRET
from engine_kit import OTHER_PHONE, REDIS_URL, seed_into, unavailable
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import func, select

from helpline.config import Settings
from helpline.store.db import open_database
from helpline.store.models import Transaction, User
from server_kit import Server, start_api, stop, wait_ready

pytestmark = [pytest.mark.mysql, pytest.mark.redis]
CODE = re.compile(r"verification code (\d{6})")


def codes(*servers: Server) -> list[str]:
    """The one-time codes the console sender wrote, in each server's order."""
    return [c for server in servers for c in CODE.findall(server.log.read_text(errors="replace"))]


@pytest.fixture
def servers(mysql_url: str, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except RedisError as exc:
        unavailable(f"Redis {REDIS_URL}", str(exc))
    database = open_database(Settings(database_url=mysql_url))
    seed_into(database)
    database.dispose()
    prefix = f"t-{uuid.uuid4().hex[:10]}:"
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in sys.path if p),
        "HELPLINE_DATABASE_URL": mysql_url,
        "HELPLINE_REDIS_URL": REDIS_URL,
        "HELPLINE_REDIS_PREFIX": prefix,
        "HELPLINE_OTP": "on",
        "HELPLINE_OTP_SENDER": "console",
        "HELPLINE_OTP_MIN_SECONDS_BETWEEN_SENDS": "0",
        "HELPLINE_API_SECRET": SECRET,
        "HELPLINE_LLM": "template",
        "HELPLINE_OUTBOX_PATH": str(tmp_path / "outbox.db"),
    }
    pair = (start_api(env, tmp_path / "one.log"), start_api(env, tmp_path / "two.log"))
    try:
        for server in pair:
            wait_ready(server)
        yield pair
    finally:
        for server in pair:
            stop(server.process)
        client = Redis.from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"{prefix}*"))
        if keys:
            client.delete(*keys)


def say(server: Server, sid: str, token: str, text: str) -> dict[str, Any]:
    answer = httpx.post(
        f"{server.url}/v1/sessions/{sid}/messages",
        json={"text": text},
        headers={"Authorization": f"Bearer {token}"},
        timeout=30,
    )
    assert answer.status_code == 200, answer.text
    body: dict[str, Any] = answer.json()
    return body


def open_session(server: Server) -> tuple[str, str]:
    body = httpx.post(f"{server.url}/v1/sessions", timeout=30).json()
    return body["session_id"], body["token"]


def recharges(url: str, phone: str) -> int:
    database = open_database(Settings(database_url=url))
    try:
        with database.sessions() as session:
            user = session.scalar(select(User.user_id).where(User.phone == phone))
            count = select(func.count()).select_from(Transaction)
            return int(session.scalar(count.where(Transaction.user_id == user)) or 0)
    finally:
        database.dispose()


def test_one_conversation_across_two_processes(
    servers: tuple[Server, Server], mysql_url: str
) -> None:
    one, two = servers
    sid, token = open_session(one)
    assert "code" in say(two, sid, token, DEMO_PHONE)["reply"]
    code = codes(one, two)[-1]
    assert say(one, sid, token, code)["verified"] is True
    balance = say(two, sid, token, "mera balance kitna hai")
    assert balance["intent"] == "balance" and balance["verified"] is True
    before = recharges(mysql_url, DEMO_PHONE)
    say(one, sid, token, "recharge karna hai")
    say(two, sid, token, "299 wala")
    done = say(one, sid, token, "haan kar do")
    assert recharges(mysql_url, DEMO_PHONE) == before + 1, done["reply"]
    transcript = httpx.get(
        f"{two.url}/v1/sessions/{sid}", headers={"Authorization": f"Bearer {token}"}
    ).json()
    assert len(transcript["lines"]) >= 6


def test_a_lockout_on_one_process_holds_on_the_other(servers: tuple[Server, Server]) -> None:
    one, two = servers
    sid, token = open_session(one)
    say(one, sid, token, OTHER_PHONE)
    for server in (one, two, one):
        assert say(server, sid, token, "111111")["verified"] is False
    other_sid, other_token = open_session(two)
    locked = say(two, other_sid, other_token, OTHER_PHONE)
    assert "minute" in locked["reply"] and locked["verified"] is False
    assert say(two, other_sid, other_token, codes(one, two)[-1])["verified"] is False
