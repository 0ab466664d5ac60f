"""A NUL byte or other control character in what a customer typed never stops it being stored."""

import pytest
from sqlalchemy import select

from helpline.store import seed as seeding
from helpline.store.complaints import file_complaint
from helpline.store.conversations import add_turn, create_handoff, record_turn
from helpline.store.models import Complaint, Conversation, Handoff

HOSTILE = "net\x00 nahi chal raha\x07\x1b[31m\r\nteen din se\tbhai"
KEPT = "net nahi chal raha[31m\nteen din se\tbhai"


@pytest.fixture
def seeded(database):
    seeding.seed(database.engine, customers=2, complaints_per_customer=0)
    return database


def test_a_complaint_with_control_characters_is_filed_clean(seeded) -> None:
    ticket, created = file_complaint(
        seeded.sessions,
        user_id=None,
        phone="9876543210",
        complaint_type="slow_data",
        department="Network",
        priority="MEDIUM",
        description=HOSTILE,
        entities=[{"kind": "days", "value": 3, "text": "teen\x00 din"}],
    )
    assert created
    with seeded.sessions() as session:
        row = session.get(Complaint, ticket.complaint_id)
        assert row is not None
        assert row.description == KEPT
        assert row.entities == [{"kind": "days", "value": 3, "text": "teen din"}]


def test_a_turn_and_a_handoff_with_control_characters_are_stored_clean(seeded) -> None:
    for store in (add_turn, record_turn):
        store(
            seeded.sessions,
            phone="9876543210",
            customer_name="Rahul\x00 Sharma",
            user_input=HOSTILE,
            bot_response="Ji",
            sentiment="neutral",
            intent="network_issue",
            session_id="s1",
        )
    handoff_id = create_handoff(
        seeded.sessions,
        user_id=None,
        phone="9876543210",
        session_id="s1",
        reason="customer_asked",
        transcript=[{"customer": HOSTILE, "agent": "Ji"}],
    )
    with seeded.sessions() as session:
        turns = session.scalars(select(Conversation).where(Conversation.session_id == "s1")).all()
        assert [t.user_input for t in turns] == [KEPT, KEPT]
        assert {t.customer_name for t in turns} == {"Rahul Sharma"}
        handoff = session.get(Handoff, handoff_id)
        assert handoff is not None and handoff.transcript == [{"customer": KEPT, "agent": "Ji"}]
