"""Digits read out one by one, heard by template matching (providers/stt/digit_*.py), with
espeak-ng voices that made none of the templates."""

from pathlib import Path

import numpy as np
import pytest
from speech_eval import judge_for
from speech_set import DEVANAGARI_VOICES, VOICES
from wav_kit import said

from helpline.audio.clip import AudioClip
from helpline.audio.resample import resample
from helpline.engine.expectation import Expectation
from helpline.language import get_understander
from helpline.providers.stt.answer_reader import ANSWER_WORDS
from helpline.providers.stt.base import Listen
from helpline.providers.stt.digit_dtw import WordMatcher
from helpline.providers.stt.digit_features import features
from helpline.providers.stt.digit_reader import DigitReader
from helpline.providers.stt.digit_templates import DEVANAGARI as DEVANAGARI_DIGITS
from helpline.providers.stt.digit_templates import (
    DIGIT_WORDS,
    HINDI_DIGIT_WOMEN,
    Template,
    load,
    voices,
)
from helpline.providers.stt.whisper import (
    _listed_words,
    _misheard_ten,
    _settled,
    _whole_numbers,
)

pytestmark = pytest.mark.usefixtures("speech_tools")

ROMAN = "mera number hai nau, aath, saat, chhah, paanch, chaar, teen, do, ek, shunya"
DEVANAGARI = "सात सात शून्य एक चार नौ आठ दो नौ तीन"


@pytest.fixture(scope="module")
def digits_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("digits")


@pytest.fixture(scope="module")
def templates(digits_dir: Path) -> list[Template]:
    return load(digits_dir)


@pytest.fixture(scope="module")
def reader(digits_dir: Path, templates: list[Template]) -> DigitReader:
    return DigitReader(digits_dir)  # the templates' cache: made once for the module


@pytest.fixture(scope="module")
def matcher(templates: list[Template]) -> WordMatcher:
    return WordMatcher(templates)


def test_no_template_is_spoken_by_a_voice_of_the_spoken_test_set() -> None:
    test_voices = {*VOICES, *DEVANAGARI_VOICES.values()}
    assert not test_voices & {voice for voice, _ in voices()}


def test_templates_are_cached_and_read_back_alike(tmp_path: Path) -> None:
    made = load(tmp_path)
    assert len(list(tmp_path.glob("digit-templates-*.zip"))) == 1
    again = load(tmp_path)
    assert [(t.label, t.voice, t.english) for t in again] == [
        (t.label, t.voice, t.english) for t in made
    ]
    assert all(np.array_equal(a.frames, b.frames) for a, b in zip(again, made, strict=True))
    assert {t.label for t in made} == {*"0123456789", "double", "triple", "lead-in"}


def test_features_hardly_depend_on_the_level_or_an_8_khz_rate() -> None:
    clip = said("nau, aath, saat", "en-gb-scotland")
    other = features(said("ek, do, teen", "en-gb-scotland"))
    loud = features(clip)
    quiet = features(AudioClip(clip.samples * 0.1, clip.sample_rate))
    narrow = features(resample(clip, 8000))
    frames = min(len(loud), len(narrow), len(other))

    def apart(a: np.ndarray, b: np.ndarray) -> float:
        return float(np.abs(a[:frames] - b[:frames]).mean())

    # A tenth of the level or 8 kHz audio changes the features far less than other words do.
    assert apart(loud, quiet) < 0.25 * apart(loud, other)
    assert apart(loud, narrow) < 0.5 * apart(loud, other)


@pytest.mark.parametrize(
    ("text", "voice", "number"),
    [
        (ROMAN, "en-gb-scotland+m6", "9876543210"),
        (
            "nau, aath, double saat, ek, do, teen, chaar, paanch, chhah",
            "en-us-nyc+m6",
            "9877123456",
        ),
        (DEVANAGARI, "hi+m6", "7701498293"),
        # "triple" says the next digit three times, as "double" says it twice.
        ("six, one, triple two, four, five, three, nine, zero", "en-us-nyc+m6", "6122245390"),
        ("nau, chaar, triple ek, do, teen, aath, shunya, nau", "en-us-nyc+m6", "9411123809"),
        ("सात ट्रिपल शून्य तीन आठ सात आठ छह तीन", "hi+m6", "7000387863"),
    ],
)
def test_ten_digits_are_heard_from_a_voice_no_template_has(
    matcher: WordMatcher, text: str, voice: str, number: str
) -> None:
    reading = matcher.read(features(said(text, voice)), 10)
    assert reading is not None
    assert reading.digits == number


@pytest.mark.parametrize(("number", "speed"), [("9676347140", 150), ("8298488934", 175)])
def test_hindi_digits_are_heard_from_a_womans_voice_no_template_has(
    matcher: WordMatcher, number: str, speed: int
) -> None:
    # With two women among the Hindi template speakers, "नौ" was read "आठ" here.
    text = "मेरा नंबर है " + " ".join(DEVANAGARI_DIGITS[int(d)] for d in number)
    reading = matcher.read(features(said(text, "hi+Annie", speed)), 10)
    assert reading is not None
    assert reading.digits == number


def test_only_the_digits_have_the_extra_hindi_speakers() -> None:
    extra = {"hi" + variant for variant in HINDI_DIGIT_WOMEN}
    assert extra <= {voice for voice, _ in voices(DIGIT_WORDS)}
    assert not extra & {voice for voice, _ in voices(ANSWER_WORDS)}


def test_the_matched_words_say_whether_the_digits_were_english_or_hindi(
    matcher: WordMatcher,
) -> None:
    hindi = matcher.read(features(said(ROMAN, "en-us-nyc+m6")), 10)
    english = matcher.read(
        features(
            said("nine, eight, seven, six, five, four, three, two, one, zero", "en-us-nyc+m6")
        ),
        10,
    )
    assert hindi is not None and english is not None
    assert hindi.english < 0.5 < english.english


def test_only_a_mobile_number_is_taken(reader: DigitReader) -> None:
    mobile = reader.phone(said(ROMAN, "en-gb-scotland+m6"))
    assert mobile is not None and mobile.digits == "9876543210"
    # Ten digits, but no Indian mobile number starts with 5.
    fives = "paanch, aath, saat, chhah, paanch, chaar, teen, do, ek, shunya"
    assert reader.phone(said(fives, "en-gb-scotland+m6")) is None


def test_the_matcher_settles_readings_that_hold_different_numbers(reader: DigitReader) -> None:
    reading = reader.phone(
        said("six, five, six, four, six, double one, five, zero, eight", "en-gb-x-gbclan+f5")
    )
    assert reading is not None and reading.digits == "6564611508"
    # Whisper's readings as it writes them: "double one" merged into "2" by most of them.
    split = _whole_numbers(("6, 5, 6, 4, 6, 2, 1, 5, 0, 8", "6564621508", "6564611508"))
    assert _settled(reading, split) == "6564611508"
    # Readings that agree stand, whatever the matcher reads; so does a third number.
    assert _settled(reading, _whole_numbers(("6564631508", "6, 5, 6, 4, 6, 3, 1, 5, 0, 8"))) is None
    assert _settled(reading, _whole_numbers(("6564631508", "6564631509"))) is None
    assert _settled(None, split) is None


def test_the_matcher_settles_a_double_whisper_wrote_as_a_nine(reader: DigitReader) -> None:
    said_ = "eight, double seven, four, one, nine, two, six, three, five"
    reading = reader.phone(said("my number is, " + said_, "en-us-nyc+m6"))
    assert reading is not None and reading.digits == "8774192635"
    # "double" written as the 9 or the 2 it sounds like, every other digit the same.
    assert _settled(reading, _whole_numbers(("8, 9, 7, 4, 1, 9, 2, 6, 3, 5",))) == "8774192635"
    assert _settled(reading, _whole_numbers(("8274192635",))) == "8774192635"
    # Any other difference is Whisper's reading against the matcher's, and Whisper's stands.
    assert _settled(reading, _whole_numbers(("8574192635",))) is None
    assert _settled(reading, _whole_numbers(("8974192636",))) is None


@pytest.mark.parametrize(
    "raw",
    [
        # "seven" on the telephone band, as Whisper writes it: numeral or word, anywhere.
        "Mera number hai 9, 8, 10, 6, 5, 4, 3, 2, 1, Mera.",
        "six, three, five, two, eight, one, nine, four, ten, mera.",
        "9, 8, 9, 10, 1, 2, 3, 4, 5, 6.",
    ],
)
def test_a_ten_among_single_digits_is_a_misheard_digit(raw: str) -> None:
    assert _misheard_ten(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "9, 8, 7, 6, 5, 4, 3, 2, 1, 0",
        "9876543210",
        # Read in pairs, a 10 is what the caller said.
        "98, 10, 65, 43, 21",
        # Too few digits to be a number read out one by one.
        "10 rupees, 5 din",
        "mera number 9, 8, 10",
    ],
)
def test_a_ten_said_as_a_number_is_not(raw: str) -> None:
    assert not _misheard_ten(raw)


@pytest.mark.parametrize(
    "raw",
    ["how, how, how, how,", "kata, kata, kata, kata, kata.", "A-A-A-CHA-N-Y-CHA-N-Y-E-G-D-D"],
)
def test_a_list_of_one_word_items_is_digits_whisper_could_not_tell_apart(raw: str) -> None:
    assert _listed_words(raw)


@pytest.mark.parametrize(
    "raw",
    [
        "mujhe apna number yaad nahi hai",
        "Mera number, yaad nahi hai, sorry",
        "haan, haan, theek hai",
        "no, no, no",
        ", , , ,",
        "",
    ],
)
def test_a_sentence_or_a_short_list_is_not(raw: str) -> None:
    assert not _listed_words(raw)


@pytest.mark.voice
@pytest.mark.xdist_group("voice")
def test_whisper_hears_hindi_digits_through_the_templates(whisper_stt) -> None:
    judge = judge_for(get_understander(), Expectation.PHONE)
    heard = whisper_stt.hear(said(ROMAN, "en-gb-scotland+m6"), listen=Listen.NUMBER, judge=judge)
    assert heard.text == "9876543210"
    english = "my number is nine, eight, one, two, three, four, five, six, seven, eight"
    heard = whisper_stt.hear(said(english, "en-gb-x-rp"), listen=Listen.NUMBER, judge=judge)
    assert "9812345678" in heard.text.replace(" ", "").replace(",", "")
    # Read in Hindi words that make a whole number ("nau, aath, double, aath, ..."), the number
    # is still matched: a best reading of numerals beside it does not make it English digits.
    double = "nau, aath, double saat, ek, do, teen, chaar, paanch, chhah"
    for voice, speed in (("en-gb+m6", 160), ("en-us-nyc+f5", 175)):
        heard = whisper_stt.hear(said(double, voice, speed), listen=Listen.NUMBER, judge=judge)
        assert heard.text == "9877123456", (voice, heard.text)
    # A sentence Whisper reads is the caller's answer, not digits to match.
    line = "mujhe apna number yaad nahi hai"
    heard = whisper_stt.hear(said(line, "en-gb-x-rp"), listen=Listen.NUMBER, judge=judge)
    assert not any(c.isdigit() for c in heard.text), heard.text
