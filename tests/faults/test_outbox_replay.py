"""A write whose COMMIT reached the database but whose reply was lost goes to the outbox as well:
when the outbox is written, the turn and the complaint are in the database exactly once; and two
real turns that read alike, queued while the database is down, are both recorded.

The fault proxy sits between the agent and the real MariaDB / PostgreSQL; it delivers the COMMIT
of the turn's record or of the complaint, then cuts the connection before the server's answer.
"""

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from engine_kit import DEMO_PHONE, Outbox
from fault_proxy import COMMIT, FaultProxy, fault_proxy
from sqlalchemy import select
from sqlalchemy.engine import make_url

from helpline.config import Settings
from helpline.engine import Agent, build_agent
from helpline.engine.session_store import MemorySessionStore
from helpline.store import outbox as outbox_module
from helpline.store.db import Database, open_database
from helpline.store.models import Complaint, Conversation, User
from helpline.store.outbox import Outbox as WriteOutbox

SERVERS = [
    pytest.param("mysql", marks=pytest.mark.mysql),
    pytest.param("postgres", marks=pytest.mark.postgres),
]


@pytest.fixture
def proxied(db_url: str) -> Iterator[tuple[FaultProxy, Database]]:
    url = make_url(db_url)
    with fault_proxy(url.host or "127.0.0.1", url.port or 0) as proxy:
        database = open_database(Settings(database_url=proxy.url_for(db_url)))
        yield proxy, database
        database.dispose()


def agent_on(database: Database, outbox: Path, sessions: MemorySessionStore) -> Agent:
    """A helpline process on the proxied database (a new one each call: a restart)."""
    settings = Settings(database_url=str(database.engine.url), outbox_path=outbox)
    return build_agent(settings, database=database, sessions=sessions, otp_sender=Outbox())


def turns_saying(database: Database, session_id: str, line: str) -> list[int]:
    with database.sessions() as db:
        query = select(Conversation.id).where(
            Conversation.session_id == session_id, Conversation.user_input == line
        )
        return list(db.scalars(query))


def demo_tickets(database: Database) -> list[Complaint]:
    with database.sessions() as db:
        user_id = db.scalars(select(User.user_id).where(User.phone == DEMO_PHONE)).one()
        query = select(Complaint).where(Complaint.user_id == user_id)
        return list(db.scalars(query.order_by(Complaint.complaint_id)))


def cut_the_next_commit(proxy: FaultProxy, database: Database) -> None:
    proxy.cut_after(COMMIT[database.engine.dialect.name])


@pytest.mark.parametrize("db_url", SERVERS, indirect=True)
def test_a_turn_whose_commit_reply_is_lost_is_recorded_once_when_the_outbox_is_written(
    seeded_server: Database, proxied: tuple[FaultProxy, Database], tmp_path: Path
) -> None:
    proxy, database = proxied
    path, sessions = tmp_path / "outbox.sqlite3", MemorySessionStore(ttl_seconds=600)
    agent = agent_on(database, path, sessions)
    session = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(session, "mera balance kitna hai")

    cut_the_next_commit(proxy, database)
    line = "meri validity kab tak hai"
    agent.turn(session, line)

    assert proxy.cuts == 1, "the fault must have fired on the turn record's COMMIT"
    assert len(turns_saying(seeded_server, session, line)) == 1  # it landed, unheard
    assert WriteOutbox(path).pending() == 1  # and waits in the outbox too
    assert agent.drain_outbox() == 1
    agent_on(database, path, sessions)  # a restart drains again: nothing may be written twice
    assert WriteOutbox(path).pending() == 0
    assert len(turns_saying(seeded_server, session, line)) == 1


@pytest.mark.parametrize("db_url", SERVERS, indirect=True)
def test_a_complaint_whose_commit_reply_is_lost_is_filed_once_when_the_outbox_is_written(
    seeded_server: Database, proxied: tuple[FaultProxy, Database], tmp_path: Path
) -> None:
    proxy, database = proxied
    path, sessions = tmp_path / "outbox.sqlite3", MemorySessionStore(ttl_seconds=600)
    agent = agent_on(database, path, sessions)
    session = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(session, "mera balance kitna hai")
    before = demo_tickets(seeded_server)

    cut_the_next_commit(proxy, database)
    line = "2 din se internet bahut slow chal raha hai"
    filed = agent.turn(session, line)

    assert proxy.cuts == 1, "the fault must have fired on the complaint's COMMIT"
    # The agent could not know the ticket exists: the number follows by SMS.
    assert filed.complaint_id is None and "SMS" in filed.reply, filed.reply
    landed = demo_tickets(seeded_server)
    assert len(landed) == len(before) + 1 and landed[-1].report_count == 1
    assert WriteOutbox(path).pending() == 2  # the complaint and the turn that filed it
    assert agent.drain_outbox() == 2
    agent_on(database, path, sessions)  # a restart drains again: nothing may be written twice

    assert WriteOutbox(path).pending() == 0
    after = demo_tickets(seeded_server)
    assert len(after) == len(before) + 1
    ticket = after[-1]
    assert ticket.complaint_id == landed[-1].complaint_id
    assert ticket.report_count == 1, "the replayed complaint was counted again"
    assert [t.report_count for t in after[:-1]] == [t.report_count for t in before]
    turn = turns_saying(seeded_server, session, line)
    assert len(turn) == 1 and ticket.conversation_id == turn[0]  # linked to its turn


@pytest.mark.parametrize("db_url", SERVERS, indirect=True)
def test_two_turns_alike_within_a_second_queued_while_down_are_both_recorded(
    seeded_server: Database,
    proxied: tuple[FaultProxy, Database],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Turns during the outage each tried a drain; the one after it may knock again at once.
    monkeypatch.setattr(outbox_module, "RETRY_AFTER_SECONDS", 0.0)
    proxy, database = proxied
    path, sessions = tmp_path / "outbox.sqlite3", MemorySessionStore(ttl_seconds=600)
    agent = agent_on(database, path, sessions)
    session = agent.start().session_id
    agent.turn(session, "namaste")  # the plan catalogue is read while the database is up

    proxy.down()
    # The caller gives the number, hears the apology, and gives it again at once.
    line = DEMO_PHONE
    replies = [agent.turn(session, line).reply for _ in range(2)]

    assert replies[0] == replies[1], "the test needs two turns that read alike"
    with WriteOutbox(path).held() as held:
        queued = [datetime.fromisoformat(e.payload["timestamp"]) for e in held.entries()]
    assert len(queued) == 2 and abs((queued[1] - queued[0]).total_seconds()) < 1
    proxy.up()
    assert agent.drain_outbox() == 2
    agent_on(database, path, sessions)  # a restart drains again: nothing may be written twice
    assert WriteOutbox(path).pending() == 0
    assert len(turns_saying(seeded_server, session, line)) == 2
