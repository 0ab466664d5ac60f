"""A request made before the caller is verified is answered in the turn that verifies them."""

from engine_kit import DEMO_PHONE, AgentFactory, Outbox
from sqlalchemy import func, select

from helpline.engine import Agent
from helpline.store.db import Database
from helpline.store.models import Complaint, Handoff, Transaction


def count(db: Database, model: type) -> int:
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def test_a_balance_asked_first_is_answered_when_the_number_verifies(agent: Agent) -> None:
    sid = agent.start().session_id
    asked = agent.turn(sid, "mera balance batao")
    assert not asked.verified
    assert "10-digit" in asked.reply
    turn = agent.turn(sid, DEMO_PHONE)
    assert turn.verified
    assert "Rahul" in turn.reply
    assert "2.5 GB" in turn.reply and "₹45.50" in turn.reply
    assert turn.intent == "balance"
    # Answered once: the next line is a line of its own.
    assert "2.5 GB" not in agent.turn(sid, "thank you").reply


def test_a_number_and_a_request_in_one_line_get_both_done(agent: Agent) -> None:
    sid = agent.start().session_id
    turn = agent.turn(sid, f"number {DEMO_PHONE} pe balance kitna hai")
    assert turn.verified and "2.5 GB" in turn.reply


def test_a_line_that_only_gives_the_number_asks_how_to_help(agent: Agent) -> None:
    sid = agent.start().session_id
    # The classifier reads "mobile number" as a SIM word: the number alone is still no request.
    turn = agent.turn(sid, f"ji mera mobile number hai {DEMO_PHONE}")
    assert turn.verified
    assert "madad" in turn.reply
    assert turn.complaint_id is None


def test_a_problem_with_a_number_of_days_is_not_taken_for_a_short_mobile_number(
    agent: Agent, seeded: Database
) -> None:
    sid = agent.start().session_id
    first = agent.turn(sid, "3 din se net nahi chal raha")
    assert "poora nahi" not in first.reply and "10-digit" in first.reply
    before = count(seeded, Complaint)
    turn = agent.turn(sid, DEMO_PHONE)
    assert turn.complaint_id is not None
    assert count(seeded, Complaint) == before + 1


def test_a_recharge_asked_first_still_waits_for_a_yes(agent: Agent, seeded: Database) -> None:
    sid = agent.start().session_id
    agent.turn(sid, "199 wala recharge kar do")
    before = count(seeded, Transaction)
    offered = agent.turn(sid, DEMO_PHONE)
    assert "₹199" in offered.reply and "onfirm" in offered.reply
    assert count(seeded, Transaction) == before  # nothing bought on verification alone
    done = agent.turn(sid, "haan")
    assert "Smart 199" in done.reply
    assert count(seeded, Transaction) == before + 1


def test_with_a_one_time_code_the_request_waits_for_the_code(
    make_agent: AgentFactory, outbox: Outbox, seeded: Database
) -> None:
    agent = make_agent(otp="on")
    sid = agent.start().session_id
    agent.turn(sid, "kisi agent se baat karao")
    sent = agent.turn(sid, DEMO_PHONE)
    assert not sent.verified and not sent.handoff
    before = count(seeded, Handoff)
    turn = agent.turn(sid, outbox.last_code)
    assert turn.verified and turn.handoff
    assert count(seeded, Handoff) == before + 1


def test_the_latest_request_is_the_one_answered(agent: Agent) -> None:
    sid = agent.start().session_id
    agent.turn(sid, "mera balance batao")
    agent.turn(sid, "nahi rehne do, mera plan kya hai")
    turn = agent.turn(sid, DEMO_PHONE)
    assert turn.intent == "plan_info"
    assert "Smart 249" in turn.reply and "2.5 GB data" not in turn.reply


def test_a_customer_writing_english_is_asked_and_verified_in_english(agent: Agent) -> None:
    sid = agent.start().session_id
    asked = agent.turn(sid, "I want to check my balance")
    assert "please tell me your 10-digit" in asked.reply
    turn = agent.turn(sid, DEMO_PHONE)
    assert turn.reply.startswith("Thank you Rahul, you are verified;")
    assert "you have 2.5 GB of data" in turn.reply


def test_a_courtesy_in_english_keeps_the_language_the_customer_writes(agent: Agent) -> None:
    hinglish = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(hinglish, "mera balance kitna hai")
    bye = agent.turn(hinglish, "thanks bye").reply
    assert "dhanyavaad" in bye.lower() and "have a good day" not in bye
    english = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(english, "what is my balance")
    assert "welcome" in agent.turn(english, "thank you").reply


def test_an_english_ticket_reply_has_no_hinglish_duration(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    filed = agent.turn(sid, "my internet is not working since yesterday")
    eta = agent.turn(sid, "when will it be fixed")
    for reply in (filed.reply, eta.reply):
        assert "ghante" not in reply and " din" not in reply
    assert str(filed.complaint_id) in eta.reply
