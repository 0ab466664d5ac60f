"""Erasure of the demo customer (9876543210, Rahul Sharma) on every database: no trace in any
table, in Redis, in the local outbox or in the logs, the same KPIs, and one audit row; and the
retention job."""

import logging
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from engine_kit import DEMO_PHONE, OTHER_PHONE, REDIS_URL, Outbox, agent_factory
from fault_proxy import fault_proxy
from redis import Redis
from sqlalchemy import JSON, String, func, inspect, select, text
from sqlalchemy.engine import make_url

from helpline.app import Helpline
from helpline.complaints.brief import summarize
from helpline.complaints.cache import RedisCache
from helpline.complaints.filters import ComplaintFilter
from helpline.complaints.kpis import Kpis, compute_kpis
from helpline.config import Settings
from helpline.engine.session_store import RedisSessionStore
from helpline.errors import CustomerNotFound, InvalidPhone
from helpline.logs import configure_logging
from helpline.store import outbox as outbox_module
from helpline.store import retention, seed
from helpline.store.clock import utcnow
from helpline.store.complaints import change_status
from helpline.store.db import Database, transaction
from helpline.store.erasure import erase_customer, erased_phone
from helpline.store.models import (
    AuditLog,
    Complaint,
    Conversation,
    Handoff,
    RateCounter,
    Transaction,
    User,
)
from helpline.store.outbox import Outbox as WriteOutbox
from helpline.store.retention import anonymise_conversations_before

NAME = "Rahul Sharma"  # no other seeded customer is called Rahul: the first name is checked too
# The number however it is written: 9876543210, 98765 43210, +91-98765-43210, (98765) 43210 ...
PHONE_ANYHOW = re.compile(
    r"9\D{0,2}8\D{0,2}7\D{0,2}6\D{0,2}5\D{0,2}4\D{0,2}3\D{0,2}2\D{0,2}1\D{0,2}0"
)
FIRST_NAME = re.compile(r"\bRahul\b", re.IGNORECASE)
NOW = datetime(2030, 1, 1)  # after every seeded and live ticket: decides which ones breach


def quotes(value: str) -> bool:
    return bool(PHONE_ANYHOW.search(value) or FIRST_NAME.search(value))


@pytest.fixture
def demo(database: Database) -> Database:
    """The demo operator on each backend."""
    seed.seed(database.engine, customers=12, random_seed=7)
    return database


@pytest.fixture
def helpline_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Everything helpline logs at DEBUG, as its own formatter writes it."""
    logger = logging.getLogger("helpline")
    saved = (logger.handlers[:], logger.level, logger.propagate)
    configure_logging("DEBUG")
    caplog.handler.setFormatter(logger.handlers[0].formatter)
    logger.addHandler(caplog.handler)
    yield caplog
    logger.handlers[:], logger.level, logger.propagate = saved


def traces(database: Database) -> list[str]:
    """Every string and JSON value of every table that quotes the customer, as table.column."""
    found, scanned = [], set()
    with database.engine.connect() as conn:
        inspector, name = inspect(conn), conn.dialect.identifier_preparer.quote
        for table in inspector.get_table_names():
            for column in inspector.get_columns(table):
                if not isinstance(column["type"], String | JSON):
                    continue
                where = f"{table}.{column['name']}"
                scanned.add(where)
                sql = f"SELECT {name(column['name'])} FROM {name(table)}"
                found += [f"{where}: {v}" for v in conn.scalars(text(sql)) if quotes(str(v))]
    assert {"conversations.user_input", "handoffs.transcript", "audit_log.details"} <= scanned
    return found


def redis_traces(client: Redis, prefix: str) -> list[str]:
    found = []
    for key in client.scan_iter(f"{prefix}*"):
        value = client.get(key) or b""
        if quotes(key.decode()) or quotes(value.decode()):
            found.append(f"{key.decode()}: {value.decode()[:80]}")
    return found


def outbox_traces(path: Path) -> list[str]:
    """Every file of the outbox (its journal too), read as bytes: what quotes the customer."""
    found = []
    for file in path.parent.glob(f"{path.name}*"):
        content = file.read_bytes().decode("utf-8", errors="replace")
        found += [f"{file.name}: {m.group()}" for m in PHONE_ANYHOW.finditer(content)]
        found += [f"{file.name}: {m.group()}" for m in FIRST_NAME.finditer(content)]
    return found


def kpis(database: Database) -> Kpis:
    return compute_kpis(database, ComplaintFilter(), now=NOW)


def live_conversation(database: Database, sessions: RedisSessionStore) -> None:
    """The customer verifies with a code, recharges, complains quoting their name and number,
    asks for a human; another call gives the number and a wrong code."""
    outbox = Outbox()
    agent = agent_factory(database, outbox)(sessions=sessions, otp="on")
    session = agent.start().session_id
    agent.turn(session, "mera number +91 98765 43210 hai")
    assert agent.turn(session, outbox.last_code).verified
    agent.turn(session, "199 ka recharge karna hai")
    agent.turn(session, "haan")
    filed = agent.turn(
        session, f"main {NAME} bol raha hoon, 98765-43210 pe 2 din se internet bahut slow hai"
    )
    assert filed.complaint_id is not None
    assert agent.turn(session, "mujhe kisi customer care executive se baat karni hai").handoff
    other = agent.start().session_id
    agent.turn(other, DEMO_PHONE)
    agent.turn(other, "000000")  # a wrong code: a failure counter of the number


def staff_notes(database: Database) -> None:
    """An agent's note quoting the customer, and a counter keyed by the number."""
    with database.sessions() as db:
        ticket = db.scalars(select(Complaint.complaint_id).where(Complaint.phone == DEMO_PHONE))
        first = ticket.first()
    assert first is not None
    change_status(
        database.sessions, first, "closed", changed_by="ops.neha", note=f"{NAME} ko call kiya"
    )
    with transaction(database.sessions) as db:
        db.merge(RateCounter(key=f"otp-send:{DEMO_PHONE}", count=1, window_ends_at=utcnow()))


@pytest.mark.redis
def test_erasure_leaves_no_trace_in_any_table_redis_key_or_log_line_and_the_same_kpis(
    demo: Database, redis_space: tuple[Redis, str], helpline_log: pytest.LogCaptureFixture
) -> None:
    redis_client, prefix = redis_space
    sessions = RedisSessionStore(redis_client, ttl_seconds=600, prefix=prefix)
    cache = RedisCache(url=REDIS_URL, namespace=prefix)
    live_conversation(demo, sessions)
    staff_notes(demo)
    summarize(demo, settings=Settings(llm="template"), cache=cache, now=NOW)
    assert traces(demo) and redis_traces(redis_client, prefix)  # the checks can see them
    before = kpis(demo)

    assert sessions.forget_phone(DEMO_PHONE) == 2
    cache.clear()
    report = erase_customer(demo.sessions, "+91 98765 43210", actor="dpo.asha")

    assert traces(demo) == []
    assert redis_traces(redis_client, prefix) == []
    assert kpis(demo) == before
    assert not PHONE_ANYHOW.search(helpline_log.text) and NAME not in helpline_log.text
    assert report.counts["conversations"] >= 12 and report.counts["handoffs"] == 1
    # the seeded counter, and those the code checks of the conversation wrote
    assert report.counts["rate_counters"] >= 1 and report.counts["users"] == 1
    with demo.sessions() as db:
        audit = db.scalars(select(AuditLog).where(AuditLog.action == "erase_personal_data")).one()
        user = db.get(User, report.user_id)
    assert (audit.actor, audit.entity, audit.entity_id) == ("dpo.asha", "user", str(user.user_id))
    assert audit.details["counts"] == dict(report.counts)
    assert (user.status, user.gender, user.circle) == ("erased", None, "Delhi")


def test_erasure_keeps_the_books_and_other_customers(demo: Database) -> None:
    def rows(db: Any, phone: str) -> tuple[Any, ...]:
        convs = db.execute(
            select(Conversation.user_input, Conversation.customer_name, Conversation.phone)
            .where(Conversation.phone == phone)
            .order_by(Conversation.id)
        ).all()
        tickets = db.execute(
            select(Complaint.description, Complaint.phone).where(Complaint.phone == phone)
        ).all()
        return convs, tickets

    with demo.sessions() as db:
        others = rows(db, OTHER_PHONE)
        books = db.execute(
            select(Transaction.txn_id, Transaction.amount, Transaction.txn_date)
            .where(Transaction.user_id == 1)
            .order_by(Transaction.txn_id)
        ).all()
    erase_customer(demo.sessions, DEMO_PHONE, actor="dpo.asha")
    with demo.sessions() as db:
        assert rows(db, OTHER_PHONE) == others and others[0]
        assert rows(db, DEMO_PHONE) == ([], [])
        assert (
            db.execute(
                select(Transaction.txn_id, Transaction.amount, Transaction.txn_date)
                .where(Transaction.user_id == 1)
                .order_by(Transaction.txn_id)
            ).all()
            == books
        )


def test_erasing_twice_finds_no_customer_the_second_time(demo: Database) -> None:
    erase_customer(demo.sessions, DEMO_PHONE, actor="dpo.asha")
    with pytest.raises(CustomerNotFound):
        erase_customer(demo.sessions, DEMO_PHONE, actor="dpo.asha")
    with demo.sessions() as db:
        erasures = db.scalars(select(AuditLog).where(AuditLog.action == "erase_personal_data"))
        assert len(erasures.all()) == 1


@pytest.mark.parametrize("number", ["12345", "5876543210", "98765abcde", ""])
def test_a_malformed_number_is_refused(sqlite_database: Database, number: str) -> None:
    with pytest.raises(InvalidPhone):
        erase_customer(sqlite_database.sessions, number, actor="dpo.asha")


def test_an_unknown_number_is_refused(demo: Database) -> None:
    with pytest.raises(CustomerNotFound):
        erase_customer(demo.sessions, "9000000001", actor="dpo.asha")


def test_a_failure_midway_erases_nothing(sqlite_database: Database) -> None:
    seed.seed(sqlite_database.engine, customers=12, random_seed=7)
    with sqlite_database.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE handoffs")  # erasure fails after conversations
    with sqlite_database.sessions() as db:
        before = db.scalars(select(Conversation.user_input).order_by(Conversation.id)).all()
    with pytest.raises(Exception, match="handoffs"):
        erase_customer(sqlite_database.sessions, DEMO_PHONE, actor="dpo.asha")
    with sqlite_database.sessions() as db:
        assert db.scalars(select(Conversation.user_input).order_by(Conversation.id)).all() == before
        assert db.scalars(select(User.name).where(User.phone == DEMO_PHONE)).one() == NAME


def _handoff(database: Database, at: datetime, reason: str) -> None:
    with transaction(database.sessions) as db:
        transcript = [{"at": at.isoformat(), "customer": DEMO_PHONE, "agent": "Rahul ji"}]
        db.add(Handoff(phone=DEMO_PHONE, reason=reason, transcript=transcript, created_at=at))


def test_retention_strips_old_conversations_keeps_new_ones_and_the_kpis(
    demo: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(retention, "BATCH", 7)  # several batches over the seeded turns
    with demo.sessions() as db:
        times = sorted(db.scalars(select(Conversation.timestamp)))
    cutoff = times[len(times) // 2]
    _handoff(demo, cutoff - timedelta(days=1), f"{NAME} bahut gussa hai")
    _handoff(demo, cutoff + timedelta(days=1), "customer_asked")
    before = kpis(demo)

    changed = anonymise_conversations_before(demo.sessions, cutoff, actor="retention")

    assert changed == len(times) // 2 + 1
    assert kpis(demo) == before
    with demo.sessions() as db:
        rows = db.execute(select(Conversation).order_by(Conversation.timestamp)).scalars().all()
        handoffs = db.scalars(select(Handoff).order_by(Handoff.created_at)).all()
        audit = db.scalars(select(AuditLog).where(AuditLog.actor == "retention")).one()
    old, new = [r for r in rows if r.timestamp < cutoff], [r for r in rows if r.timestamp >= cutoff]
    assert {(r.user_input, r.bot_response, r.customer_name, r.phone) for r in old} == {
        ("[erased]", "[erased]", None, "")
    }
    assert all(r.intent and r.sentiment and r.session_id and r.channel for r in old)
    assert all(r.user_input != "[erased]" and r.customer_name for r in new)
    assert (handoffs[0].phone, handoffs[0].reason) == (None, "[erased]")
    assert not quotes(str(handoffs[0].transcript))
    assert (handoffs[1].phone, handoffs[1].reason) == (DEMO_PHONE, "customer_asked")
    assert audit.details == {
        "cutoff": cutoff.isoformat(timespec="seconds"),
        "conversations": len(times) // 2,
        "handoffs": 1,
    }
    assert anonymise_conversations_before(demo.sessions, cutoff, actor="retention") == 0


SERVERS = [
    pytest.param("mysql", marks=pytest.mark.mysql),
    pytest.param("postgres", marks=pytest.mark.postgres),
]


def reports(database: Database, phone: str) -> int:
    """Complaint reports of the customer who had this number (counted by user id)."""
    with database.sessions() as db:
        user_id = db.scalars(select(User.user_id).where(User.phone == phone)).one()
        total = select(func.sum(Complaint.report_count)).where(Complaint.user_id == user_id)
        return int(db.scalar(total) or 0)


@pytest.mark.parametrize("db_url", SERVERS, indirect=True)
def test_erasure_anonymises_what_waits_in_the_outbox_and_its_drain_writes_nothing_of_them(
    db_url: str,
    demo: Database,
    tmp_path: Path,
    helpline_log: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(outbox_module, "RETRY_AFTER_SECONDS", 0.0)
    path = tmp_path / "outbox.sqlite3"
    url = make_url(db_url)
    with fault_proxy(url.host or "127.0.0.1", url.port or 0) as proxy:
        app = Helpline(
            Settings(
                database_url=proxy.url_for(db_url),
                outbox_path=path,
                redis_url=None,
                otp="off",
                llm="template",
            )
        )
        agent = app.context.agent()
        session = agent.start(phone=DEMO_PHONE).session_id
        agent.turn(session, "mera balance kitna hai")
        before = reports(demo, DEMO_PHONE)
        proxy.down()  # what follows waits in the outbox
        said = f"main {NAME} bol raha hoon, 98765-43210 pe 2 din se internet bahut slow hai"
        assert agent.turn(session, said).complaint_id is None
        typed = agent.start().session_id  # a caller who gives the number, unverified
        agent.turn(typed, "mera number 98765 43210 hai")
        other = agent.start().session_id
        agent.turn(other, OTHER_PHONE)
        proxy.up()
        waiting = WriteOutbox(path).pending()
        assert waiting >= 4 and outbox_traces(path)  # the check can see them

        receipt = app.privacy.erase("+91 98765 43210", actor="dpo.asha")

        # The complaint, the turn that filed it and the line giving the number, nothing else.
        assert receipt.rows["outbox"] == 3
        assert outbox_traces(path) == []
        assert agent.drain_outbox() == waiting
        app.close()
    assert WriteOutbox(path).pending() == 0
    assert traces(demo) == []
    assert not PHONE_ANYHOW.search(helpline_log.text) and NAME not in helpline_log.text
    # The complaint still counts, as the customer's erased tickets do; others are untouched.
    with demo.sessions() as db:
        assert OTHER_PHONE in db.scalars(select(Conversation.user_input))
    assert reports(demo, erased_phone(receipt.user_id)) == before + 1
