"""Replies worded for speech the way an Indian support agent says them."""

import pytest

from helpline.providers.tts.base import sentences
from helpline.providers.tts.devanagari import hindi_words, to_devanagari
from helpline.providers.tts.espeak import prepare
from helpline.providers.tts.wording import speakable


@pytest.mark.parametrize(
    ("text", "spoken"),
    [
        ("₹299", "do sau ninyanave rupaye"),
        ("Rs. 199 ka plan", "ek sau ninyanave rupaye ka plan"),
        ("₹45.50 bacha hai", "paintaalees rupaye pachaas paise bacha hai"),
        ("2.5 GB", "dhai GB"),
        ("1.5 GB/day", "dedh GB roz"),
        ("3.5 GB", "saade teen GB"),
        ("512 MB", "paanch sau baarah MB"),
        ("15 Jan 2026 tak", "pandrah January do hazaar chhabbees tak"),
        ("ticket 1234 open hai", "ticket number one two three four open hai"),
        ("Aapka ticket #10023", "Aapka ticket number one zero zero two three"),
        ("98XXXX3210 par", "ending three two one zero par"),
        ("6-digit code", "chhah digit code"),
    ],
)
def test_amounts_data_dates_and_references_are_spoken_in_words(text: str, spoken: str) -> None:
    assert speakable(text) == spoken


def test_whole_numbers_stay_digits_for_voices_that_read_them_in_hindi() -> None:
    assert speakable("₹299 aur 2.5 GB, 3.5 GB", number_words=False) == (
        "299 rupaye aur dhai GB, saade 3 GB"
    )


def test_hindi_words_go_to_devanagari_and_english_words_stay() -> None:
    text = to_devanagari("Aapka balance kitna hai, recharge kijiye")
    assert "balance" in text and "recharge" in text
    assert "आपका" in text and "कीजिए" in text


def test_main_before_balance_is_english() -> None:
    assert to_devanagari("main balance") == "main balance"
    assert to_devanagari("main aapki madad") == "मैं आपकी मदद"


def test_every_listed_hindi_word_has_a_devanagari_spelling() -> None:
    words = hindi_words()
    assert len(words) > 150
    for word in words:
        converted = to_devanagari(word)
        assert converted != word and all(not ("a" <= c <= "z") for c in converted.lower())


def test_espeak_text_has_no_rupee_sign_or_decimal_amounts_left() -> None:
    text = prepare("Aapka main balance ₹45.50 hai aur 2.5 GB data bacha hai.")
    assert "₹" not in text and "45.50" not in text and "2.5" not in text


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Ji. Aapka balance ₹45.50 hai. Plan 2.5 GB ka hai! Aur kuch?", 3),
        ("Ek hi sentence", 1),
        ("", 0),
    ],
)
def test_replies_are_cut_into_sentences_without_splitting_amounts(text: str, count: int) -> None:
    parts = sentences(text)
    assert len(parts) == count
    assert " ".join(parts) == " ".join(text.split())
