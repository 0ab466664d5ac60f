"""The grounding check: an LLM reply states only the facts' numbers, plan names and honorific."""

from helpline.engine.facts import FactKey, facts
from helpline.engine.grounding import GroundingCheck

PLANS = ("Smart 199", "Smart 249", "Super Saver", "Super Saver Plus")
CHECK = GroundingCheck(lambda: PLANS)
BALANCE = facts(
    FactKey.BALANCE, data_left="2.5 GB", main_balance="₹45.50", days_left=15, expiry="10 Dec 2026"
)
PLAN = facts(FactKey.PLAN_PRICE, plan_name="Super Saver", price="₹299", validity=28)


def test_a_reply_restating_the_facts_is_grounded() -> None:
    text = "Sir, aapke paas 2.5 GB data aur ₹45.50 balance hai, 15 din (10 Dec 2026 tak)."
    assert CHECK.check(text, [BALANCE], "sir").ok


def test_number_formats_are_compared_by_value() -> None:
    assert CHECK.check("Balance Rs 45.5 hai, data 2.50 GB.", [BALANCE], "").ok


def test_an_invented_number_is_caught() -> None:
    result = CHECK.check("Aapke paas 3 GB data hai, 15 din ke liye.", [BALANCE], "")
    assert not result.ok and result.unsupported == ("3",)


def test_an_invented_plan_name_is_caught_even_without_numbers() -> None:
    result = CHECK.check("Aap Super Saver Plus le lijiye, ₹299 mein.", [PLAN], "")
    assert not result.ok and "super saver plus" in result.unsupported


def test_the_named_plan_is_allowed() -> None:
    assert CHECK.check("Super Saver ₹299 ka hai, 28 din.", [PLAN], "").ok


def test_a_wrong_honorific_is_caught() -> None:
    assert not CHECK.check("Madam, 2.5 GB bacha hai.", [BALANCE], "sir").ok
    assert not CHECK.check("Sir, 2.5 GB bacha hai.", [BALANCE], "").ok
