"""The store queries the engine runs on every turn give what the general ones give."""

import pytest
from sqlalchemy import select

from helpline.errors import CustomerNotFound
from helpline.store.conversations import add_turn, record_turn
from helpline.store.customers import customer_for_turn, get_customer_by_phone
from helpline.store.db import Database
from helpline.store.models import Conversation, User


def test_same_customer_as_the_orm_query_for_every_seeded_customer(seeded: Database) -> None:
    with seeded.sessions() as session:
        phones = list(session.scalars(select(User.phone)))
        assert phones
        for phone in phones:
            assert customer_for_turn(session, phone) == get_customer_by_phone(session, phone)


def test_unknown_phone_is_not_found(seeded: Database) -> None:
    with seeded.sessions() as session, pytest.raises(CustomerNotFound):
        customer_for_turn(session, "9000000001")


def test_add_turn_writes_the_row_record_turn_writes(seeded: Database) -> None:
    fields = {
        "phone": "9876543210",
        "customer_name": "Rahul Sharma",
        "user_input": "mera balance",
        "bot_response": "2.5 GB",
        "sentiment": "neutral",
        "intent": "balance",
        "session_id": "s-eq",
        "channel": "voice",
    }
    first = record_turn(seeded.sessions, **fields)
    second = add_turn(seeded.sessions, **fields)
    assert second == first + 1
    with seeded.sessions() as session:
        rows = [session.get(Conversation, i) for i in (first, second)]
    columns = [*fields, "timestamp"]
    a, b = ({c: getattr(r, c) for c in columns} for r in rows if r is not None)
    assert abs((a.pop("timestamp") - b.pop("timestamp")).total_seconds()) < 5
    assert a == b
