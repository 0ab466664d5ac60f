"""SMS and one-time codes after login: a code is never told in the chat, and codes that do not
arrive are a Network ticket of their own."""

from engine_kit import DEMO_PHONE
from sqlalchemy import select

from helpline.engine import Agent
from helpline.store.db import Database
from helpline.store.models import Complaint


def test_asking_for_a_code_is_told_it_only_comes_by_sms(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    reply = agent.turn(sid, "mera otp kya hai").reply
    assert "SMS" in reply and "kabhi nahi" in reply


def test_codes_that_never_arrive_are_filed_as_such(agent: Agent, seeded: Database) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    turn = agent.turn(sid, "bank ka otp nahi aata 2 din se")
    assert turn.complaint_id is not None
    with seeded.sessions() as session:
        complaint = session.scalar(
            select(Complaint).where(Complaint.complaint_id == turn.complaint_id)
        )
    assert complaint is not None
    assert complaint.complaint_type == "sms_not_received" and complaint.department == "Network"


def test_sms_left_is_answered_from_the_plan_held(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    reply = agent.turn(sid, "sms kitne bache hai").reply
    assert "Smart 249" in reply and "100 SMS" in reply
