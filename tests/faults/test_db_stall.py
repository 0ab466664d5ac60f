"""A database that stops answering with its connections open (proxy `stall`), default settings.

The first turn that meets the stall waits one database timeout; the breaker then keeps every
later turn from waiting: balance from the account cache (said so), the complaint into the outbox,
the recharge refused. When the database answers again, so does the conversation, and the outbox
is written once.
"""

import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from engine_kit import DEMO_PHONE, Outbox, seed_into
from fault_proxy import FaultProxy, fault_proxy
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from helpline.app import Helpline
from helpline.config import Settings
from helpline.engine import Agent, Turn, build_agent
from helpline.engine.session_store import MemorySessionStore
from helpline.store.db import Database, open_database
from helpline.store.models import Complaint, Conversation, Transaction
from helpline.store.outbox import Outbox as WriteOutbox

DEFAULTS = Settings.model_fields
TIMEOUT_S = float(DEFAULTS["db_timeout_s"].default)
COOL_OFF_S = float(DEFAULTS["db_breaker_reset_s"].default)
# Generous margins for a shared 2-core machine; before the breaker every turn took 15-21 s.
FIRST_TURN_S = TIMEOUT_S + 3.0
LATER_TURN_S = 1.5
CACHED = "pehle ki hai"  # an answer from the account cache, with its age
QUEUED = "SMS se bheja jayega"  # complaint noted, ticket number to follow
REFUSED = "recharge nahi ho paya aur koi paisa nahi kata"
UNSURE = "pakka nahi bata sakte"


@dataclass
class Rig:
    """A seeded server database, reached by helpline only through the fault proxy."""

    proxy: FaultProxy
    direct: Database  # around the proxy: what the database really holds
    via: Database  # through the proxy, with the default settings: what helpline uses
    settings: Settings

    def agent(self) -> Agent:
        return build_agent(
            self.settings,
            database=self.via,
            sessions=MemorySessionStore(ttl_seconds=1800),
            otp_sender=Outbox(),
        )

    def count(self, model: type, *where: object) -> int:
        with self.direct.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(model).where(*where)))


@pytest.fixture(
    params=[
        pytest.param("mysql", marks=pytest.mark.mysql),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def rig(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Rig]:
    """MariaDB or PostgreSQL (SQLite has no connection to stall)."""
    server_url = str(request.getfixturevalue(f"{request.param}_url"))
    direct = open_database(Settings(database_url=server_url))
    seed_into(direct)
    url = make_url(server_url)
    with fault_proxy(url.host or "127.0.0.1", url.port or 0) as proxy:
        settings = Settings(
            database_url=proxy.url_for(server_url), outbox_path=tmp_path / "outbox.sqlite3"
        )
        via = open_database(settings)
        yield Rig(proxy, direct, via, settings)
        via.dispose()
    direct.dispose()


def timed(agent: Agent, session: str, line: str, limit: float) -> tuple[Turn, float]:
    """The turn and how long it took; fails when it has not answered within `limit` seconds."""
    result: list[Turn] = []
    started = time.monotonic()
    worker = threading.Thread(target=lambda: result.append(agent.turn(session, line)), daemon=True)
    worker.start()
    worker.join(limit)
    took = time.monotonic() - started
    assert result, f"{line!r}: no reply after {took:.1f} s (limit {limit} s)"
    assert took <= limit, f"{line!r} took {took:.1f} s (limit {limit} s)"
    return result[0], took


def _until_fresh(rig: Rig, agent: Agent, session: str) -> Turn:
    """Turns until the balance comes from the database again (no turn may wait meanwhile)."""
    deadline = time.monotonic() + COOL_OFF_S + TIMEOUT_S + 10
    while True:
        turn, _ = timed(agent, session, "mera balance kitna hai", LATER_TURN_S)
        if CACHED not in turn.reply and WriteOutbox(rig.settings.outbox_path).pending() == 0:
            return turn
        assert time.monotonic() < deadline, f"still degraded: {turn.reply}"
        time.sleep(0.5)


def test_a_stalled_database_costs_one_timeout_then_turns_answer_at_once(rig: Rig) -> None:
    agent = rig.agent()
    session = agent.start(phone=DEMO_PHONE).session_id
    assert "2.5 GB" in agent.turn(session, "mera balance kitna hai").reply
    complaints, payments = rig.count(Complaint), rig.count(Transaction)

    rig.proxy.stall()
    first, _ = timed(agent, session, "mera balance kitna hai", FIRST_TURN_S)
    assert "2.5 GB" in first.reply and CACHED in first.reply, first.reply
    validity, _ = timed(agent, session, "validity kab tak hai", LATER_TURN_S)
    assert CACHED in validity.reply, validity.reply
    complaint, _ = timed(agent, session, "2 din se internet bahut slow chal raha hai", LATER_TURN_S)
    assert QUEUED in complaint.reply and complaint.complaint_id is None, complaint.reply
    offer, _ = timed(agent, session, "199 ka recharge karna hai", LATER_TURN_S)
    assert "confirm" in offer.reply.lower(), offer.reply
    refused, _ = timed(agent, session, "haan", LATER_TURN_S)
    assert REFUSED in refused.reply, refused.reply

    rig.proxy.up()
    back = _until_fresh(rig, agent, session)
    assert "2.5 GB" in back.reply
    for line in ("validity kab tak hai", "2 din se internet bahut slow chal raha hai", "haan"):
        mine = (Conversation.session_id == session, Conversation.user_input == line)
        assert rig.count(Conversation, *mine) == 1, line  # from the outbox, once
    assert rig.count(Complaint) == complaints + 1
    assert rig.count(Transaction) == payments


def test_a_recharge_whose_commit_meets_the_stall_is_never_told_as_not_done(rig: Rig) -> None:
    agent = rig.agent()
    session = agent.start(phone=DEMO_PHONE).session_id
    timed(agent, session, "mera balance kitna hai", LATER_TURN_S)
    assert "confirm" in agent.turn(session, "299 wala recharge kar do").reply.lower()
    payments = rig.count(Transaction)

    # The server gets the COMMIT and writes the payment; its answer never comes back.
    rig.proxy.stall_after(b"COMMIT")
    unsure, _ = timed(agent, session, "haan", FIRST_TURN_S)
    assert rig.proxy.mode == "stall", "the fault must have fired on the recharge's COMMIT"
    assert UNSURE in unsure.reply, unsure.reply
    assert rig.count(Transaction) == payments + 1  # it did land; the agent cannot know yet
    # Asked again while the database still does not answer: still not known, never "not done".
    again, _ = timed(agent, session, "haan", LATER_TURN_S)
    assert UNSURE in again.reply and "koi paisa nahi kata" not in again.reply, again.reply

    rig.proxy.up()
    _until_fresh(rig, agent, session)
    replay = agent.turn(session, "haan")
    assert "pehle hi" in replay.reply, replay.reply
    assert rig.count(Transaction) == payments + 1


def test_readiness_says_not_ready_at_once_while_stalled_and_ready_when_back(rig: Rig) -> None:
    app = Helpline(rig.settings)
    assert app.health.ready().ready
    rig.proxy.stall()
    started = time.monotonic()
    first = app.health.ready()
    assert not first.ready and first.database.startswith("unavailable")
    assert time.monotonic() - started <= FIRST_TURN_S
    started = time.monotonic()
    assert not app.health.ready().ready
    assert time.monotonic() - started <= LATER_TURN_S
    rig.proxy.up()
    deadline = time.monotonic() + COOL_OFF_S + TIMEOUT_S + 10
    while not app.health.ready().ready:
        assert time.monotonic() < deadline, "not ready long after the database came back"
        time.sleep(0.5)
    app.context.close()
