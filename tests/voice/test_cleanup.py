"""What a recogniser's raw words become: normalised text, or "not understood"."""

import pytest

from helpline.providers.stt.cleanup import (
    NOT_UNDERSTOOD,
    clean_transcript,
    is_loop,
    is_prompt_echo,
    join_digit_groups,
    strip_prompt_tail,
)
from helpline.providers.stt.whisper import INITIAL_PROMPT, token_cap


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Mera number hai, 98, 76, 5, 4, 3, 2, 1, 0.", "Mera number hai, 9876543210."),
        ("Mera number 98765 43210", "Mera number 9876543210"),
        ("+91 98765-43210", "+919876543210"),
        ("199, 299 wale plan", "199, 299 wale plan"),
        ("1.5, 2 GB", "1.5, 2 GB"),
    ],
)
def test_digit_groups_join_only_into_phone_lengths(raw: str, expected: str) -> None:
    assert join_digit_groups(raw) == expected


def test_spoken_english_digits_become_one_phone_number() -> None:
    text = clean_transcript("mera number hai nine eight seven six five four three two one zero")
    assert "9876543210" in text


def test_spoken_hindi_amount_becomes_digits() -> None:
    assert "299" in clean_transcript("do sau ninyanave ka recharge karna hai")


@pytest.mark.parametrize(
    "raw",
    [
        INITIAL_PROMPT,
        "Mera balance kitna hai? Recharge karna hai, 299 ka plan",
        "mera mera mera mera mera mera mera mera",
        "Recharge karna hai, 399 ka plan, 299 ka plan, 299 ka plan, 299 ka plan, 299 ka plan",
        "hai hai hai hai hai hai hai",
        "5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5,",
        "8, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9",
        "3, 4, 3, 4, 3, 4, 3, 4, 3, 4, 3",
        "299 karacharacharacharacharacharacharacharachar",
        "",
        "   ",
    ],
)
def test_echoed_prompt_loops_and_silence_are_not_understood(raw: str) -> None:
    assert clean_transcript(raw, prompt=INITIAL_PROMPT) == NOT_UNDERSTOOD


@pytest.mark.parametrize(
    "raw",
    [
        "mera balance kitna hai",
        "299 ka recharge karna hai",
        "nine nine nine nine eight eight eight eight seven seven",
        "Mera number 9, 9, 9, 9, 9, 8, 8, 8, 8, 8.",
        "bahut bahut shukriya",
        "recharge karna hai recharge",
        "hahaha achha hai, 9999999999 mera number",
    ],
)
def test_ordinary_requests_are_kept(raw: str) -> None:
    assert not is_prompt_echo(raw, INITIAL_PROMPT)
    assert not is_loop(raw)
    assert clean_transcript(raw, prompt=INITIAL_PROMPT)


def test_token_cap_grows_with_the_audio_and_stops_at_the_limit() -> None:
    assert token_cap(1.0) < token_cap(3.0) < token_cap(10.0)
    assert token_cap(60.0) == token_cap(600.0)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Naha hai, plan, data,", "Naha hai"),
        ("Kitna hai, plan, data, network, validity, rupaye, plan, data, network", "Kitna hai"),
        ("Sik hai, plan.", "Sik hai, plan."),  # one listed word may be the caller's
        ("mujhe recharge karna hai", "mujhe recharge karna hai"),
        ("plan, data", "plan, data"),  # nothing but the list: the echo check's business
        (
            "mera number hai 9, 8, 7, 6, 5, 4, 3, 0, 1, 2",
            "mera number hai 9, 8, 7, 6, 5, 4, 3, 0, 1, 2",
        ),
    ],
)
def test_the_prompts_word_list_is_cut_from_the_end_of_a_reading(raw: str, expected: str) -> None:
    assert strip_prompt_tail(raw, INITIAL_PROMPT) == expected
