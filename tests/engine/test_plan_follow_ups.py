"""Short follow-ups about plans: their price, other choices than those given, and "isse sasta?"
about the cheapest plan, which leaves the offer standing."""

import re

from engine_kit import DEMO_PHONE, filed_as, payment_count

from helpline.engine import Agent
from helpline.store.db import Database


def _prices(reply: str) -> list[str]:
    return re.findall(r"₹(\d+)", reply)


def test_nothing_cheaper_than_the_offer_keeps_it_for_a_yes(agent: Agent, seeded: Database) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    offer = agent.turn(sid, "1 din ka data pack chahiye")
    price = _prices(offer.reply)[0]
    cheapest = agent.turn(sid, "isse sasta?")
    assert "sabse sasta" in cheapest.reply and "confirm" in cheapest.reply
    assert "mehnga" not in cheapest.reply
    before = payment_count(seeded)
    done = agent.turn(sid, "ok le lo")
    assert payment_count(seeded) == before + 1
    assert f"₹{price}" in done.reply


def test_a_bare_price_question_is_about_the_plan_just_offered(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    offer = agent.turn(sid, "sabse accha data wala plan kaunsa hai")
    price = _prices(offer.reply)[0]
    asked = agent.turn(sid, "kitne ka hai")
    assert _prices(asked.reply)[0] == price
    assert asked.intent != "out_of_scope"


def test_other_plans_are_other_than_the_one_offered(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    offer = agent.turn(sid, "sabse accha data wala plan kaunsa hai")
    first = _prices(offer.reply)[0]
    others = agent.turn(sid, "koi aur plan dikhao")
    shown = _prices(others.reply)
    assert len(shown) >= 2 and first not in shown
    more = agent.turn(sid, "koi aur option hai kya")
    assert set(_prices(more.reply)).isdisjoint(shown) and first not in _prices(more.reply)


def test_asking_for_more_offers_after_all_of_them_says_there_are_no_more(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    listed = _prices(agent.turn(sid, "offers kya hai").reply)
    rest = agent.turn(sid, "aur koi offer?")
    assert set(_prices(rest.reply)).isdisjoint(listed)
    for _ in range(5):  # each ask names offers not named before, until none are left
        if not _prices(rest.reply):
            break
        rest = agent.turn(sid, "aur koi?")
    assert "koi aur offer nahi" in rest.reply


def test_data_that_runs_out_too_fast_is_a_billing_ticket(agent: Agent, seeded: Database) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    turn = agent.turn(sid, "data bahut jaldi khatam ho jata hai")
    assert turn.complaint_id is not None
    assert filed_as(seeded, turn.complaint_id) == ("data_drain", "Billing")


def test_too_expensive_asks_for_a_cheaper_plan(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    offer = agent.turn(sid, "sabse accha data wala plan kaunsa hai")
    price = int(_prices(offer.reply)[0])
    cheaper = agent.turn(sid, "nahi ye mehnga hai")
    assert int(_prices(cheaper.reply)[0]) < price


def test_an_ott_question_about_the_plan_on_offer_is_answered_yes_or_no(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "349 wala recharge karna hai")
    with_ott = agent.turn(sid, "usme netflix hai kya")
    assert "OTT" in with_ott.reply and "nahi hai" not in with_ott.reply
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "199 wala recharge karna hai")
    without = agent.turn(sid, "isme netflix milega kya")
    assert "koi OTT subscription nahi hai" in without.reply


def test_a_long_english_price_question_keeps_the_offer(agent: Agent, seeded: Database) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    offer = agent.turn(sid, "Could you suggest a plan for 3 months?")
    price = _prices(offer.reply)[0]
    asked = agent.turn(sid, "How much does it cost per month?")
    assert _prices(asked.reply)[0] == price and "go ahead" in asked.reply
    before = payment_count(seeded)
    agent.turn(sid, "Alright, please go ahead.")
    assert payment_count(seeded) == before + 1


def test_calling_on_a_plan_is_read_from_the_catalogue(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "mera current plan kya hai")
    calls = agent.turn(sid, "isme calling free hai?")
    assert "calling: Unlimited" in calls.reply
    agent.turn(sid, "1 din ka data pack chahiye")
    pack = agent.turn(sid, "isme calling milegi?")
    assert "sirf data pack" in pack.reply and "confirm" in pack.reply


def test_a_video_habit_is_a_need_for_data_and_a_video_fault_a_problem(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    habit = agent.turn(sid, "main roz youtube dekhta hu 2-3 ghante")
    assert habit.intent == "plan_recommendation" and habit.complaint_id is None
    fault = agent.turn(sid, "youtube kyu nahi chal raha")
    assert fault.complaint_id is not None


def test_cheap_with_days_searches_again_rather_than_stepping_down(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "mera plan kya hai")
    pick = agent.turn(sid, "toh kaunsa lu")
    assert pick.intent == "plan_recommendation"
    cheap = agent.turn(sid, "sasta wala batao 28 din ka")
    assert "28 din" in cheap.reply and "₹155" in cheap.reply


def test_both_compares_the_two_plans_just_talked_about(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "666 wala plan me kitne din milte hai")
    latest = agent.turn(sid, "aur 859 me?")
    assert "₹859" in latest.reply
    asked = agent.turn(sid, "uska price?")  # the latest plan stays the one talked about
    assert "₹859" in asked.reply and "₹666" not in asked.reply
    both = agent.turn(sid, "dono me kya fark hai")
    assert "₹666" in both.reply and "₹859" in both.reply


def test_one_more_after_a_recharge_asks_to_confirm_the_same_plan(
    agent: Agent, seeded: Database
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "ek 19 wala booster daal do")
    agent.turn(sid, "haan")
    before = payment_count(seeded)
    again = agent.turn(sid, "aur ek aur")
    assert "₹19" in again.reply and "Confirm" in again.reply
    assert payment_count(seeded) == before
    agent.turn(sid, "haan")
    assert payment_count(seeded) == before + 1


def test_ok_theek_hai_le_lunga_takes_the_offer(agent: Agent, seeded: Database) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "sabse sasta unlimited plan")
    agent.turn(sid, "usme kitna data milega")
    before = payment_count(seeded)
    agent.turn(sid, "ok theek hai le lunga")
    assert payment_count(seeded) == before + 1


def test_asking_about_another_plan_lets_the_offer_lapse(agent: Agent, seeded: Database) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    offer = agent.turn(sid, "which plans do you have under 200")
    assert "₹199" in offer.reply
    other = agent.turn(sid, "what about 155")
    assert "₹155" in other.reply and "₹199" not in other.reply
    before = payment_count(seeded)
    that = agent.turn(sid, "ok do that one")  # the plan just described, put up to confirm
    assert "₹155" in that.reply and payment_count(seeded) == before
    agent.turn(sid, "yes please")
    assert payment_count(seeded) == before + 1


def test_cheapest_in_answer_to_which_plan_offers_it(agent: Agent, seeded: Database) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "मुझे नया प्लान चाहिए")
    cheapest = agent.turn(sid, "सबसे सस्ता")
    assert "₹155" in cheapest.reply
    before = payment_count(seeded)
    agent.turn(sid, "ठीक है कर दो")
    assert payment_count(seeded) == before + 1


def test_how_many_days_after_an_offer_is_about_the_offer(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    offer = agent.turn(sid, "kya koi plan hai jisme calling aur data dono zyada ho")
    price = _prices(offer.reply)[0]
    days = agent.turn(sid, "kitne din ka hai")
    assert _prices(days.reply)[0] == price and "Smart 249" not in days.reply
