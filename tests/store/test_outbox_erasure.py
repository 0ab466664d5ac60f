"""Erasure in the local outbox: only the customer's entries change, an erasure that fails changes
none, and an outbox a drain will not let go of fails the erasure instead of being skipped."""

import sqlite3
from pathlib import Path

import pytest
from engine_kit import DEMO_PHONE, OTHER_PHONE

from helpline.errors import OutboxBusy
from helpline.store import outbox as outbox_module
from helpline.store.db import Database
from helpline.store.erasure import erase_customer, erased_phone
from helpline.store.outbox import Outbox, QueuedComplaint, QueuedTurn
from helpline.store.retention import ERASED

SESSION = "s-demo"


def turn(phone: str, line: str, session_id: str, name: str | None = None) -> QueuedTurn:
    return QueuedTurn(
        phone=phone,
        customer_name=name,
        user_input=line,
        bot_response=f"Ji {name or 'sir'}",
        sentiment="neutral",
        intent="balance",
        session_id=session_id,
        channel="text",
        timestamp="2026-12-05T10:00:00",
    )


def complaint(user_id: int, phone: str, line: str) -> QueuedComplaint:
    return QueuedComplaint(
        user_id=user_id,
        phone=phone,
        complaint_type="slow_data",
        department="Network",
        priority="MEDIUM",
        description=line,
        entities=[{"kind": "phone", "value": phone, "text": phone}],
        circle="Delhi",
        sentiment="negative",
        report_key="k-1",
    )


@pytest.fixture
def outbox(tmp_path: Path) -> Outbox:
    """The demo customer's session and complaint, a stranger's line giving the number, and
    another customer's turn, waiting."""
    box = Outbox(tmp_path / "outbox.sqlite3")
    box.put_turn(turn("", "mera number 98765-43210 hai", "s-typed"))
    box.put_turn(turn("", "haan ji", SESSION))  # before verification, in their session
    box.put_turn(turn(DEMO_PHONE, "Rahul Sharma bol raha hoon", SESSION, name="Rahul Sharma"))
    box.put_complaint(complaint(1, DEMO_PHONE, "Rahul ka internet slow hai"))
    box.put_turn(turn(OTHER_PHONE, "mera balance batao", "s-other", name="Priya Verma"))
    return box


def payloads(box: Outbox) -> list[dict[str, object]]:
    with box.held() as held:
        return [entry.payload for entry in held.entries()]


def test_only_the_customers_entries_lose_their_personal_fields(
    seeded: Database, outbox: Outbox
) -> None:
    before = payloads(outbox)
    report = erase_customer(seeded.sessions, DEMO_PHONE, actor="dpo.asha", outbox=outbox)

    after = payloads(outbox)
    placeholder = erased_phone(report.user_id)
    assert report.counts["outbox"] == 4
    assert [(p["phone"], p["user_input"], p["customer_name"]) for p in after[:3]] == [
        ("", ERASED, None),
        ("", ERASED, None),
        (placeholder, ERASED, None),
    ]
    assert (after[3]["phone"], after[3]["description"], after[3]["entities"]) == (
        placeholder,
        ERASED,
        [],
    )
    # What the figures count stays: type, priority, the report's key, the turns' sessions.
    assert {k: after[3][k] for k in ("complaint_type", "priority", "report_key", "user_id")} == {
        k: before[3][k] for k in ("complaint_type", "priority", "report_key", "user_id")
    }
    assert [p.get("session_id") for p in after] == [p.get("session_id") for p in before]
    assert after[4] == before[4]
    assert outbox.pending() == 5


def test_an_erasure_that_fails_leaves_the_outbox_as_it_was(
    seeded: Database, outbox: Outbox
) -> None:
    before = payloads(outbox)
    with seeded.engine.begin() as conn:
        conn.exec_driver_sql("DROP TABLE handoffs")  # erasure fails after conversations
    with pytest.raises(Exception, match="handoffs"):
        erase_customer(seeded.sessions, DEMO_PHONE, actor="dpo.asha", outbox=outbox)
    assert payloads(outbox) == before


def test_an_outbox_a_drain_does_not_let_go_of_fails_the_erasure(
    seeded: Database, outbox: Outbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(outbox_module, "HOLD_WAIT_SECONDS", 0.2)
    draining = sqlite3.connect(outbox.path, isolation_level=None)
    draining.execute("BEGIN IMMEDIATE")  # what a drain holds while it writes an entry
    try:
        with pytest.raises(OutboxBusy):
            erase_customer(seeded.sessions, DEMO_PHONE, actor="dpo.asha", outbox=outbox)
    finally:
        draining.execute("ROLLBACK")
        draining.close()
    # Nothing was erased: the erasure can simply be run again.
    report = erase_customer(seeded.sessions, DEMO_PHONE, actor="dpo.asha", outbox=outbox)
    assert report.counts["outbox"] == 4


def test_an_outbox_never_written_is_not_made_by_an_erasure(
    seeded: Database, tmp_path: Path
) -> None:
    box = Outbox(tmp_path / "never.sqlite3")
    report = erase_customer(seeded.sessions, DEMO_PHONE, actor="dpo.asha", outbox=box)
    assert report.counts["outbox"] == 0 and not box.path.exists()
