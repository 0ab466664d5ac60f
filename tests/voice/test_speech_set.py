"""The spoken test set through Whisper and the language layer, with the bars from the roadmap.

One pass covers every utterance once, cycling through both voices, both speeds, the noisy and the
telephone-band copies (benchmarks/voice_eval.py runs every rendering of every utterance). Lines
are heard as voice turns hear them: numbers while the agent waits for one, then read back and
confirmed by a spoken yes.
"""

import pytest
from speech_eval import Report, evaluate
from speech_set import RENDERINGS, load_manifest, rotation

from helpline.language import Intent, get_understander

pytestmark = [pytest.mark.voice, pytest.mark.xdist_group("voice")]

# Guards at the level measured on the default pass (0.84 intent, 0.82 English numbers verified,
# 0.875 Hindi numbers read back right); the goal is 0.85 and 0.90. Whisper's int8 kernels differ
# by CPU, hence the margin.
INTENT_BAR = 0.80
PHONE_EN_BAR = 0.80
PHONE_EN_WIDEBAND_BAR = 0.90  # English digits on wideband audio (not the 8 kHz copies)
PHONE_HI_READ_BACK_BAR = 0.70  # Hindi digits, heard by template matching (digit_dtw.py)


def test_the_manifest_covers_every_intent_phone_numbers_and_amounts() -> None:
    items = load_manifest()
    assert len(items) >= 60
    assert len({u.id for u in items}) == len(items)
    assert {u.intent for u in items if u.intent} == {i.value for i in Intent}
    assert sum(1 for u in items if u.digits == "english") >= 8
    assert sum(1 for u in items if u.digits == "hindi") >= 3
    assert sum(1 for u in items if u.amount is not None) >= 5
    assert sum(1 for u in items if u.script == "devanagari" and u.intent) >= 12
    assert any(r.phone_band for r in RENDERINGS)
    assert len({(r.voice, r.speed) for r in RENDERINGS}) >= 4
    assert {rotation(i) for i in range(len(items))} == set(RENDERINGS)


def test_the_manifest_text_itself_is_understood() -> None:
    """The labels agree with the language layer on the written words (speech aside)."""
    understander = get_understander()
    for u in load_manifest():
        got = understander.understand(u.say)
        entities = {e.kind.value: e.value for e in got.entities}
        if u.intent:
            assert got.intent.value == u.intent, u.id
        if u.phone and u.digits == "english":
            assert entities.get("phone") == u.phone, u.id
        if u.amount is not None:
            assert entities.get("amount") == u.amount, u.id


@pytest.fixture(scope="module")
def report(whisper_stt, speech_tools) -> Report:
    items = load_manifest()
    return evaluate(
        whisper_stt, get_understander(spoken=True), ((u, rotation(i)) for i, u in enumerate(items))
    )


def test_intent_accuracy_through_speech_meets_the_bar(report: Report) -> None:
    print(report.summary())
    assert report.intent_accuracy >= INTENT_BAR, "\n".join([report.summary(), *report.failures()])


def test_phone_numbers_said_digit_by_digit_in_english_are_verified_after_the_read_back(
    report: Report,
) -> None:
    failures = "\n".join([report.summary(), *report.failures()])
    assert report.verified("english") >= PHONE_EN_BAR, failures
    wide = [
        r
        for r in report.results
        if r.utterance.digits == "english" and r.utterance.phone and not r.rendering.phone_band
    ]
    assert sum(r.verified for r in wide) / len(wide) >= PHONE_EN_WIDEBAND_BAR, failures


def test_phone_numbers_said_digit_by_digit_in_hindi_are_read_back_right(report: Report) -> None:
    # Verification also needs the spoken "haan ji, sahi hai" heard as a yes (reported only).
    failures = "\n".join([report.summary(), *report.failures()])
    assert report.phone_match("hindi") >= PHONE_HI_READ_BACK_BAR, failures
