"""Prices and budgets in plan questions: asking is not buying, and no question crashes a turn."""

import pytest
from engine_kit import DEMO_PHONE, payment_count, ticket_count
from sqlalchemy import select

from helpline.engine import Agent
from helpline.engine.facts import format_date, format_money
from helpline.language import get_understander
from helpline.language.types import NeedKind
from helpline.store.db import Database
from helpline.store.models import Transaction, User


@pytest.mark.parametrize(
    ("line", "budget"),
    [("100 rs tak ka plan", 100), ("under rs 300 plan", 300), ("300 rupaye tak ka plan", 300)],
)
def test_a_word_for_rupees_does_not_hide_a_budget(line: str, budget: int) -> None:
    cues = get_understander().understand(line).cues
    assert [n.value for n in cues.needs if n.kind is NeedKind.BUDGET] == [budget]
    assert budget not in cues.prices


def test_a_price_no_plan_has_gets_the_nearest_plans_after_any_topic(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "koi offer hai kya abhi")
    reply = agent.turn(sid, "149 wala plan hai kya").reply
    assert "₹149" in reply and "Basic 155" in reply


@pytest.mark.parametrize("line", ["100 rs tak ka plan", "200 rs tak ka plan chahiye"])
def test_a_budget_question_is_answered_not_put_up_for_confirmation(agent: Agent, line: str) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    reply = agent.turn(sid, line).reply
    assert "onfirm" not in reply
    assert "Talktime 100" not in reply


def test_a_budget_below_every_plan_says_nothing_fits(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    reply = agent.turn(sid, "100 rs tak ka plan").reply
    assert "koi plan nahi mila" in reply


def test_an_unsure_clause_does_not_outrank_a_request_in_the_same_line(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    turn = agent.turn(sid, "theek hai, aur ek baat, mere number pe spam calls aate hai")
    assert not turn.handoff
    assert "1909" in turn.reply  # how to stop spam calls (DND)


def test_a_recharge_not_activated_with_its_price_is_a_complaint(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    turn = agent.turn(sid, "kal 299 ka recharge kiya tha abhi tak active nahi hua")
    assert turn.complaint_id is not None
    assert "Super Saver ₹299 ka hai" not in turn.reply


@pytest.mark.parametrize("line", ["mujhe complaint karni hai", "shikayat darj karo"])
def test_a_complaint_without_its_problem_asks_what_is_wrong(
    agent: Agent, seeded: Database, line: str
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    before = ticket_count(seeded)
    turn = agent.turn(sid, line)
    assert turn.complaint_id is None and ticket_count(seeded) == before
    assert "samasya" in turn.reply or "dikkat kis cheez" in turn.reply
    filed = agent.turn(sid, "sms nahi ja rahe kal se")
    assert filed.complaint_id is not None


@pytest.mark.parametrize(
    ("line", "has", "lacks"),
    [
        ("mera talktime kitna hai", "main balance", "Talktime 100"),
        ("value for money plan chahiye", "Super Saver Plus", "Value 479 ₹479 ka hai"),
        ("annual plan batao", "365 din ya usse zyada", "Annual 2999 ₹2999 ka hai"),
        ("value 479 ke bare me batao", "Value 479 ₹479 ka hai", "paise ke hisaab"),
    ],
)
def test_a_word_for_a_kind_of_plan_is_not_a_plan_name(
    agent: Agent, line: str, has: str, lacks: str
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    reply = agent.turn(sid, line).reply
    assert has in reply and lacks not in reply


@pytest.mark.parametrize("place", ["mumbai andheri me", "sector 18 wali market me", "ghar pe"])
def test_where_a_fault_happens_goes_to_its_ticket(
    agent: Agent, seeded: Database, place: str
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    filed = agent.turn(sid, "signal nahi aa raha")
    before = ticket_count(seeded)
    turn = agent.turn(sid, place)
    assert str(filed.complaint_id) in turn.reply and "jod" in turn.reply
    assert ticket_count(seeded) == before
    assert "₹" not in turn.reply  # an address number is no plan price


def test_a_short_english_request_for_a_person_is_answered_in_english(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    reply = agent.turn(sid, "Connect me to a customer care agent").reply
    assert "connecting you" in reply


def test_an_address_number_is_no_price_and_no_sim_block() -> None:
    u = get_understander().understand("block 4 me network nahi, sector 62 noida")
    assert u.cues.prices == ()
    assert u.cues.problem == "no_network"


@pytest.mark.parametrize(
    ("line", "has"),
    [("tum bot ho kya", "virtual assistant"), ("naya sim chahiye", "duplicate SIM")],
)
def test_requests_outside_the_intents_are_answered_not_handed_off_or_filed(
    agent: Agent, seeded: Database, line: str, has: str
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    before = ticket_count(seeded)
    turn = agent.turn(sid, line)
    assert has in turn.reply
    assert not turn.handoff and turn.complaint_id is None and ticket_count(seeded) == before


def test_a_yes_to_which_plan_asks_again_among_the_plans_just_offered(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    offered = agent.turn(sid, "399 wala recharge kar do").reply
    assert "₹349" in offered and "₹479" in offered
    again = agent.turn(sid, "haan").reply
    assert "₹349" in again and "₹479" in again
    assert "Smart 199" not in again  # not the popular plans instead


def test_asking_to_block_a_lost_sim_is_no_sim_blocked_report() -> None:
    understander = get_understander()
    assert understander.understand("block kar do jaldi").cues.problem == "sim_lost"
    assert understander.understand("meri sim block kar do").cues.problem == "sim_lost"
    assert understander.understand("sim block ho gayi hai").cues.problem == "sim_blocked"
    assert understander.understand("haan sim band karwa do").cues.problem == "sim_lost"
    assert understander.understand("sim band ho gayi").cues.problem != "sim_lost"


def test_a_recharge_asked_with_that_after_an_offer_confirms_the_plan_offered(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    offered = agent.turn(sid, "can you suggest a plan with more data").reply
    confirm = agent.turn(sid, "ok recharge with that").reply
    name = next(p for p in ("Super Saver Plus", "Super Saver", "Data Max") if p in offered)
    assert name in confirm and "Shall I go ahead" in confirm
    assert "recharge is done" in agent.turn(sid, "yes").reply


@pytest.mark.parametrize(
    "line",
    ["maine kal 2 baar recharge kar diya galti se", "galat number pe recharge ho gaya"],
)
def test_a_recharge_made_by_mistake_is_a_payments_ticket_not_a_new_recharge(
    agent: Agent, seeded: Database, line: str
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    before = ticket_count(seeded)
    turn = agent.turn(sid, line)
    assert turn.complaint_id is not None and ticket_count(seeded) == before + 1
    assert "galti se hue recharge" in turn.reply and "onfirm" not in turn.reply
    eta = agent.turn(sid, "paise kitne din me aayenge").reply
    assert str(turn.complaint_id) in eta


@pytest.mark.parametrize(
    "line", ["mera naam change karna hai", "address update karna hai", "change my address please"]
)
def test_a_change_of_name_or_address_is_told_how(agent: Agent, seeded: Database, line: str) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    before = ticket_count(seeded)
    reply = agent.turn(sid, line).reply
    assert "store" in reply and "samajh nahi" not in reply
    assert ticket_count(seeded) == before


def test_the_plan_they_have_is_chosen_when_asked_which_plan(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "recharge karna hai")
    reply = agent.turn(sid, "jo abhi hai wahi").reply
    assert "Smart 249" in reply and "onfirm" in reply  # the demo customer's own plan


def test_a_small_pack_is_a_data_pack(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    reply = agent.turn(sid, "koi chhota pack hai").reply
    assert "Booster" in reply or "data pack" in reply.lower()


def test_wait_first_tell_me_answers_first_and_keeps_the_recharge_open(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "199 wala recharge kar do")
    turn = agent.turn(sid, "nahi ruko pehle balance batao")
    assert "2.5 GB" in turn.reply and "Smart 199" in turn.reply
    assert "recharge" in agent.turn(sid, "ok ab kar do").reply


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("caller tune ke paise kat rahe", "wrong_charge"),
        ("balance kat raha hai", "wrong_charge"),
        ("bina bataye mere paise kaat liye", "wrong_charge"),
        ("mera data 50% bhi use nahi hua aur khatam dikha raha hai", "data_drain"),
        ("maine galti se 2 recharge kar diye", "wrong_recharge"),
        # a service put on without asking is that kind of charge, however it is spelt
        ("bina puche caller tune laga diya paise kaat liye", "vas_deduction"),
    ],
)
def test_problem_words_are_read_in_the_spelling_the_normaliser_gives(
    line: str, problem: str
) -> None:
    assert get_understander().understand(line).cues.problem == problem


def test_a_problem_with_mobile_data_is_still_filed(agent: Agent, seeded: Database) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    before = ticket_count(seeded)
    agent.turn(sid, "mobile data off ho jata hai baar baar, internet nahi chal raha")
    assert ticket_count(seeded) == before + 1


def test_the_last_recharge_is_the_one_latest_payment(agent: Agent, seeded: Database) -> None:
    with seeded.sessions() as session:
        rows = session.execute(
            select(Transaction.amount, Transaction.txn_date)
            .join(User, User.user_id == Transaction.user_id)
            .where(User.phone == DEMO_PHONE)
            .order_by(Transaction.txn_date.desc())
        ).all()
    assert len(rows) >= 2
    sid = agent.start(phone=DEMO_PHONE).session_id
    reply = agent.turn(sid, "mera last recharge kab hua tha").reply
    assert format_money(rows[0].amount) in reply and format_date(rows[0].txn_date) in reply
    assert format_date(rows[1].txn_date) not in reply
    assert "transactions" not in reply


@pytest.mark.parametrize("later", ["thik hai kal karunga", "soch ke bataunga", "maybe later"])
def test_an_offer_put_off_is_a_polite_no(agent: Agent, seeded: Database, later: str) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "koi accha plan batao")
    turn = agent.turn(sid, later)
    assert turn.intent == "deny"
    assert "samajh nahi" not in turn.reply and "₹" not in turn.reply


def test_a_need_said_not_to_be_wanted_is_not_recommended_for(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    reply = agent.turn(sid, "mujhe sirf data chahiye, netflix nahi chahiye").reply
    assert "OTT" not in reply and "data" in reply


def test_do_it_after_one_plan_was_described_puts_that_plan_up_for_confirmation(
    agent: Agent, seeded: Database
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "299 wale me kya milta hai")
    assert "Confirm" not in agent.turn(sid, "ok").reply  # a bare "ok" buys nothing
    turn = agent.turn(sid, "haan kar do")
    assert "299" in turn.reply and "Confirm" in turn.reply
    assert turn.intent == "recharge"


def test_do_it_after_a_ticket_starts_no_recharge(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "3 din se network nahi aa raha")
    assert "Confirm" not in agent.turn(sid, "ok kar do").reply


def test_an_offer_put_off_while_confirming_is_cancelled_not_paid(
    agent: Agent, seeded: Database
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "299 wala recharge kar do")
    turn = agent.turn(sid, "baad me karunga")
    assert turn.intent == "deny" and "cancel" in turn.reply
    paid = payment_count(seeded)
    agent.turn(sid, "haan")  # nothing is waiting for a yes any more
    assert payment_count(seeded) == paid


def test_a_booster_of_a_size_is_the_cheapest_with_that_much(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    reply = agent.turn(sid, "mujhe 2 GB ka booster chahiye").reply
    assert "Data Booster 29" in reply


@pytest.mark.parametrize("yes", ["theek hai ye le lunga", "wahi chalega", "ok do it"])
def test_a_do_it_answers_the_confirmation(agent: Agent, seeded: Database, yes: str) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "299 wala recharge kar do")
    paid = payment_count(seeded)
    agent.turn(sid, yes)
    assert payment_count(seeded) == paid + 1


@pytest.mark.parametrize("question", ["ye kitne din chalega", "ye plan kab tak chalega"])
def test_a_question_about_an_offer_never_pays_for_it(
    agent: Agent, seeded: Database, question: str
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "sabse sasta plan batao")
    paid = payment_count(seeded)
    turn = agent.turn(sid, question)
    assert payment_count(seeded) == paid
    assert "ho gaya" not in turn.reply


def test_more_validity_offers_the_next_validity_above_the_plan_held(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    reply = agent.turn(sid, "can I get a plan with more validity").reply
    assert "Value 479" in reply and "56" in reply


def test_taking_a_plan_by_price_in_english_puts_it_up_for_confirmation(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    turn = agent.turn(sid, "I'll take the 666 one")
    assert turn.intent == "recharge" and "Quarterly 666" in turn.reply


def test_when_a_fault_started_in_english_goes_to_its_ticket(agent: Agent, seeded: Database) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "my calls keep dropping")
    before = ticket_count(seeded)
    reply = agent.turn(sid, "it started two days ago").reply
    assert "added" in reply and ticket_count(seeded) == before


def test_a_caller_asking_for_a_person_and_the_balance_first_gets_both(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    turn = agent.turn(sid, "mujhe agent se baat karni hai lekin pehle balance batao")
    assert turn.handoff and turn.intent == "human_agent"
    assert "2.5 GB" in turn.reply
    assert turn.reply.index("2.5 GB") < turn.reply.index("reference")


def test_whether_the_recharge_went_through_is_the_latest_payment(
    agent: Agent, seeded: Database
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "299 wala recharge kar do")
    assert "Confirm" in agent.turn(sid, "mera recharge ho gaya kya").reply  # not yet: asked again
    agent.turn(sid, "haan")
    reply = agent.turn(sid, "recharge hua ki nahi").reply
    assert "₹299" in reply and "Super Saver" in reply
