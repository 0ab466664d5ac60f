"""A bare number answers the open recharge question as a price, and only then."""

import pytest

from helpline.engine.answers import with_price_answer
from helpline.engine.session import Pending, PendingKind, SessionState, Stage
from helpline.language import EntityKind, get_understander

CHOOSING = Pending(PendingKind.CHOOSE_PLAN)
CONFIRMING = Pending(PendingKind.CONFIRM_RECHARGE, 6)


def state(pending: Pending | None) -> SessionState:
    return SessionState("s", "text", 0.0, stage=Stage.VERIFIED, phone="9876543210", pending=pending)


def amounts(text: str, pending: Pending | None) -> list[tuple[object, str]]:
    u = with_price_answer(state(pending), get_understander().understand(text))
    return [(e.value, text[e.start : e.end]) for e in u.entities if e.kind is EntityKind.AMOUNT]


@pytest.mark.parametrize(
    ("text", "pending", "expected"),
    [
        ("299", CHOOSING, [(299, "299")]),
        ("  500 ", CHOOSING, [(500, "500")]),
        ("499 please", CHOOSING, [(499, "499")]),
        ("nahi 199", CONFIRMING, [(199, "199")]),
    ],
)
def test_a_bare_number_is_a_price_while_a_plan_is_asked_for(
    text: str, pending: Pending, expected: list[tuple[object, str]]
) -> None:
    assert amounts(text, pending) == expected


def test_a_bare_number_is_nothing_when_no_question_is_open() -> None:
    assert amounts("299", None) == []


@pytest.mark.parametrize(
    "text",
    ["9876543210", "123456", "ticket 45 ka status", "5", "mera 299 wala recharge fail hua"],
)
def test_numbers_that_are_not_prices_stay_as_they_are(text: str) -> None:
    before = get_understander().understand(text)
    after = with_price_answer(state(CHOOSING), before)
    assert after == before
