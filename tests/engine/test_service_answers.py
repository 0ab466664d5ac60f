"""Requests the agent does not carry out itself are told how, from the operator's answers,
and never start a recharge or a ticket."""

import pytest
from engine_kit import DEMO_PHONE, filed_as

from helpline.engine import Agent
from helpline.store.db import Database


@pytest.mark.parametrize(
    ("line", "told"),
    [
        ("mujhe apna number band karwana hai", "ID proof"),
        ("mujhe recharge yaad dila dena", "Autopay"),
        ("mere area me 5G kab aayega", "Coverage"),
        ("mera number kisi aur ke naam pe dikh raha hai", "naam ya pata badalne"),
        ("mera data kab renew hoga", "midnight"),
        ("police complaint karni hai", "1930"),
        ("mujhe ek fraud call aaya tha", "1930"),
        ("ye UPI se karna padega kya", "UPI PIN"),
        ("hi mujhe ek naya connection chahiye", "eKYC"),
        ("I'm travelling to Dubai next week", "IR pack"),
        ("mujhe apna plan band karna hai", "beech mein band nahi"),
        ("APN kya dalu", "Access Point Names"),
        ("balance transfer kar sakte hai kya dusre number pe", "transfer nahi hota"),
        ("emergency ke liye thoda balance udhaar mil sakta hai kya", "Emergency Data"),
        ("incoming band ho jayega kya agar recharge nahi kiya", "incoming calls kuch din"),
        ("mujhe mera purana number wapas chahiye", "90 din"),
        ("caller tune band karo", "Deactivate"),
        ("auto renew ho jayega kya", "Autopay"),
        ("internet band kar do", "mobile data band"),
        ("mobile data off karna hai", "mobile data band"),
        ("ye subscription cancel karo", "155223"),
    ],
)
def test_a_request_is_told_how_and_starts_nothing(agent: Agent, line: str, told: str) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    turn = agent.turn(sid, line)
    assert told in turn.reply
    assert turn.complaint_id is None and "confirm karein?" not in turn.reply.lower()


def test_an_app_that_will_not_work_is_a_customer_service_ticket(
    agent: Agent, seeded: Database
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    first = agent.turn(sid, "aapka app kaam nahi kar raha")
    assert first.complaint_id is not None
    again = agent.turn(sid, "login nahi ho raha app me")
    assert again.complaint_id == first.complaint_id
    assert filed_as(seeded, first.complaint_id) == ("app_not_working", "Customer Service")


def test_asking_for_english_or_hindi_answers_in_it(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    english = agent.turn(sid, "aur english me batao")
    assert "I will reply in English" in english.reply
    hindi = agent.turn(sid, "mujhe english nahi aati")
    assert "Hindi mein baat karunga" in hindi.reply


def test_a_new_one_after_a_lost_sim_is_a_new_sim_for_the_same_number(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    assert agent.turn(sid, "mera sim kho gaya hai").complaint_id is not None
    new = agent.turn(sid, "naya kaise milega")
    assert "duplicate SIM" in new.reply and new.intent == "sim_issue"
    other = agent.start(phone=DEMO_PHONE).session_id  # without a lost SIM it is no SIM question
    assert "duplicate SIM" not in agent.turn(other, "naya kaise milega").reply


def test_praise_is_thanked_and_dispraise_is_filed(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    praise = agent.turn(sid, "bhai tumhari service bahut achhi hai")
    assert praise.complaint_id is None and "dhanyavaad" in praise.reply.lower()
    dispraise = agent.turn(sid, "service achhi nahi hai")
    assert dispraise.complaint_id is not None


def test_a_time_after_a_hand_off_is_no_plan_price(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    assert agent.turn(sid, "kya aap mujhe call back kar sakte ho").handoff
    assert "₹10" not in agent.turn(sid, "kal subah 10 baje").reply


def test_apn_named_in_a_fault_report_is_filed_not_told(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    turn = agent.turn(sid, "APN sahi hai phir bhi net nahi chal raha")
    assert turn.complaint_id is not None
