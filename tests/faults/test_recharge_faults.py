"""A recharge whose COMMIT reached the database but whose reply was lost: told the truth, paid once.

The fault proxy sits between the agent and the real MariaDB / PostgreSQL: the COMMIT of the
recharge is delivered, then the connection is cut before the server's answer comes back.
"""

from dataclasses import replace

import pytest
from engine_kit import DEMO_PHONE, Outbox, agent_factory
from fault_proxy import COMMIT, FaultProxy
from sqlalchemy import event, func, select

from helpline.config import Settings
from helpline.engine import Agent
from helpline.engine.session import Pending, PendingKind, SessionState, new_session
from helpline.engine.session_store import MemorySessionStore
from helpline.store.db import Database, open_database
from helpline.store.models import Transaction, User

SERVERS = [
    pytest.param("mysql", marks=pytest.mark.mysql),
    pytest.param("postgres", marks=pytest.mark.postgres),
]


def paid(database: Database) -> tuple[int, int]:
    """(all of the demo customer's payments, those made with an idempotency key)."""
    with database.sessions() as session:
        user_id = session.scalars(select(User.user_id).where(User.phone == DEMO_PHONE)).one()
        mine = select(func.count()).select_from(Transaction).where(Transaction.user_id == user_id)
        return (
            session.scalar(mine) or 0,
            session.scalar(mine.where(Transaction.idempotency_key.is_not(None))) or 0,
        )


def agent_through(
    proxy: FaultProxy, db_url: str, sessions: MemorySessionStore
) -> tuple[Agent, Database]:
    proxied = open_database(Settings(database_url=proxy.url_for(db_url)))
    return agent_factory(proxied, Outbox())(sessions=sessions), proxied


@pytest.mark.parametrize("db_url", SERVERS, indirect=True)
def test_a_lost_commit_reply_is_told_as_done_and_a_second_haan_pays_nothing(
    db_url: str, seeded_server: Database, proxy: FaultProxy
) -> None:
    sessions = MemorySessionStore(ttl_seconds=600)
    agent, _ = agent_through(proxy, db_url, sessions)
    session_id = agent.start(phone=DEMO_PHONE).session_id
    asked = agent.turn(session_id, "299 wala recharge kar do")
    assert "Confirm" in asked.reply or "confirm" in asked.reply
    waiting = sessions.load(session_id)  # what another process still holds if a save is lost
    before, _ = paid(seeded_server)

    proxy.cut_after(COMMIT[seeded_server.engine.dialect.name])
    done = agent.turn(session_id, "haan")

    assert proxy.cuts == 1, "the fault must have fired on the recharge's COMMIT"
    assert "ho gaya" in done.reply and "nahi" not in done.reply, done.reply
    assert "Super Saver" in done.reply
    assert paid(seeded_server) == (before + 1, 1)

    again = agent.turn(session_id, "haan")
    assert "ho gaya" not in again.reply
    assert paid(seeded_server) == (before + 1, 1)

    # Another process that never heard the answer still waits for the same confirmation.
    assert waiting is not None
    sessions.save(waiting)
    replay = agent.turn(session_id, "haan")
    assert "pehle hi" in replay.reply, replay.reply
    assert paid(seeded_server) == (before + 1, 1)


@pytest.mark.parametrize("db_url", SERVERS, indirect=True)
def test_an_unreachable_database_after_the_commit_is_answered_honestly(
    db_url: str, seeded_server: Database, proxy: FaultProxy
) -> None:
    sessions = MemorySessionStore(ttl_seconds=600)
    agent, agent_db = agent_through(proxy, db_url, sessions)
    session_id = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(session_id, "299 wala recharge kar do")
    before, _ = paid(seeded_server)

    proxy.cut_after(COMMIT[seeded_server.engine.dialect.name])
    _down_after_the_cut(proxy, agent_db)
    unsure = agent.turn(session_id, "haan")

    assert "pakka nahi bata sakte" in unsure.reply, unsure.reply
    assert "do baar paisa nahi katega" in unsure.reply
    assert paid(seeded_server) == (before + 1, 1)  # it did land; the agent could not know

    proxy.up()
    retried = agent.turn(session_id, "haan")  # the confirmation is still open, with its key
    assert "pehle hi" in retried.reply, retried.reply
    assert paid(seeded_server) == (before + 1, 1)


def _down_after_the_cut(proxy: FaultProxy, agent_db: Database) -> None:
    """Once the COMMIT's connection is lost, the database is gone: nothing new connects."""

    @event.listens_for(agent_db.engine, "handle_error")
    def _gone(context: object) -> None:
        if proxy.cuts:
            proxy.down()


def test_a_repeated_confirmation_on_a_stale_session_pays_once(seeded: Database) -> None:
    """SQLite has no connection to lose; the replay itself (a lost session save) still matters."""
    sessions = MemorySessionStore(ttl_seconds=600)
    agent = agent_factory(seeded, Outbox())(sessions=sessions)
    session_id = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(session_id, "299 wala recharge kar do")
    waiting = sessions.load(session_id)
    before, _ = paid(seeded)
    assert "ho gaya" in agent.turn(session_id, "haan").reply
    assert waiting is not None
    sessions.save(waiting)
    assert "pehle hi" in agent.turn(session_id, "haan").reply
    sessions.save(waiting)
    asked_again = agent.turn(session_id, "recharge karna hai")  # the same offer, asked again
    assert "Super Saver" in asked_again.reply, asked_again.reply
    assert "pehle hi" in agent.turn(session_id, "haan").reply
    assert paid(seeded) == (before + 1, 1)


def test_the_confirmation_key_survives_the_session_json() -> None:
    state = replace(new_session("s", "text", 0.0), pending=Pending(PendingKind.CONFIRM_RECHARGE, 6))
    assert state.pending is not None and state.pending.key
    loaded = SessionState.from_json(state.to_json())
    assert loaded.pending is not None and loaded.pending.key == state.pending.key
    legacy = state.to_json().replace(f'"key":"{state.pending.key}"', '"key":null')
    assert SessionState.from_json(legacy.replace(',"key":null', "")).pending.key  # older saves


def test_an_unsettled_confirmation_survives_the_session_json() -> None:
    unsure = Pending(PendingKind.CONFIRM_RECHARGE, 6, unsettled=True)
    loaded = SessionState.from_json(
        replace(new_session("s", "text", 0.0), pending=unsure).to_json()
    )
    assert loaded.pending is not None and loaded.pending.unsettled
    assert loaded.pending.key == unsure.key
