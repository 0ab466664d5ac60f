"""Right after two plans were compared, "the cheaper one" or "mehenga wala" picks one of them."""

import pytest
from engine_kit import DEMO_PHONE

from helpline.engine import Agent


@pytest.mark.parametrize(
    ("pick", "plan", "not_plan"),
    [
        ("ok recharge the cheaper one", "Super Saver at ₹299", "Smart 249"),
        ("sasta wala batao", "₹299 ka Super Saver", "Smart 249"),
        ("mehenga wala batao", "₹479 ka Value 479", "Super Saver Plus"),
        ("the expensive one", "Value 479 at ₹479", "Quarterly"),
    ],
)
def test_a_pick_after_a_comparison_offers_one_of_the_compared_plans(
    agent: Agent, pick: str, plan: str, not_plan: str
) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "299 aur 479 me kya fark hai")
    reply = agent.turn(sid, pick).reply
    assert plan in reply and not_plan not in reply
    assert "recharge" in reply  # offered, not bought: a yes is still needed


def test_a_pick_without_a_comparison_is_the_next_plan_by_price(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    agent.turn(sid, "249 wale plan me kya milta hai")
    assert "Smart 199" in agent.turn(sid, "isse sasta wala?").reply


def test_a_comparison_that_says_karo_is_not_put_up_for_confirmation(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    reply = agent.turn(sid, "859 wala aur 666 wala compare karo").reply
    assert "Quarterly Max 859" in reply and "Quarterly 666" in reply
    assert "onfirm" not in reply


@pytest.mark.parametrize("line", ["sabse mehenga plan", "most expensive plan"])
def test_the_costliest_plan_is_the_top_of_the_catalogue(agent: Agent, line: str) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    assert "Annual Max 3599" in agent.turn(sid, line).reply


def test_a_change_from_one_plan_to_another_confirms_the_one_wanted(agent: Agent) -> None:
    sid = agent.start(phone=DEMO_PHONE).session_id
    reply = agent.turn(sid, "plan change karna hai 249 se 199 pe").reply
    assert "₹199 ka Smart 199" in reply and "Smart 249" not in reply
