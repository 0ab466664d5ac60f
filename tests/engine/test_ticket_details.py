"""Lines after a ticket: how much money was taken, what was already tried, how urgent it is, a
request to block the lost SIM. Each lands on the ticket open, never a second one; and how a
recharge is paid is answered without dropping the recharge waiting for a yes."""

import pytest
from engine_kit import DEMO_PHONE, filed_as, payment_count, ticket_count

from helpline.engine import Agent
from helpline.store.db import Database


@pytest.mark.parametrize(
    ("problem", "detail"),
    [
        ("recharge fail ho gaya par paise kat gaye", "150 rupay kate the"),
        ("My internet has not been working since morning.", "I have already restarted my phone."),
        (
            "yaar kal se call nahi lag rahi kisi ko bhi",
            "ye bahut zaroori hai mera kaam ruka hua hai",
        ),
        ("mera phone chori ho gaya kal raat", "haan sim block karwana hai turant"),
        ("kal raat se signal hi nahi hai, emergency call bhi nahi lag rahi", "jaldi karo please"),
    ],
)
def test_a_detail_joins_the_open_ticket(
    agent: Agent, seeded: Database, problem: str, detail: str
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    ticket = agent.turn(sid, problem).complaint_id
    assert ticket is not None
    before = ticket_count(seeded)
    joined = agent.turn(sid, detail)
    assert joined.complaint_id == ticket and str(ticket) in joined.reply
    assert ticket_count(seeded) == before


def test_an_amount_after_a_network_ticket_is_a_problem_of_its_own(
    agent: Agent, seeded: Database
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    network = agent.turn(sid, "3 din se network nahi hai")
    money = agent.turn(sid, "aur mere 50 rupaye bhi kat gaye bina wajah")
    assert network.complaint_id is not None and money.complaint_id is not None
    assert money.complaint_id != network.complaint_id


def test_asking_how_to_pay_keeps_the_recharge_waiting(agent: Agent, seeded: Database) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    offer = agent.turn(sid, "299 wala recharge kar do")
    assert "confirm" in offer.reply.lower()
    before = payment_count(seeded)
    asked = agent.turn(sid, "ye UPI se karna padega kya")
    assert "UPI PIN" in asked.reply and "confirm" in asked.reply.lower()
    assert payment_count(seeded) == before
    agent.turn(sid, "haan kar do")
    assert payment_count(seeded) == before + 1


def test_a_recharge_not_delivered_is_filed_though_it_reads_as_a_history_ask(
    agent: Agent, seeded: Database
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    turn = agent.turn(sid, "recharge kiya tha 1 ghanta pehle abhi tak nahi aaya")
    assert turn.complaint_id is not None
    assert filed_as(seeded, turn.complaint_id)[0] == "recharge_failed"


def test_how_long_and_compensation_after_a_ticket_are_about_that_ticket(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    line = "I am facing call drop issue since last week in my office. Kindly resolve asap."
    ticket = agent.turn(sid, line).complaint_id
    assert ticket is not None
    questions = ("How many days will it take?", "Can I get any compensation for this?")
    for question in (*questions, "kitne din me"):
        answer = agent.turn(sid, question)
        assert str(ticket) in answer.reply and answer.complaint_id is None


def test_status_after_the_ticket_list_reads_the_tickets_again(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    ticket = agent.turn(sid, "mera internet bahut slow hai").complaint_id
    listed = agent.start(phone=DEMO_PHONE).session_id  # a new chat, no ticket of its own
    first = agent.turn(listed, "maine kal complaint ki thi")
    again = agent.turn(listed, "kya status hai")
    assert again.intent == "complaint_status"
    assert f"ticket {ticket}" in first.reply and f"ticket {ticket}" in again.reply
