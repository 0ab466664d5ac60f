"""One phone rule: what normalize_phone accepts, find_phone finds in a sentence, and back."""

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from helpline.errors import InvalidPhone
from helpline.language import get_understander
from helpline.phone import find_phone, normalize_phone

DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")
_MOBILE = st.from_regex(r"[6-9][0-9]{9}", fullmatch=True)


@st.composite
def written(draw: st.DrawFn) -> tuple[str, str]:
    """(how a person might write the number, its 10 digits)."""
    number = draw(_MOBILE)
    shape = draw(st.sampled_from(["plain", "5-5", "3-3-4", "brackets", "2-4-4"]))
    sep = draw(st.sampled_from([" ", "-", ".", "  "]))
    parts = {
        "plain": [number],
        "5-5": [number[:5], number[5:]],
        "3-3-4": [number[:3], number[3:6], number[6:]],
        "brackets": [f"({number[:3]})", number[3:6], number[6:]],
        "2-4-4": [number[:2], number[2:6], number[6:]],
    }[shape]
    prefix = draw(st.sampled_from(["", "+91 ", "+91-", "+91", "0", "91", "91 "]))
    text = prefix + sep.join(parts)
    if draw(st.booleans()):
        text = text.translate(DEVANAGARI)
    return text, number


@given(written(), st.sampled_from(["mera number {} hai", "{}", "{} pe call karo", "no: {}."]))
def test_every_accepted_number_is_found_in_a_sentence(case: tuple[str, str], frame: str) -> None:
    raw, number = case
    assert normalize_phone(raw) == number
    assert find_phone(frame.format(raw)) == number


@given(st.text(alphabet="0123456789६९८ ()-+.abc", max_size=30))
def test_whatever_find_phone_returns_normalize_phone_accepts(text: str) -> None:
    found = find_phone(text)
    if found is not None:
        assert normalize_phone(found) == found


@given(st.text(alphabet="0123456789 ()-+.", min_size=1, max_size=24))
def test_a_string_normalize_phone_accepts_is_found_whole(raw: str) -> None:
    try:
        number = normalize_phone(raw)
    except InvalidPhone:
        return
    assume(raw.strip() and raw.strip()[-1].isdigit() and raw.strip()[0] in "+(0123456789")
    assert find_phone(f"number {raw.strip()} hai") == number


@pytest.mark.parametrize(
    "text",
    ["mera number ९८७६५४३२१० hai", "mera number (987) 654-3210 hai", "+91 98765-43210"],
)
def test_the_chat_and_the_cli_accept_the_same_numbers(text: str) -> None:
    assert get_understander().understand(text).cues.phone == "9876543210"
    raw = text.removeprefix("mera number ").removesuffix(" hai")
    assert normalize_phone(raw) == "9876543210"


@pytest.mark.parametrize(
    "token", ["3fa9876543210bc", "RCH9876543210", "9876543210ab", "x_9876543210"]
)
def test_a_number_inside_a_longer_token_is_not_a_phone(token: str) -> None:
    assert find_phone(f"ref {token} done") is None
