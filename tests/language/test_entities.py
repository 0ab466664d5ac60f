"""Entities with their values and spans in the original text."""

import pytest

from helpline.language import EntityKind
from helpline.language.entities import entities

PLANS = ("Smart 249", "Unlimited Pro 599")


@pytest.mark.parametrize(
    ("text", "kind", "value", "span"),
    [
        ("199 ka recharge", EntityKind.AMOUNT, 199, "199"),
        ("rs 399 ka pack", EntityKind.AMOUNT, 399, "rs 399"),
        ("₹1,499 wala plan", EntityKind.AMOUNT, 1499, "₹1,499"),
        ("do sau rupaye kat gaye", EntityKind.AMOUNT, 200, "do sau rupaye"),
        ("2GB chahiye", EntityKind.DATA_MB, 2048.0, "2GB"),
        ("1.5 GB roz", EntityKind.DATA_MB, 1536.0, "1.5 GB"),
        ("500 mb bacha", EntityKind.DATA_MB, 500.0, "500 mb"),
        ("dedh GB data", EntityKind.DATA_MB, 1536.0, "dedh GB"),
        ("28 din ka plan", EntityKind.DAYS, 28, "28 din"),
        ("84 days validity", EntityKind.DAYS, 84, "84 days"),
        ("complaint 1023 ka status", EntityKind.TICKET, 1023, "1023"),
        ("ticket #45", EntityKind.TICKET, 45, "45"),
        ("mera number 9876543210", EntityKind.PHONE, "9876543210", "9876543210"),
        ("+91 98765 43210", EntityKind.PHONE, "9876543210", "+91 98765 43210"),
        ("09876543210 block karo", EntityKind.PHONE, "9876543210", "09876543210"),
        ("kal se net nahi", EntityKind.DATE, -1, "kal"),
        ("parso recharge kiya", EntityKind.DATE, -2, "parso"),
        ("pichle hafte bill aaya", EntityKind.DATE, -7, "pichle hafte"),
        ("3 din pehle", EntityKind.DATE, -3, "3 din pehle"),
        ("smart 249 chahiye", EntityKind.PLAN, "Smart 249", "smart 249"),
    ],
)
def test_entity(text: str, kind: EntityKind, value: object, span: str) -> None:
    found = [e for e in entities(text, plan_names=PLANS) if e.kind is kind]
    assert len(found) == 1
    assert found[0].value == value
    assert text[found[0].start : found[0].end] == span


@pytest.mark.parametrize(
    "text", ["recharge kar do", "haan kar do", "4g nahi chal raha", "aaj kal net slow hai"]
)
def test_no_entity(text: str) -> None:
    assert entities(text) == []


def test_short_numbers_are_not_phones() -> None:
    assert all(e.kind is not EntityKind.PHONE for e in entities("12345 ka recharge"))
