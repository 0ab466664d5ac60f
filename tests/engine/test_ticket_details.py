"""Lines after a ticket: how much money was taken, what was already tried, how urgent it is, a
request to block the lost SIM. Each lands on the ticket open, never a second one; and how a
recharge is paid is answered without dropping the recharge waiting for a yes."""

from engine_kit import DEMO_PHONE
from sqlalchemy import func, select

from helpline.engine import Agent
from helpline.store.db import Database
from helpline.store.models import Complaint, Transaction


def _tickets(db: Database) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(Complaint)) or 0


def _payments(db: Database) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(Transaction)) or 0


def test_the_amount_of_a_failed_recharge_joins_its_ticket(agent: Agent, seeded: Database) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    first = agent.turn(sid, "recharge fail ho gaya par paise kat gaye")
    assert first.complaint_id is not None
    before = _tickets(seeded)
    detail = agent.turn(sid, "150 rupay kate the")
    assert detail.complaint_id == first.complaint_id
    assert str(first.complaint_id) in detail.reply
    assert _tickets(seeded) == before


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
    before = _payments(seeded)
    asked = agent.turn(sid, "ye UPI se karna padega kya")
    assert "UPI PIN" in asked.reply and "confirm" in asked.reply.lower()
    assert _payments(seeded) == before
    agent.turn(sid, "haan kar do")
    assert _payments(seeded) == before + 1


def test_what_was_already_tried_joins_the_open_ticket(agent: Agent, seeded: Database) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    ticket = agent.turn(sid, "My internet has not been working since morning.").complaint_id
    assert ticket is not None
    before = _tickets(seeded)
    tried = agent.turn(sid, "I have already restarted my phone twice.")
    assert tried.complaint_id == ticket and str(ticket) in tried.reply
    assert _tickets(seeded) == before


def test_how_urgent_it_is_joins_the_open_ticket(agent: Agent, seeded: Database) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    ticket = agent.turn(sid, "yaar kal se call nahi lag rahi kisi ko bhi").complaint_id
    assert ticket is not None
    urgent = agent.turn(sid, "ye bahut zaroori hai mera kaam ruka hua hai")
    assert urgent.complaint_id == ticket


def test_a_recharge_not_delivered_is_filed_though_it_reads_as_a_history_ask(
    agent: Agent, seeded: Database
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    turn = agent.turn(sid, "recharge kiya tha 1 ghanta pehle abhi tak nahi aaya")
    assert turn.complaint_id is not None
    with seeded.sessions() as session:
        complaint = session.get(Complaint, turn.complaint_id)
        assert complaint is not None and complaint.complaint_type == "recharge_failed"


def test_blocking_the_lost_sim_is_the_lost_sim_ticket(agent: Agent, seeded: Database) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    lost = agent.turn(sid, "mera phone chori ho gaya kal raat").complaint_id
    assert lost is not None
    before = _tickets(seeded)
    block = agent.turn(sid, "haan sim block karwana hai turant")
    assert block.complaint_id == lost
    assert _tickets(seeded) == before


def test_how_long_and_compensation_after_a_ticket_are_about_that_ticket(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    line = "I am facing call drop issue since last week in my office. Kindly resolve asap."
    ticket = agent.turn(sid, line).complaint_id
    assert ticket is not None
    for question in ("How many days will it take?", "Can I get any compensation for this?"):
        answer = agent.turn(sid, question)
        assert str(ticket) in answer.reply and answer.complaint_id is None
