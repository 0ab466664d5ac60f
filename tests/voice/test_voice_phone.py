"""What the agent expects next, and the read-back of a phone number heard over a voice line."""

import time

import pytest
from engine_kit import Outbox, agent_factory

from helpline.engine.expectation import Expectation
from helpline.engine.voice import guessed_refusal, judge_for
from helpline.engine.voice_phone import (
    Answer,
    PhoneReadBack,
    grouped,
    heard_answer,
    number_heard,
    voted_number,
)
from helpline.language import get_understander
from helpline.providers.stt.base import NO, YES, Transcript

pytestmark = pytest.mark.voice
DEMO_PHONE = "9876543210"


def test_the_agent_expects_a_phone_then_a_code_then_free_speech(seeded) -> None:
    outbox = Outbox()
    agent = agent_factory(seeded, outbox)(otp="on")
    session = agent.start().session_id
    assert agent.expects(session) is Expectation.PHONE
    agent.turn(session, DEMO_PHONE)
    assert agent.expects(session) is Expectation.CODE
    assert agent.turn(session, outbox.last_code).verified
    assert agent.expects(session) is Expectation.SPEECH
    assert agent.expects("no-such-session") is Expectation.PHONE


def answer(readback: PhoneReadBack, text: str) -> tuple[Answer, str]:
    c = readback.answer("s1", text, get_understander(spoken=True).understand(text))
    return c.answer, c.phone


def test_a_yes_confirms_the_number_read_back_and_clears_it() -> None:
    readback = PhoneReadBack()
    readback.hold("s1", DEMO_PHONE)
    assert answer(readback, "haan ji, sahi hai") == (Answer.CONFIRMED, DEMO_PHONE)
    assert readback.pending("s1") is None


def test_a_no_asks_again_and_another_number_is_read_back_in_its_turn() -> None:
    readback = PhoneReadBack()
    readback.hold("s1", DEMO_PHONE)
    assert answer(readback, "nau aath ek do teen chaar paanch chhah saat aath") == (
        Answer.NEW_NUMBER,
        "9812345678",
    )
    assert readback.pending("s1") == "9812345678"
    assert answer(readback, "nahi, galat hai")[0] is Answer.REJECTED
    assert readback.pending("s1") is None


def test_a_reply_that_is_neither_keeps_the_number_waiting() -> None:
    readback = PhoneReadBack()
    readback.hold("s1", DEMO_PHONE)
    assert answer(readback, "mera balance kitna hai") == (Answer.UNCLEAR, DEMO_PHONE)
    assert readback.pending("s1") == DEMO_PHONE


def test_a_number_left_unconfirmed_is_forgotten() -> None:
    readback = PhoneReadBack(ttl_s=0.01)
    readback.hold("s1", DEMO_PHONE)
    time.sleep(0.02)
    assert readback.pending("s1") is None


def test_the_number_is_said_back_in_two_groups() -> None:
    assert grouped(DEMO_PHONE) == "98765 43210"


def test_the_readings_vote_on_the_number_and_a_tie_goes_to_the_best_reading() -> None:
    # The first pass wrote "double seven" as "97"; three readings of the number pass heard it.
    readings = (
        "9, 8, 97, 1, 2, 3, 4, 5, 6.",
        "nine, eight, double seven, one, two, three, four, five, six.",
        "9 8 double 7123456",
        "9877123456",
        "9897123456",
    )
    assert voted_number(readings, Expectation.PHONE) == "9877123456"
    assert voted_number(readings[:2], Expectation.PHONE) == "9897123456"
    assert voted_number(("mera balance", "9876543210"), Expectation.PHONE) == "9876543210"
    assert voted_number(("mera balance",), Expectation.PHONE) is None


def test_a_best_reading_written_one_numeral_a_digit_is_not_outvoted() -> None:
    # No digit of it was merged with another, so agreeing readings of the number pass do not
    # change one of its digits.
    readings = ("7012345678", "7012345178", "7012345178", "7012345178")
    raw = "7, 0, 1, 2, 3, 4, 5, 6, 7, 8."
    assert voted_number(readings, Expectation.PHONE, first_raw=raw) == "7012345678"
    # Written any other way, it still has one vote: "9, 8, 97, ..." may have merged a double.
    assert voted_number(readings, Expectation.PHONE) == "7012345178"
    merged = "7, 0, 12, 3, 4, 5, 6, 7, 8."
    assert voted_number(readings, Expectation.PHONE, first_raw=merged) == "7012345178"


def test_a_number_line_is_judged_by_its_digits_and_other_lines_as_speech() -> None:
    judge = judge_for(get_understander(spoken=True), Expectation.PHONE)
    assert judge("now, aath, saat, chhah, paanch, chaar, teen, do, ek, shunya") == 1.0
    assert judge("Mera number hai 9, 8, 7, 1, 2, 3, 4, 5, 6.") == 0.0  # a digit lost
    assert judge("mera balance kitna hai") > 0.6  # a question before the number
    assert number_heard("mera code 4 8 1 5 1 6 hai", Expectation.CODE) == "481516"
    assert number_heard("mera balance kitna hai", Expectation.PHONE) is None


def test_a_garbled_line_read_as_a_refusal_is_asked_again_rather_than_acted_on() -> None:
    """What Whisper wrote for "dhanyavaad aapka" (thanks) in the spoken test set."""
    understander = get_understander(spoken=True)
    garbled = "Nen, nen, nen, ma, no, kit."
    # Either the classifier cannot place it at all, or it guesses a refusal it is unsure of:
    # never a refusal the agent acts on.
    if understander.understand(garbled).intent.value != "out_of_scope":
        assert guessed_refusal(understander, garbled)
    assert not guessed_refusal(understander, "nahi, rehne do")
    assert not guessed_refusal(understander, "no, not now")


@pytest.mark.parametrize(
    ("text", "answer", "acted_on"),
    [
        ("haan hai", NO, "nahi"),  # a "nahi" Whisper read as a yes: the matcher's no wins
        ("hongdae sa haan", YES, "haan"),  # a garbled yes
        ("farsi buon o", YES, "haan"),  # words Whisper could not read are no request
        ("hello ji", YES, "haan"),  # nor is a greeting: a garbled yes read as one
        ("oh hi", NO, "nahi"),  # a "nahi" read as a greeting
        ("thank you ji", YES, "haan"),
        ("no wrong", YES, "no wrong"),  # Whisper's own no wins over a matched yes
        ("mera balance kitna hai", YES, "mera balance kitna hai"),  # another request
        ("mera number 9876543211 hai", YES, "mera number 9876543211 hai"),  # another number
        ("haan ji", "", "haan ji"),  # nothing matched: Whisper's words
    ],
)
def test_the_reply_to_a_read_back_weighs_the_answer_matcher_against_the_words(
    text: str, answer: str, acted_on: str
) -> None:
    transcript = Transcript(text, "en", 0.3, 1.0, text, answer=answer)
    assert heard_answer(transcript, get_understander().understand(text)) == acted_on
