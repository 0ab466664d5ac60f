"""Digits read out for a phone number or a code: English, Hindi (Roman and Devanagari), groups."""

import pytest

from helpline.language.digits import digit_words, spoken_digits, spoken_phone

pytestmark = pytest.mark.voice

READ_OUT = {
    "nine eight seven six five four three two one zero": "9876543210",
    "mera number nau, aath, saat, chhah, paanch, chaar, teen, do, ek, shunya": "9876543210",
    "नौ आठ सात छह पांच चार तीन दो एक शून्य": "9876543210",
    "९८७६५ ४३२१०": "9876543210",
    "my number is 98765 43210": "9876543210",
    "nine eight double seven one two three four five six": "9877123456",
    "nau aath double saat ek do teen chaar paanch chhah": "9877123456",
    "triple nine eight seven six five four three two": "9998765432",
    "double 9 8 7 6 5 4 3 2": "998765432",
    # A recogniser runs the doubled digit into the ones after it.
    "9 8 double 7123456": "9877123456",
    "nau aath triple 2345678": "98222345678",
    "ninety eight seventy six fifty four thirty two one zero": "9876543210",
    "mera number hai 9, 8, 7, 6, 5, 4, 3, 2, 1, 0": "9876543210",
}


@pytest.mark.parametrize("text", list(READ_OUT))
def test_digits_read_out_in_english_or_hindi_come_back_in_order(text: str) -> None:
    assert spoken_digits(text) == READ_OUT[text]


def test_homophones_a_recogniser_writes_count_only_when_a_number_is_expected() -> None:
    heard = "now, aath, ek, doe, teen, chaar, punch, chhah, saat, aath"
    assert spoken_digits(heard) == "8134678"  # "now", "doe", "punch" are words here
    assert spoken_phone(heard) is None
    assert spoken_phone(heard, loose=True) == "9812345678"
    # What Whisper base wrote for the tuning voices' Hindi digits, and "nero" on the 8 kHz band.
    assert spoken_phone("lao, aath, dine, chhunya, ek, sart, chaar, nero, do, do", loose=True) == (
        "9830174022"
    )


@pytest.mark.parametrize(
    "text",
    ["", "mera balance kitna hai", "double", "nine eight seven", "1234567890", "98765 4321"],
)
def test_no_mobile_number_is_made_up(text: str) -> None:
    assert spoken_phone(text, loose=True) is None


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("+91 98765 43210", "9876543210"),
        ("zero nine eight seven six five four three two one zero", "9876543210"),
    ],
)
def test_country_code_or_trunk_zero_before_the_number_is_dropped(text: str, phone: str) -> None:
    assert spoken_phone(text) == phone


def test_the_vocabulary_holds_english_and_hindi_digits_and_groups() -> None:
    words = digit_words()
    assert {"nine", "nau", "नौ", "double", "triple", "shunya", "zero"} <= words


@pytest.mark.xdist_group("voice")
def test_a_closed_pass_may_write_digit_words_numerals_and_commas_only(whisper_stt) -> None:
    from helpline.providers.stt.whisper_window import WindowedDecoder

    decoder = WindowedDecoder(
        whisper_stt._model,
        language="en",
        initial_prompt="",
        min_window_s=15,
        closed_words=sorted(digit_words()),
    )
    tokenizer = decoder.tokenizer("en")
    suppressed = set(decoder._closed_suppress("en"))
    allowed = [tokenizer.decode([i]) for i in range(tokenizer.eot) if i not in suppressed]
    for text in (" nau", " Saat", " 98", ",", " shunya", " double"):
        assert all(t not in suppressed for t in tokenizer.encode(text)), text
    assert tokenizer.eot not in suppressed
    for text in (" plan", " recharge", " the", " R", ".", "-"):
        assert text not in allowed, text
    # Every timestamp and special token but the end token is suppressed as well.
    assert tokenizer.no_timestamps in suppressed and tokenizer.timestamp_begin in suppressed
