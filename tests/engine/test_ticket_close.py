"""A customer whose problem is gone closes the ticket in the chat: it is marked resolved by the
customer (with its history), never filed again as a new problem, and only their own tickets."""

import pytest
from engine_kit import DEMO_PHONE, OTHER_PHONE
from sqlalchemy import select

from helpline.engine import Agent
from helpline.language import get_understander
from helpline.store.complaints import OPEN_STATUSES
from helpline.store.db import Database
from helpline.store.models import Complaint, ComplaintStatusChange, User


def status_of(db: Database, complaint_id: int) -> tuple[str, list[tuple[str, str]]]:
    with db.sessions() as session:
        complaint = session.get(Complaint, complaint_id)
        assert complaint is not None
        history = session.scalars(
            select(ComplaintStatusChange).where(ComplaintStatusChange.complaint_id == complaint_id)
        )
        return complaint.status, [(h.new_status, h.changed_by) for h in history]


def open_tickets(db: Database, user_phone: str) -> int:
    with db.sessions() as session:
        user = session.scalars(select(User).where(User.phone == user_phone)).one()
        return len(
            session.scalars(
                select(Complaint).where(
                    Complaint.user_id == user.user_id, Complaint.status.in_(OPEN_STATUSES)
                )
            ).all()
        )


@pytest.mark.parametrize(
    ("line", "closes", "fixed"),
    [
        ("meri complaint band kar do", True, False),
        ("please close my complaint", True, False),
        ("ab network aa gaya", False, True),
        ("problem solve ho gayi, thanks", False, True),
        ("it is working now", False, True),
        ("ok ab net chal gaya, complaint hata do", True, True),
        ("acha ab net fast ho gaya", False, True),
        ("network chala gaya", False, False),
        ("ab bhi network nahi aa raha", False, False),
        ("kya network theek ho gaya?", False, False),
        ("phir se net band ho gaya", False, False),
        ("complaint karni hai, net band hai", False, False),
    ],
)
def test_a_fixed_problem_or_a_request_to_close_is_told_from_a_complaint(
    line: str, closes: bool, fixed: bool
) -> None:
    cues = get_understander().understand(line).cues
    assert (cues.closes_ticket, cues.problem_fixed) == (closes, fixed)


def test_the_session_ticket_is_resolved_by_the_customer_and_not_filed_again(
    agent: Agent, seeded: Database
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    filed = agent.turn(sid, "2 din se network nahi aa raha").complaint_id
    assert filed is not None
    turn = agent.turn(sid, "ab network aa gaya, complaint band kar do")
    assert turn.complaint_id is None
    assert str(filed) in turn.reply and "resolved" in turn.reply
    status, history = status_of(seeded, filed)
    assert status == "resolved"
    assert history[-1] == ("resolved", "customer")
    again = agent.turn(sid, "meri complaint ka status kya hai").reply
    assert "resolve ho chuki" in again and "tak" not in again  # no due date promised any more
    assert "resolve ho chuki" in agent.turn(sid, f"ticket {filed} band kar do").reply


def test_without_a_ticket_in_the_session_the_open_ones_are_read_back_to_choose(
    agent: Agent, seeded: Database
) -> None:
    first = agent.start(phone=DEMO_PHONE).session_id
    filed = agent.turn(first, "3 din se net bahut slow chal raha hai").complaint_id
    assert filed is not None
    sid = agent.start(phone=DEMO_PHONE).session_id
    before = open_tickets(seeded, DEMO_PHONE)
    turn = agent.turn(sid, "ab internet chal raha hai")
    assert turn.complaint_id is None  # a fixed problem is never a new ticket
    assert str(filed) in turn.reply and "ticket number bataiye" in turn.reply
    assert open_tickets(seeded, DEMO_PHONE) == before
    closed = agent.turn(sid, f"ticket {filed} band kar do")
    assert "resolved" in closed.reply
    assert status_of(seeded, filed)[0] == "resolved"


def test_another_customers_ticket_cannot_be_closed(agent: Agent, seeded: Database) -> None:
    other = agent.start(phone=OTHER_PHONE).session_id
    theirs = agent.turn(other, "sim card kaam nahi kar raha").complaint_id
    assert theirs is not None
    sid = agent.start(phone=DEMO_PHONE).session_id
    reply = agent.turn(sid, f"ticket {theirs} band kar do").reply
    assert "nahi mili" in reply
    assert status_of(seeded, theirs)[0] == "open"


def two_tickets(agent: Agent, sid: str) -> tuple[int, int]:
    """A network ticket and a billing one, filed in the chat `sid`."""
    first = agent.turn(sid, "mera internet bahut slow hai").complaint_id
    second = agent.turn(sid, "aur mere 50 rupaye bhi kat gaye bina wajah").complaint_id
    assert first is not None and second is not None and first != second
    return first, second


def test_it_after_a_ticket_read_by_number_closes_that_ticket(
    agent: Agent, seeded: Database
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    first, second = two_tickets(agent, sid)
    agent.turn(sid, f"ticket {first} ka status batao")
    agent.turn(sid, "usko band kar do ab theek hai")
    assert status_of(seeded, first)[0] == "resolved"
    assert status_of(seeded, second)[0] in OPEN_STATUSES


def test_closing_it_away_from_a_ticket_closes_nothing(agent: Agent, seeded: Database) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    ticket = agent.turn(sid, "mera internet bahut slow hai").complaint_id
    assert ticket is not None
    agent.turn(sid, "caller tune kaise lagaun")
    agent.turn(sid, "isko band kar do")
    assert status_of(seeded, ticket)[0] in OPEN_STATUSES


def test_a_bare_number_answering_which_ticket_closes_that_ticket(
    agent: Agent, seeded: Database
) -> None:
    first, second = two_tickets(agent, agent.start(phone=DEMO_PHONE).session_id)
    other = agent.start(phone=DEMO_PHONE).session_id  # a new chat: no ticket of its own
    which = agent.turn(other, "mujhe mera pichla complaint band karna hai")
    assert str(first) in which.reply and str(second) in which.reply
    agent.turn(other, str(second))
    assert status_of(seeded, second)[0] == "resolved"
    assert status_of(seeded, first)[0] in OPEN_STATUSES


def test_stopping_it_after_a_charge_ticket_does_not_close_the_ticket(
    agent: Agent, seeded: Database
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    ticket = agent.turn(sid, "aapne bina puche caller tune laga di aur 30 rupay kaat liye")
    assert ticket.complaint_id is not None
    agent.turn(sid, "isko band kar do")
    assert status_of(seeded, ticket.complaint_id)[0] in OPEN_STATUSES
