"""The interruption judge on what was heard so far: words, duration, loudness, and whether the
caller has stopped. (test_interruption_set.py measures it on spoken clips.)"""

import pytest

from helpline.engine.interruption import (
    BACKCHANNEL_MAX_MS,
    LEAD_DOUBT,
    LONG_AFTER_MS,
    OTHER_WORDS_MAX,
    PARTIAL_TRUST_MS,
    QUIET_DBFS,
    REQUEST_MIN_MS,
    Heard,
    InterruptJudge,
    Verdict,
    ack_margin,
    barge_in_reading,
    spotting_groups,
    worth_spotting,
)
from helpline.language.backchannel import Backchannel, backchannel_kind, only_listed, words_read
from helpline.providers.stt.whisper_keywords import Spot

SHORT = PARTIAL_TRUST_MS + 100
LONG = BACKCHANNEL_MAX_MS + 100
SPOKEN = QUIET_DBFS + 20


def verdict(
    text: str,
    *,
    ms: float = SHORT,
    dbfs: float = SPOKEN,
    ended: bool = True,
    margin: float | None = None,
    lead: float | None = None,
) -> Verdict:
    heard = Heard(ms, dbfs, text, ended, ack_margin=margin, ack_lead=lead)
    return InterruptJudge().judge(heard)


@pytest.mark.parametrize("text", ["haan", "hmm", "achha", "ji", "ok", "theek hai", "हाँ जी"])
def test_a_short_acknowledgement_is_a_backchannel(text: str) -> None:
    assert verdict(text) is Verdict.BACKCHANNEL


@pytest.mark.parametrize("text", ["ruko", "nahi nahi", "ek minute", "wait", "रुकिए"])
def test_a_stop_word_interrupts_before_the_caller_has_finished(text: str) -> None:
    assert verdict(text, ended=False) is Verdict.INTERRUPT


def test_a_stop_word_in_the_first_guess_of_a_partial_is_not_trusted_yet() -> None:
    early = PARTIAL_TRUST_MS - 100
    assert verdict("suno", ms=early, ended=False) is Verdict.WAIT
    assert verdict("suno", ms=early, ended=True) is Verdict.INTERRUPT


def test_a_request_interrupts_once_it_is_long_enough_to_be_one() -> None:
    assert verdict("balance batao", ms=REQUEST_MIN_MS, ended=True) is Verdict.INTERRUPT
    assert verdict("balance batao", ms=LONG, ended=False) is Verdict.INTERRUPT


def test_a_short_line_of_unlisted_words_is_taken_for_a_misheard_backchannel() -> None:
    assert verdict("real cow", ms=REQUEST_MIN_MS - 200, ended=True) is Verdict.BACKCHANNEL


def test_an_acknowledgement_still_going_is_waited_on() -> None:
    # "haan..." may turn into "haan, but...": the reply stays paused until it ends.
    assert verdict("haan", ended=False) is Verdict.WAIT


def test_short_speech_with_no_words_yet_is_waited_on() -> None:
    assert verdict("", ms=250, ended=False) is Verdict.WAIT


def test_long_speech_interrupts_even_before_words_are_heard() -> None:
    assert verdict("", ms=LONG, ended=False) is Verdict.INTERRUPT
    assert verdict("haan haan", ms=LONG, ended=False) is Verdict.INTERRUPT


def test_a_short_murmur_with_no_words_is_a_backchannel() -> None:
    assert verdict("", ended=True) is Verdict.BACKCHANNEL


def test_a_sound_too_quiet_to_be_the_caller_never_interrupts_on_length_alone() -> None:
    assert verdict("", ms=LONG, dbfs=QUIET_DBFS - 10, ended=False) is Verdict.WAIT
    assert verdict("", ms=LONG, dbfs=QUIET_DBFS - 10, ended=True) is Verdict.BACKCHANNEL
    assert verdict("ruko", dbfs=QUIET_DBFS - 10) is Verdict.INTERRUPT


def test_readings_the_barge_in_words_explain_score_above_the_rest() -> None:
    assert barge_in_reading("haan ji") > barge_in_reading("real cow")
    assert barge_in_reading("ruko") > barge_in_reading("")


# Keyword spotting: once the caller has stopped, the spotter's margin (best acknowledgement's
# score minus best stop's, nats) is weighed with the words and the length.


def test_spotting_decides_a_short_line_of_unlisted_words() -> None:
    assert verdict("real cow", margin=1.0) is Verdict.BACKCHANNEL
    assert verdict("bens carol", margin=-6.0) is Verdict.INTERRUPT


def test_a_stop_word_heard_is_overruled_only_by_a_clear_acknowledgement() -> None:
    assert verdict("suno", margin=1.0) is Verdict.INTERRUPT
    assert verdict("suno", margin=6.0) is Verdict.BACKCHANNEL


def test_longer_speech_needs_more_evidence_to_pass_as_a_backchannel() -> None:
    # The same spotter's margin, short and long.
    assert verdict("real cow", ms=LONG_AFTER_MS, margin=-1.0) is Verdict.BACKCHANNEL
    assert verdict("real cow", ms=LONG_AFTER_MS + 800, margin=-1.0) is Verdict.INTERRUPT


def test_a_line_of_many_unlisted_words_is_weighed_as_a_request_not_a_misheard_backchannel() -> None:
    # "i found the badger" for "balance batao": no acknowledgement is read as four words.
    few, many = "real kow ok", "i found the badger"
    assert words_read(few) == OTHER_WORDS_MAX < words_read(many)
    assert verdict(few, margin=-1.0) is Verdict.BACKCHANNEL
    assert verdict(many, margin=-1.0) is Verdict.INTERRUPT
    # The spotter can still say it was an acknowledgement, when it is sure.
    assert verdict(many, margin=6.0) is Verdict.BACKCHANNEL


def test_fillers_and_a_decoders_loop_are_not_counted_as_words_read() -> None:
    assert words_read("uh haan ah ji") == 2
    assert words_read("time time time time") == 1
    assert words_read("ruko ruko mujhe ruko") == 3
    assert words_read("") == 0


def test_spotting_is_weighed_only_once_the_caller_has_stopped() -> None:
    assert verdict("suno", ended=False, margin=9.0) is Verdict.INTERRUPT
    assert verdict("real cow", ended=False, margin=9.0) is Verdict.WAIT


def test_spotting_does_not_overrule_length_or_a_quiet_line() -> None:
    assert verdict("real cow", ms=BACKCHANNEL_MAX_MS + 100, margin=9.0) is Verdict.INTERRUPT
    assert verdict("ruko", dbfs=QUIET_DBFS - 10, margin=9.0) is Verdict.INTERRUPT


def test_only_readings_that_are_no_acknowledgement_are_spotted() -> None:
    assert not worth_spotting("haan ji")
    assert not worth_spotting("ठीक है")
    assert worth_spotting("ruko")
    assert worth_spotting("real cow")
    assert worth_spotting("")


def test_the_margin_is_the_best_acknowledgement_over_the_best_stop() -> None:
    spots = {"ack": Spot("haan", 3.0), "stop": Spot("ruko", 5.5)}
    assert ack_margin(spots) == pytest.approx(-2.5)
    assert ack_margin({}) is None


def test_every_spotted_phrase_reads_as_its_own_kind() -> None:
    groups = spotting_groups()
    assert set(groups) == {Backchannel.ACK.value, Backchannel.STOP.value}
    for group, phrases in groups.items():
        assert phrases
        assert all(backchannel_kind(p).value == group for p in phrases)


def test_a_request_is_told_from_a_line_of_listed_words_only() -> None:
    # The live call reads a request over a reply again as a turn; a bare stop it does not.
    assert only_listed("ruko ruko")
    assert only_listed("haan ji uh ok")
    assert not only_listed("ruko ruko mujhe recharge karna hai")
    assert not only_listed("balance batao")


def test_templates_leaning_to_a_stop_overrule_a_reading_of_acknowledgements() -> None:
    # Whisper wrote "haan" for "nahi nahi" and "ok" for "ruko ruko" in quiet, noisy clips.
    assert verdict("haan", lead=None) is Verdict.BACKCHANNEL
    assert verdict("haan", lead=0.5) is Verdict.BACKCHANNEL
    assert verdict("haan", lead=-1.0) is Verdict.INTERRUPT


def test_templates_leaning_to_an_acknowledgement_keep_a_misheard_one_going() -> None:
    # "time time time" for a Hindi "हम्म हम्म", with the spotter leaning to a stop.
    assert verdict("time time time", margin=-6.0) is Verdict.INTERRUPT
    assert verdict("time time time", margin=-6.0, lead=1.0) is Verdict.BACKCHANNEL


@pytest.mark.parametrize(("text", "margin"), [("time time time", -6.0), ("i", 0.5), ("haan", None)])
def test_a_lead_too_small_to_trust_changes_nothing(text: str, margin: float | None) -> None:
    # In noise the lead shrinks towards zero for acknowledgements and stops alike.
    alone = verdict(text, margin=margin)
    for lead in (-LEAD_DOUBT, 0.0, LEAD_DOUBT):
        assert verdict(text, margin=margin, lead=lead) is alone


def test_the_templates_lead_does_not_overrule_length_or_a_quiet_line() -> None:
    assert verdict("haan", ms=LONG, lead=2.0) is Verdict.INTERRUPT
    assert verdict("ruko", dbfs=QUIET_DBFS - 5, lead=2.0) is Verdict.INTERRUPT
    assert verdict("", dbfs=QUIET_DBFS - 5, lead=-2.0) is Verdict.BACKCHANNEL
    assert verdict("haan", ended=False, lead=-2.0) is Verdict.WAIT
