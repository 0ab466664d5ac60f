"""Redis failing under a conversation: the customer keeps getting answers, and nobody pays twice.

Redis is reached through the fault proxy; sessions are built by the composition root
(engine/build.py session_store), as `helpline chat` and `helpline serve` build them.
"""

import os
import queue
import random
import string
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from engine_kit import DEMO_PHONE, REDIS_URL, Outbox, agent_factory, seed_into, unavailable
from fault_proxy import FaultProxy, fault_proxy
from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from helpline.config import Settings
from helpline.engine import Agent
from helpline.engine.build import session_store
from helpline.engine.session import new_session
from helpline.store.db import Database, open_database
from helpline.store.models import Transaction, User

HELPLINE = Path(sys.executable).with_name("helpline")


@pytest.fixture
def redis_proxy() -> Iterator[FaultProxy]:
    try:
        Redis.from_url(REDIS_URL, socket_timeout=2).ping()
    except RedisError as exc:
        unavailable(f"redis at {REDIS_URL}", str(exc))
    url = make_url(REDIS_URL.replace("redis://", "mysql://"))  # only host and port are read
    with fault_proxy(url.host or "127.0.0.1", url.port or 6379) as proxy:
        yield proxy


@pytest.fixture
def shared_db(mysql_url: str) -> Iterator[Database]:
    database = open_database(Settings(database_url=mysql_url))
    seed_into(database)
    yield database
    database.dispose()


def payments(database: Database) -> int:
    with database.sessions() as session:
        user_id = session.scalars(select(User.user_id).where(User.phone == DEMO_PHONE)).one()
        query = select(func.count()).select_from(Transaction).where(Transaction.user_id == user_id)
        return session.scalar(query) or 0


def process(database: Database, proxy: FaultProxy) -> Agent:
    """One app process: its own Redis client (through the proxy) and session store."""
    settings = Settings(database_url=str(database.engine.url), redis_url=proxy.url_for(REDIS_URL))
    return agent_factory(database, Outbox())(sessions=session_store(settings))


def forget(session_id: str) -> None:
    Redis.from_url(REDIS_URL).delete(f"helpline:session:{session_id}")


@pytest.mark.mysql
@pytest.mark.redis
def test_a_recharge_whose_session_save_is_cut_is_still_answered_and_paid_once(
    shared_db: Database, redis_proxy: FaultProxy
) -> None:
    first, second = process(shared_db, redis_proxy), process(shared_db, redis_proxy)
    session_id = f"cut-{uuid.uuid4().hex}"
    first.start(session_id, phone=DEMO_PHONE)
    assert "Super Saver" in first.turn(session_id, "299 wala recharge kar do").reply
    before = payments(shared_db)

    redis_proxy.cut_after(b"SET")  # the save after the recharge loses its connection
    done = first.turn(session_id, "haan")
    assert redis_proxy.cuts == 1
    assert "ho gaya" in done.reply, done.reply

    again = second.turn(session_id, "haan")
    assert "ho gaya" not in again.reply or "pehle hi" in again.reply, again.reply
    assert payments(shared_db) == before + 1
    forget(session_id)


@pytest.mark.mysql
@pytest.mark.redis
def test_a_session_save_lost_after_the_recharge_cannot_charge_again_on_another_process(
    shared_db: Database, redis_proxy: FaultProxy
) -> None:
    first, second = process(shared_db, redis_proxy), process(shared_db, redis_proxy)
    session_id = f"lost-{uuid.uuid4().hex}"
    first.start(session_id, phone=DEMO_PHONE)
    first.turn(session_id, "299 wala recharge kar do")
    before = payments(shared_db)

    redis_proxy.down()  # Redis is gone for the whole turn: the recharge's save never lands
    done = first.turn(session_id, "haan")
    assert "ho gaya" in done.reply, done.reply
    redis_proxy.up()

    # Redis still says "waiting for confirmation"; the customer says yes again elsewhere.
    replay = second.turn(session_id, "haan")
    assert "pehle hi" in replay.reply, replay.reply
    assert payments(shared_db) == before + 1
    forget(session_id)


class Chat:
    """`helpline chat` piped: one line in, one reply line out, read with a deadline."""

    def __init__(self, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen(
            [str(HELPLINE), "chat", "--phone", DEMO_PHONE],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._errors: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._read_errors, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def _read_errors(self) -> None:
        assert self.proc.stderr is not None
        self._errors.extend(self.proc.stderr)

    def say(self, text: str, timeout: float = 60) -> tuple[str, float]:
        assert self.proc.stdin is not None
        started = time.monotonic()
        self.proc.stdin.write(text + "\n")
        self.proc.stdin.flush()
        reply = self._lines.get(timeout=timeout)
        if reply is None:
            self.proc.wait(timeout=10)
            stderr = "".join(self._errors)[-2000:]
            pytest.fail(f"helpline chat ended without a reply to {text!r}:\n{stderr}")
        return reply, time.monotonic() - started

    def close(self) -> str:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        time.sleep(0.2)  # the reader threads take the last lines
        stderr = "".join(self._errors)
        assert self.proc.returncode == 0, stderr
        return stderr


@pytest.mark.redis
def test_helpline_chat_keeps_answering_while_redis_is_down_or_stalled(
    seeded: Database, redis_proxy: FaultProxy
) -> None:
    env = {
        **os.environ,
        "HELPLINE_DATABASE_URL": str(seeded.engine.url),
        "HELPLINE_REDIS_URL": redis_proxy.url_for(REDIS_URL),
        "HELPLINE_LLM": "template",
    }
    chat = Chat(env)
    assert "GB" in chat.say("mera balance kitna hai", timeout=180)[0]

    redis_proxy.stall()
    reply, first_cost = chat.say("mera balance kitna hai")
    assert "GB" in reply
    reply, next_cost = chat.say("meri validity kab tak hai")
    assert reply and next_cost < 0.4, f"a stalled Redis cost {next_cost:.2f} s again"
    assert first_cost < 2.0, f"the first turn on a stalled Redis took {first_cost:.2f} s"

    redis_proxy.up()
    time.sleep(5.5)  # the breaker lets one trial through after 5 s
    assert "GB" in chat.say("mera balance kitna hai")[0]

    redis_proxy.down()
    assert "GB" in chat.say("mera balance kitna hai")[0]
    assert chat.say("299 wala recharge kar do")[0]

    redis_proxy.up()
    time.sleep(5.5)
    marker = "mera balance kitna hai " + "".join(random.choices(string.ascii_lowercase, k=8))
    assert "GB" in chat.say(marker)[0]
    stderr = chat.close()

    client = Redis.from_url(REDIS_URL)
    saved = [
        k
        for k in client.scan_iter("helpline:session:*")
        if marker.encode() in (client.get(k) or b"")
    ]
    assert len(saved) == 1, "the turn after Redis returned must be in Redis again"
    client.delete(*saved)
    assert stderr.count("session store unreachable") == 2, stderr  # once per outage


@pytest.mark.redis
def test_counters_and_locks_keep_working_while_redis_is_down(redis_proxy: FaultProxy) -> None:
    store = session_store(Settings(redis_url=redis_proxy.url_for(REDIS_URL)))
    key = f"otp-test:{uuid.uuid4().hex}"
    assert store.add_failure(key, 60) == 1
    redis_proxy.down()
    started = time.monotonic()
    assert store.add_failure(key, 60) == 1  # counted in memory from here on
    assert store.add_failure(key, 60) == 2
    store.lock(key, 900)
    assert 890 <= store.locked_for(key) <= 900
    assert store.load("never-saved") is None
    assert time.monotonic() - started < 2.0
    redis_proxy.up()
    assert 890 <= store.locked_for(key) <= 900  # the lock set during the outage still holds
    store.clear_failures(key)
    Redis.from_url(REDIS_URL).delete(f"helpline:failures:{key}", f"helpline:lock:{key}")


@pytest.mark.redis
def test_a_session_saved_while_redis_is_down_is_still_live_when_it_is_back(
    redis_proxy: FaultProxy,
) -> None:
    store = session_store(Settings(redis_url=redis_proxy.url_for(REDIS_URL)))
    session_id = f"outage-{uuid.uuid4().hex}"
    redis_proxy.down()
    store.save(new_session(session_id, "text", time.time()))
    assert store.exists(session_id)  # from this process's memory
    redis_proxy.up()
    time.sleep(5.1)  # the breaker lets Redis be asked again
    assert store.exists(session_id)  # Redis has not seen it yet; this process's copy answers
    assert store.load(session_id) is not None  # and the load writes it back
    assert Redis.from_url(REDIS_URL).exists(f"helpline:session:{session_id}")
    store.delete(session_id)
    assert not store.exists(session_id)
