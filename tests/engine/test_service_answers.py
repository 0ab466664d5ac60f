"""Requests the agent does not carry out itself are told how, from the operator's answers,
and never start a recharge or a ticket."""

from engine_kit import DEMO_PHONE

from helpline.engine import Agent
from helpline.store.db import Database
from helpline.store.models import Complaint


def test_closing_the_number_and_reminders_are_told_how(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    closing = agent.turn(sid, "mujhe apna number band karwana hai")
    assert "store" in closing.reply and closing.complaint_id is None
    reminder = agent.turn(sid, "mujhe recharge yaad dila dena")
    assert "Autopay" in reminder.reply and "Confirm" not in reminder.reply


def test_an_app_that_will_not_work_is_a_customer_service_ticket(
    agent: Agent, seeded: Database
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    first = agent.turn(sid, "aapka app kaam nahi kar raha")
    assert first.complaint_id is not None
    again = agent.turn(sid, "login nahi ho raha app me")
    assert again.complaint_id == first.complaint_id
    with seeded.sessions() as session:
        complaint = session.get(Complaint, first.complaint_id)
        assert complaint is not None
        assert (complaint.complaint_type, complaint.department) == (
            "app_not_working",
            "Customer Service",
        )


def test_asking_for_english_or_hindi_answers_in_it(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    english = agent.turn(sid, "aur english me batao")
    assert "I will reply in English" in english.reply
    hindi = agent.turn(sid, "mujhe english nahi aati")
    assert "Hindi mein baat karunga" in hindi.reply


def test_when_5g_comes_is_told_where_to_look_and_files_nothing(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    turn = agent.turn(sid, "mere area me 5G kab aayega")
    assert "Coverage" in turn.reply and turn.complaint_id is None


def test_a_number_in_someone_elses_name_is_told_how_to_change_it(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    turn = agent.turn(sid, "mera number kisi aur ke naam pe dikh raha hai")
    assert "store" in turn.reply and turn.complaint_id is None


def test_when_a_days_data_starts_again_is_told_not_the_validity(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    turn = agent.turn(sid, "mera data kab renew hoga")
    assert "midnight" in turn.reply and turn.complaint_id is None
