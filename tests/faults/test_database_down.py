"""The database really goes away (a TCP proxy in front of MariaDB is switched off) mid-conversation.

Verified callers get their own account from a five-minute cache, with its age; turn records and
complaints wait in the durable outbox and reach the database exactly once when it is back; a
recharge is refused with an apology and writes nothing.
"""

import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from engine_kit import DEMO_PHONE, REDIS_URL, Outbox, seed_into
from fault_proxy import FaultProxy, fault_proxy
from redis import Redis
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from helpline.config import Settings
from helpline.engine import Agent, build_agent
from helpline.engine.account_cache import AccountCache
from helpline.engine.catalogue import Catalogue
from helpline.engine.session_store import MemorySessionStore, RedisSessionStore
from helpline.store import outbox as outbox_module
from helpline.store.db import Database, open_database
from helpline.store.models import AuditLog, Complaint, Conversation, Transaction, User
from helpline.store.outbox import Outbox as WriteOutbox
from helpline.store.outbox_writes import write_entry

SYSTEM_ERROR = "system mein thodi dikkat"
MONEY = re.compile(r"₹[\d.,]+")


@dataclass
class Rig:
    """A seeded MariaDB database, reached by helpline only through the fault proxy."""

    proxy: FaultProxy
    direct: Database  # around the proxy: what the database really holds
    via: Database  # through the proxy: what helpline uses
    outbox_path: Path
    now: list[float] = field(default_factory=lambda: [1_000_000.0])
    sessions: MemorySessionStore = field(
        default_factory=lambda: MemorySessionStore(ttl_seconds=1800)
    )

    def agent(self) -> Agent:
        """A helpline process on this database (a new one each call: a restart)."""
        settings = Settings(database_url=str(self.via.engine.url), outbox_path=self.outbox_path)
        return build_agent(
            settings,
            database=self.via,
            sessions=self.sessions,
            otp_sender=Outbox(),
            account_cache=AccountCache(clock=lambda: self.now[0]),
        )

    def count(self, model: type, *where: object) -> int:
        with self.direct.sessions() as session:
            return int(session.scalar(select(func.count()).select_from(model).where(*where)))


@pytest.fixture
def rig(mysql_url: str, tmp_path: Path) -> Iterator[Rig]:
    direct = open_database(Settings(database_url=mysql_url))
    seed_into(direct)
    url = make_url(mysql_url)
    with fault_proxy(url.host or "127.0.0.1", url.port or 3306) as proxy:
        via = open_database(Settings(database_url=proxy.url_for(mysql_url)))
        yield Rig(proxy, direct, via, tmp_path / "outbox.sqlite3")
        via.dispose()
    direct.dispose()


def _turns(rig: Rig, session_id: str) -> list[str]:
    with rig.direct.sessions() as session:
        return list(
            session.scalars(
                select(Conversation.user_input)
                .where(Conversation.session_id == session_id)
                .order_by(Conversation.timestamp, Conversation.id)
            )
        )


@pytest.mark.mysql
def test_balance_comes_from_the_cache_with_its_age_while_the_database_is_down(rig: Rig) -> None:
    agent = rig.agent()
    session = agent.start(phone=DEMO_PHONE).session_id
    assert "2.5 GB" in agent.turn(session, "mera balance kitna hai").reply
    rig.proxy.down()
    rig.now[0] += 180
    reply = agent.turn(session, "mera balance kitna hai").reply
    assert "2.5 GB" in reply and "₹45.50" in reply
    assert "3 minute pehle ki hai" in reply
    validity = agent.turn(session, "validity kab tak hai").reply
    assert "3 minute pehle ki hai" in validity and SYSTEM_ERROR not in validity


@pytest.mark.mysql
def test_payments_come_from_the_cache_while_the_database_is_down(rig: Rig) -> None:
    agent = rig.agent()
    session = agent.start(phone=DEMO_PHONE).session_id
    online = agent.turn(session, "pichhle transactions dikhao").reply
    rig.proxy.down()
    offline = agent.turn(session, "pichhle transactions dikhao").reply
    assert "1 minute se kam pehle ki hai" in offline
    assert MONEY.findall(offline) == MONEY.findall(online) != []


@pytest.mark.mysql
def test_after_five_minutes_or_never_read_the_caller_gets_the_apology(rig: Rig) -> None:
    agent = rig.agent()
    session = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(session, "mera balance kitna hai")
    rig.proxy.down()
    rig.now[0] += 301
    assert SYSTEM_ERROR in agent.turn(session, "mera balance kitna hai").reply
    rig.proxy.up()
    fresh = rig.agent()  # a process that never read this customer
    other = fresh.start(phone=DEMO_PHONE).session_id
    rig.proxy.down()
    assert SYSTEM_ERROR in fresh.turn(other, "mera balance kitna hai").reply


@pytest.mark.mysql
def test_turns_and_a_complaint_taken_while_down_are_written_once_when_it_is_back(
    rig: Rig, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Turns during the outage each tried a drain; the next one may knock again at once.
    monkeypatch.setattr(outbox_module, "RETRY_AFTER_SECONDS", 0.0)
    agent = rig.agent()
    session = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(session, "mera balance kitna hai")
    complaints_before = rig.count(Complaint)
    rig.proxy.down()
    said = ["mera balance kitna hai", "2 din se internet bahut slow chal raha hai", "validity?"]
    replies = [agent.turn(session, line) for line in said]
    complaint = replies[1]
    assert complaint.complaint_id is None
    assert "SMS" in complaint.reply and "ticket number" in complaint.reply
    assert _turns(rig, session) == [DEMO_PHONE, "mera balance kitna hai"]
    assert WriteOutbox(rig.outbox_path).pending() == 4  # three turns and the complaint

    rig.proxy.up()
    agent.turn(session, "dhanyavaad")  # the next turn drains the outbox first, in order
    rig.agent()  # a restart drains again: nothing may be written twice
    assert _turns(rig, session) == [DEMO_PHONE, "mera balance kitna hai", *said, "dhanyavaad"]
    assert rig.count(Complaint) == complaints_before + 1
    with rig.direct.sessions() as db:
        filed = db.scalars(select(Complaint).order_by(Complaint.complaint_id.desc())).first()
        linked = db.get(Conversation, filed.conversation_id) if filed else None
    assert filed is not None and "internet bahut slow" in filed.description
    assert linked is not None and linked.user_input == said[1]
    assert WriteOutbox(rig.outbox_path).pending() == 0


@pytest.mark.mysql
def test_a_drain_cut_after_its_commit_never_writes_the_entry_twice(rig: Rig) -> None:
    agent = rig.agent()
    session = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(session, "mera balance kitna hai")
    rig.proxy.down()
    agent.turn(session, "2 din se internet bahut slow chal raha hai")
    complaints_before = rig.count(Complaint)
    rig.proxy.up()
    clock = [0.0]
    outbox = WriteOutbox(rig.outbox_path, clock=lambda: clock[0])
    # The database commits the complaint and its marker; the reply never reaches helpline.
    # (\x03 is MySQL's COM_QUERY: a bare COMMIT, not the "SET autocommit" of a new connection.)
    rig.proxy.cut_after(b"\x03COMMIT")
    assert outbox.drain(rig.via.sessions, write_entry) == 0
    assert rig.proxy.cuts == 1
    assert rig.count(Complaint) == complaints_before + 1
    assert outbox.pending() == 2
    clock[0] += outbox_module.RETRY_AFTER_SECONDS
    assert outbox.drain(rig.via.sessions, write_entry) == 2
    assert rig.count(Complaint) == complaints_before + 1
    assert rig.count(AuditLog, AuditLog.entity == "outbox") == 2
    assert _turns(rig, session)[-1] == "2 din se internet bahut slow chal raha hai"


@pytest.mark.mysql
def test_a_recharge_while_the_database_is_down_is_refused_and_writes_nothing(rig: Rig) -> None:
    agent = rig.agent()
    session = agent.start(phone=DEMO_PHONE).session_id
    assert "confirm" in agent.turn(session, "199 ka recharge karna hai").reply.lower()
    with rig.direct.sessions() as db:
        user = db.scalars(select(User).where(User.phone == DEMO_PHONE)).one()
        before = (user.balance_mb, user.plan_id, user.plan_expires_at)
    payments = rig.count(Transaction)
    rig.proxy.down()
    reply = agent.turn(session, "haan").reply
    assert "recharge nahi ho paya" in reply and "koi paisa nahi kata" in reply
    rig.proxy.up()
    assert rig.count(Transaction) == payments
    with rig.direct.sessions() as db:
        user = db.scalars(select(User).where(User.phone == DEMO_PHONE)).one()
        assert (user.balance_mb, user.plan_id, user.plan_expires_at) == before


@pytest.mark.mysql
def test_the_plan_list_outlives_the_database(rig: Rig) -> None:
    catalogue = Catalogue(rig.via.sessions, refresh_seconds=0)
    names = catalogue.names()
    rig.proxy.down()
    assert catalogue.names() == names and names


@pytest.mark.redis
def test_a_redis_outage_gets_the_apology_and_the_session_survives(
    seeded: Database, tmp_path: Path
) -> None:
    url = make_url(REDIS_URL.replace("redis://", "mysql://"))  # only host and port are read
    with fault_proxy(url.host or "127.0.0.1", url.port or 6379) as proxy:
        client = Redis.from_url(proxy.url_for(REDIS_URL), socket_timeout=1)
        store = RedisSessionStore(client, ttl_seconds=600, prefix=f"t-{uuid.uuid4().hex}:")
        settings = Settings(
            database_url=str(seeded.engine.url), outbox_path=tmp_path / "outbox.sqlite3"
        )
        agent = build_agent(settings, database=seeded, sessions=store, otp_sender=Outbox())
        session = agent.start(phone=DEMO_PHONE).session_id
        proxy.down()
        assert SYSTEM_ERROR in agent.turn(session, "mera balance kitna hai").reply
        proxy.up()
        back = agent.turn(session, "mera balance kitna hai")
        assert back.verified and "2.5 GB" in back.reply
        client.close()
    with seeded.sessions() as db:
        assert _count_turns(db, session) == 3  # the failed turn is recorded too


def _count_turns(db: Session, session_id: str) -> int:
    return int(
        db.scalar(
            select(func.count())
            .select_from(Conversation)
            .where(Conversation.session_id == session_id)
        )
    )
