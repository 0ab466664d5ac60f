"""Which of Whisper's readings of one utterance a voice turn takes: the first one alone, or the
one the intent classifier likes best among the second passes'."""

import pytest

from helpline.engine.voice import speech_judge
from helpline.language import get_understander
from helpline.providers.stt.base import Listen
from helpline.providers.stt.whisper import (
    INITIAL_PROMPT,
    VOCABULARY_PROMPT,
    Pass,
    _only_prompt_words,
    _taken_alone,
)
from helpline.providers.stt.whisper_window import Decoded


def _decoded(text: str) -> Decoded:
    return Decoded(text, avg_logprob=-1.0, no_speech_prob=0.0, tokens=8, speech_s=1.5)


@pytest.mark.parametrize(
    ("raw", "prompt"),
    [
        # Clean-up cuts the prompt's list off the end, which would leave "haan" standing.
        ("haan, haan, nahi, haan, nahi, haan, nahi.", VOCABULARY_PROMPT),
        ("Shukriya, haan.", VOCABULARY_PROMPT),
        ("Mera number hai 9, 8, 0, 1, 2...", INITIAL_PROMPT),
        ("Balance kitna hai? Recharge karna hai.", INITIAL_PROMPT),
    ],
)
def test_a_reading_made_only_of_its_prompts_words_is_the_prompt(raw: str, prompt: str) -> None:
    assert _only_prompt_words(raw, prompt)


@pytest.mark.parametrize(
    ("raw", "prompt"),
    [
        ("haan.", VOCABULARY_PROMPT),  # one word: the caller's answer may be the prompt's word
        ("Recharge karna hai 199", INITIAL_PROMPT),
        ("haan, mera balance batao", VOCABULARY_PROMPT),
        ("Mera balance kitna bacha hai?", INITIAL_PROMPT),
    ],
)
def test_a_reading_with_words_of_its_own_is_the_callers(raw: str, prompt: str) -> None:
    assert not _only_prompt_words(raw, prompt)


@pytest.mark.voice
@pytest.mark.xdist_group("voice")
def test_a_loop_of_prompt_words_never_outscores_what_the_caller_said(whisper_stt) -> None:
    judge = speech_judge(get_understander(spoken=True))
    thanks = "Kabehut Shukriya."
    loop = "haan, haan, nahi, haan, nahi, haan, nahi."
    readings = [
        (Pass("en", INITIAL_PROMPT), _decoded("A, caber, food, shoot me up.")),
        (Pass("en", INITIAL_PROMPT, beams=4, readings=4), _decoded(thanks)),
        (Pass("en", VOCABULARY_PROMPT), _decoded(loop)),
    ]
    score, (_, best), text, _ = whisper_stt._judged(readings, judge)
    assert best.text == thanks, (text, score)


def test_one_word_is_taken_alone_only_when_the_judge_is_all_but_sure() -> None:
    speech = Listen.SPEECH
    assert not _taken_alone(0.87, "mf", "MF.", speech)  # "namaste", read as asking for offers
    assert _taken_alone(0.99, "balance", "Balance.", speech)
    assert _taken_alone(0.87, "mera balance batao", "Mera balance batao.", speech)
    assert not _taken_alone(0.5, "mera balance batao", "Mera balance batao.", speech)


def test_a_yes_or_words_over_a_reply_keep_their_own_bar() -> None:
    assert _taken_alone(0.87, "haan", "Haan.", Listen.ANSWER)
    assert _taken_alone(0.87, "ruko", "Ruko.", Listen.OVER_REPLY)


def test_waiting_for_a_number_only_a_question_is_taken_alone() -> None:
    number = Listen.NUMBER
    assert _taken_alone(0.95, "mujhe apna number yaad nahi hai", "Mujhe apna number...", number)
    # Digits, in numerals or words, go to the number pass and the digit matcher, however sure.
    assert not _taken_alone(1.0, "9876543210", "9876543210", number)
    assert not _taken_alone(1.0, "nau aath saat chhah", "Nau, aath, saat, chhah,", number)
    # Hindi digits at 8 kHz written as letters, which the classifier read as a sure complaint.
    letters = "A-A-A-N-Y-N-Y-X-Q-T-N-R-P-N-G-A."
    assert not _taken_alone(0.9, "a a a n why n why x kyun t n are p n g a", letters, number)
    # The same reading is taken as it is when any speech is expected.
    assert _taken_alone(0.9, "a a a n why n why x kyun t n are p n g a", letters, Listen.SPEECH)
