"""The interruption judge on what was heard so far: words, duration, loudness, and whether the
caller has stopped. (test_interruption_set.py measures it on spoken clips.)"""

import pytest

from helpline.engine.interruption import (
    BACKCHANNEL_MAX_MS,
    QUIET_DBFS,
    Heard,
    InterruptJudge,
    Verdict,
)

SHORT = BACKCHANNEL_MAX_MS / 2
LONG = BACKCHANNEL_MAX_MS * 1.5
SPOKEN = QUIET_DBFS + 20


def verdict(text: str, *, ms: float = SHORT, dbfs: float = SPOKEN, ended: bool = True) -> Verdict:
    return InterruptJudge().judge(Heard(speech_ms=ms, level_dbfs=dbfs, text=text, ended=ended))


@pytest.mark.parametrize("text", ["haan", "hmm", "achha", "ji", "ok", "theek hai", "हाँ जी"])
def test_a_short_acknowledgement_is_a_backchannel(text: str) -> None:
    assert verdict(text) is Verdict.BACKCHANNEL


@pytest.mark.parametrize("text", ["ruko", "nahi nahi", "ek minute", "wait", "रुकिए"])
def test_a_stop_word_interrupts_at_once_however_short(text: str) -> None:
    assert verdict(text, ms=200, ended=False) is Verdict.INTERRUPT


def test_a_request_interrupts_before_the_caller_has_finished() -> None:
    assert verdict("balance batao", ended=False) is Verdict.INTERRUPT


def test_an_acknowledgement_still_going_is_waited_on() -> None:
    # "haan..." may turn into "haan, but..." : the reply stays paused until it ends.
    assert verdict("haan", ended=False) is Verdict.WAIT


def test_short_speech_with_no_words_yet_is_waited_on() -> None:
    assert verdict("", ms=250, ended=False) is Verdict.WAIT


def test_long_speech_interrupts_even_before_words_are_heard() -> None:
    assert verdict("", ms=LONG, ended=False) is Verdict.INTERRUPT
    assert verdict("haan", ms=LONG, ended=False) is Verdict.INTERRUPT


def test_a_short_murmur_with_no_words_is_a_backchannel() -> None:
    assert verdict("", ended=True) is Verdict.BACKCHANNEL


def test_a_sound_too_quiet_to_be_the_caller_never_interrupts_on_length_alone() -> None:
    assert verdict("", ms=LONG, dbfs=QUIET_DBFS - 10, ended=False) is Verdict.WAIT
    assert verdict("", ms=LONG, dbfs=QUIET_DBFS - 10, ended=True) is Verdict.BACKCHANNEL
    assert verdict("ruko", dbfs=QUIET_DBFS - 10) is Verdict.INTERRUPT
