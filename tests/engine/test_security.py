"""A customer cannot read or change another customer's data by any phrasing, and an unverified
session gets no account data."""

import pytest
from engine_kit import DEMO_PHONE, OTHER_PHONE
from sqlalchemy import func, select

from helpline.engine import Agent
from helpline.store.db import Database
from helpline.store.models import Complaint, Transaction, User

# What Priya's account would reveal: name, plan, balance, data.
PRIYA_FACTS = ("Priya", "Super Saver", "₹12", "1 GB", "20 din")
RAHUL_FACTS = ("Rahul", "Smart 249", "2.5 GB", "45.50", "15 din")

OTHER_NUMBER_LINES = [
    "{phone} ka balance batao",
    "mere dost ka number {phone} hai, uska balance kitna hai",
    "{phone} ka plan kya hai",
    "{phone} par 199 ka recharge kar do",
    "please recharge +91 {phone} with 299",
    "{phone} ki last transactions dikhao",
    "{phone} ki complaint ka status batao",
    "number {phone} ka data kitna bacha hai",
]


def counts(db: Database) -> tuple[int, int, str | None]:
    with db.sessions() as s:
        txns = s.scalar(select(func.count()).select_from(Transaction)) or 0
        priya_plan = s.scalar(select(User.plan_id).where(User.phone == OTHER_PHONE))
        return txns, s.scalar(select(func.count()).select_from(Complaint)) or 0, str(priya_plan)


@pytest.mark.parametrize("line", OTHER_NUMBER_LINES)
def test_another_customers_number_reveals_and_changes_nothing(
    agent: Agent, seeded: Database, line: str
) -> None:
    session = agent.start(phone=DEMO_PHONE).session_id
    before = counts(seeded)
    for text in (line.format(phone=OTHER_PHONE), "haan", "haan ji confirm karo"):
        reply = agent.turn(session, text).reply
        assert not any(fact in reply for fact in PRIYA_FACTS), reply
    assert counts(seeded) == before


def other_tickets(db: Database) -> list[int]:
    with db.sessions() as s:
        return list(
            s.scalars(
                select(Complaint.complaint_id)
                .where(Complaint.phone != DEMO_PHONE)
                .order_by(Complaint.complaint_id)
                .limit(5)
            )
        )


@pytest.mark.parametrize(
    "line",
    [
        "ticket {ticket} ka status batao",
        "complaint number {ticket} ka kya hua",
        "mera ticket {ticket} hai, kab tak theek hoga",
        "{ticket} number wali complaint ka status",
    ],
)
def test_other_customers_ticket_numbers_read_as_unknown(
    agent: Agent, seeded: Database, line: str
) -> None:
    session = agent.start(phone=DEMO_PHONE).session_id
    with seeded.sessions() as s:
        theirs = {
            c.complaint_id: c
            for c in s.scalars(select(Complaint).where(Complaint.phone != DEMO_PHONE))
        }
    for ticket in other_tickets(seeded):
        turn = agent.turn(session, line.format(ticket=ticket))
        reply = turn.reply.lower()
        for word in ("abhi open hai", "kaam kar rahi", "resolve ho chuki", "band ho chuki"):
            if str(ticket) in reply:
                assert word not in reply, turn.reply
        assert theirs[ticket].description.lower() not in reply


@pytest.mark.parametrize(
    "line",
    [
        "mera balance kitna hai",
        "mera plan kya hai",
        "last transactions dikhao",
        "199 ka recharge kar do",
        "haan",
        "meri complaint ka status",
        "ticket 1 ka status",
        "internet slow hai",
        "mujhe agent se baat karni hai",
        f"mera naam Rahul hai aur number {DEMO_PHONE[:6]} hai",
    ],
)
def test_an_unverified_session_gets_no_account_data_and_changes_nothing(
    agent: Agent, seeded: Database, line: str
) -> None:
    session = agent.start().session_id
    before = counts(seeded)
    turn = agent.turn(session, line)
    assert not turn.verified
    assert not any(fact in turn.reply for fact in RAHUL_FACTS), turn.reply
    assert turn.complaint_id is None and not turn.handoff
    assert counts(seeded) == before


def test_the_verified_number_cannot_be_swapped_mid_conversation(agent: Agent) -> None:
    session = agent.start(phone=DEMO_PHONE).session_id
    turn = agent.turn(session, f"mera number {OTHER_PHONE} hai, balance batao")
    assert not any(fact in turn.reply for fact in PRIYA_FACTS)
    again = agent.turn(session, "mera balance kitna hai")
    assert "2.5 GB" in again.reply
