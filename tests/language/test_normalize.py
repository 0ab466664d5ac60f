"""Normalisation: one spelling, Roman script, numbers as digits; idempotent."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpline.language import normalize
from helpline.language.normalize import analyse


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Mera NETWRK nhi h!!", "mera network nahi hai"),
        ("mera balance ktna hai??", "mera balance kitna hai"),
        ("nahiiiii", "nahi"),
        ("plzzz recharge kr do", "please recharge kar do"),
        ("Thank you so much", "thanks so much"),
        ("दो सौ रुपये", "200 rupaye"),
        ("मेरा बैलेंस कितना है", "mera balance kitna hai"),
        ("नेटवर्क नहीं है", "network nahi hai"),
        ("rs 399 ka recharge", "rupaye 399 ka recharge"),
        ("₹1,499 wala plan", "rupaye 1499 wala plan"),
        ("dedh GB data", "1.5 gb data"),
        ("two hundred rupees", "200 rupaye"),
        ("4G nahi chal raha", "4g nahi chal raha"),
        ("recharge kar do", "recharge kar do"),
        ("", ""),
        ("   \t ", ""),
    ],
)
def test_normalize(text: str, expected: str) -> None:
    assert normalize(text) == expected


def test_tokens_point_back_at_the_original_text() -> None:
    text = "Mera bill ₹1,499 aaya"
    spans = {t.text: text[t.start : t.end] for t in analyse(text)}
    assert spans["1499"] == "1,499"
    assert spans["bill"] == "bill"


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalize(text)
    assert normalize(once) == once


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "mera",
                "nhi",
                "h",
                "do",
                "sau",
                "dedh",
                "gb",
                "rs",
                "399",
                "नहीं",
                "बैलेंस",
                "thank",
                "you",
                "nine",
                "eight",
                "double",
                "saade",
                "teen",
                "kal",
                "!!",
                "₹",
            ]
        ),
        max_size=12,
    )
)
def test_normalising_hinglish_word_salad_twice_changes_nothing(words: list[str]) -> None:
    once = normalize(" ".join(words))
    assert normalize(once) == once
