"""Plans asked for by how long they last: the reply never claims more days than the plan has."""

import pytest
from engine_kit import DEMO_PHONE

from helpline.engine import Agent


def ask(agent: Agent, line: str) -> str:
    sid = agent.start(phone=DEMO_PHONE).session_id
    return agent.turn(sid, line).reply


@pytest.mark.parametrize(
    ("line", "plan", "days", "asked"),
    [
        ("2 mahine wala plan chahiye", "Value 479", "56 din", "60 din"),
        ("100 din wala plan batao", "Quarterly 666", "84 din", "100 din"),
        ("calling ke liye 3 mahine ka plan", "Quarterly 666", "84 din", "90 din"),
    ],
)
def test_no_plan_of_the_days_asked_is_said_and_the_closest_offered(
    agent: Agent, line: str, plan: str, days: str, asked: str
) -> None:
    reply = ask(agent, line)
    assert plan in reply and days in reply
    assert asked in reply and "nahi hai" in reply
    assert "ya usse zyada" not in reply


def test_a_plan_with_the_days_asked_or_more_is_offered_as_such(agent: Agent) -> None:
    reply = ask(agent, "28 din ka plan chahiye")
    assert "Basic 155" in reply and "28 din ya usse zyada" in reply


@pytest.mark.parametrize(
    ("line", "pack"),
    [
        ("1 mahine ka sirf data pack chahiye", "Data Add-on 58"),
        ("sirf data chahiye 2 mahine ke liye", "Data Add-on 58"),
        ("sirf data pack chahiye", "Data Booster 19"),
    ],
)
def test_a_data_pack_follows_the_days_asked(agent: Agent, line: str, pack: str) -> None:
    reply = ask(agent, line)
    assert pack in reply
    assert "Value 479" not in reply and "Smart" not in reply


def test_a_yearly_plan_is_offered_with_the_days_it_was_chosen_for(agent: Agent) -> None:
    reply = ask(agent, "yearly plan batao")
    assert "365 din ya usse zyada" in reply and "Annual Lite 1799" in reply


@pytest.mark.parametrize(
    ("line", "plan"),
    [
        ("zyada data wala plan", "Super Saver Plus"),  # a month's plan, not a year's
        ("heavy data user hu 3 mahine ka plan chahiye", "Quarterly Max 859"),
        ("mujhe 2GB extra data chahiye abhi", "Data Booster 29"),
        ("sirf data 3gb chahiye", "Data Add-on 58"),
    ],
)
def test_data_needs_pick_the_plan_a_customer_means(agent: Agent, line: str, plan: str) -> None:
    assert plan in ask(agent, line)
