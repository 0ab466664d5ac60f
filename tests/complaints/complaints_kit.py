"""A small fixed data set whose KPIs are worked out by hand in test_kpis.py, and shared helpers."""

import os
from datetime import datetime, timedelta

import pytest
from sqlalchemy import insert, text

from helpline.store.db import Database
from helpline.store.kpi_summary import rebuild_kpi_summary
from helpline.store.models import Complaint, Conversation, Handoff

NOW = datetime(2026, 11, 25, 12, 0, 0)
REDIS_URL = os.environ.get("HELPLINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(what: str, reason: str) -> None:
    """Skip outside CI; fail in CI, where every integration test must run."""
    message = f"{what} is not reachable ({reason})"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def ago(days: float) -> datetime:
    return NOW - timedelta(days=days)


# (id, type, department, priority, status, created, hours to resolve, phone, reports, sentiment,
#  conversation)
COMPLAINTS = [
    (1, "no_network", "Network", "HIGH", "resolved", ago(5), 10, "9000000001", 1, "negative", 2),
    (2, "no_network", "Network", "HIGH", "closed", ago(4), 30, "9000000002", 2, "negative", None),
    (3, "slow_data", "Network", "MEDIUM", "resolved", ago(3), 50, "9000000001", 1, "neutral", None),
    (4, "slow_data", "Network", "MEDIUM", "open", ago(4), None, "9000000003", 1, "negative", None),
    (
        5,
        "wrong_charge",
        "Billing",
        "LOW",
        "in_progress",
        ago(1),
        None,
        "9000000001",
        1,
        "neutral",
        None,
    ),
    (6, "wrong_charge", "Billing", "LOW", "closed", ago(10), 200, "9000000004", 1, None, None),
    (
        7,
        "recharge_failed",
        "Payments",
        "HIGH",
        "open",
        ago(2),
        None,
        "9000000004",
        1,
        "negative",
        6,
    ),
    (
        8,
        "recharge_failed",
        "Payments",
        "HIGH",
        "resolved",
        ago(2),
        2,
        "9000000005",
        1,
        "positive",
        None,
    ),
]
SLA = {"HIGH": 24, "MEDIUM": 72, "LOW": 168}
# (id, session, sentiment, days ago)
CONVERSATIONS = [
    (1, "s1", "neutral", 1.5),
    (2, "s1", "negative", 1.5),
    (3, "s2", "neutral", 1.0),
    (4, "s3", "negative", 0.5),
    (5, "s4", "positive", 0.5),
    (6, "s5", "negative", 0.2),
]
HANDOFF_SESSIONS = ["s3", "s5"]


def insert_fixed(database: Database, *, summary: bool = True) -> None:
    """Six conversations in five sessions, eight complaints, two handoffs.

    A bulk load, like the seed: the KPI summary is recounted afterwards unless `summary=False`,
    which leaves it behind so that the KPIs count the complaints themselves.
    """
    with database.engine.begin() as conn:
        conn.execute(
            insert(Conversation),
            [
                {
                    "id": cid,
                    "phone": "9000000001",
                    "user_input": "kuch",
                    "bot_response": "ji",
                    "timestamp": ago(days),
                    "sentiment": sentiment,
                    "session_id": session,
                    "channel": "text",
                }
                for cid, session, sentiment, days in CONVERSATIONS
            ],
        )
        rows = []
        for cid, kind, dept, prio, status, created, hours, phone, reports, mood, conv in COMPLAINTS:
            rows.append(
                {
                    "complaint_id": cid,
                    "conversation_id": conv,
                    "complaint_type": kind,
                    "department": dept,
                    "priority": prio,
                    "description": f"{kind} ki shikayat",
                    "status": status,
                    "created_at": created,
                    "resolved_at": None if hours is None else created + timedelta(hours=hours),
                    "entities": [],
                    "phone": phone,
                    "sentiment": mood,
                    "updated_at": created,
                    "due_at": created + timedelta(hours=SLA[prio]),
                    "report_count": reports,
                }
            )
        conn.execute(insert(Complaint), rows)
        conn.execute(
            insert(Handoff),
            [
                {
                    "session_id": s,
                    "reason": "asked for a person",
                    "transcript": [],
                    "created_at": NOW - timedelta(hours=3),
                }
                for s in HANDOFF_SESSIONS
            ],
        )
        if conn.dialect.name == "postgresql":
            # The ids above were given: move the sequences past them for later inserts.
            for table, key in (("conversations", "id"), ("complaints", "complaint_id")):
                conn.execute(
                    text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', '{key}'), "
                        f"(SELECT MAX({key}) FROM {table}) + 1, false)"
                    )
                )
        if summary:
            rebuild_kpi_summary(conn)
