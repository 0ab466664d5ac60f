"""A phone number heard over a voice line is read back, and used only after the caller's yes.

A misheard digit would verify someone else or nobody, so the number the recogniser heard is said
back ("aapka number 98765 43210 hai, sahi hai?"); a yes passes it to the text agent, a no asks
for it again, another number is read back in its turn. The number waiting for its yes is kept
here, keyed by session id: the session store belongs to the text agent.
"""

import re
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

from helpline.engine.expectation import Expectation
from helpline.language import Intent, Utterance
from helpline.language.digits import spoken_digits, spoken_phone
from helpline.providers.stt.base import NO, WHOLE_NUMBER, YES, Judge, Transcript


class Understander(Protocol):
    def understand(self, text: str) -> Utterance: ...


# A number waiting this long for its yes is forgotten (the caller went quiet or hung up).
PENDING_TTL_S = 300.0
CODE_LENGTHS = range(4, 9)
# A reading understood this surely as something other than a yes or a no is what the caller
# said, whatever the answer matcher made of it (voice.py's SURE_INTENT).
SURE_OTHER = 0.75
_SEPARATORS = re.compile(r"[\s,.]+")
# Readings of a reply to a read-back that ask for nothing else: an answer, Whisper's garbled
# words (out of scope), or a greeting or thanks, which garbled Hindi often reads as ("haki saki
# hey" for "हाँ जी, सही है") and which, said to a read-back, carry no request either.
_NO_REQUEST = frozenset(
    (Intent.AFFIRM, Intent.DENY, Intent.OUT_OF_SCOPE, Intent.GREETING, Intent.THANKS)
)


class Answer(Enum):
    CONFIRMED = "confirmed"  # yes: verify with the number
    REJECTED = "rejected"  # no: ask for the number again
    NEW_NUMBER = "new_number"  # another number: read that one back
    UNCLEAR = "unclear"  # neither: ask the question again


@dataclass(frozen=True, slots=True)
class Confirmation:
    answer: Answer
    phone: str  # the number confirmed, or the new one to read back


def grouped(phone: str) -> str:
    """98765 43210: the way a number is said back, in two groups of five."""
    return f"{phone[:5]} {phone[5:]}"


def number_heard(text: str, expectation: Expectation) -> str | None:
    """The phone number (or one-time code) in a transcript made while waiting for it."""
    if expectation is Expectation.PHONE:
        return spoken_phone(text, loose=True)
    if expectation is Expectation.CODE:
        digits = spoken_digits(text, loose=True)
        return digits if digits and len(digits) in CODE_LENGTHS else None
    return None


def voted_number(
    readings: Sequence[str], expectation: Expectation, *, first_raw: str = ""
) -> str | None:
    """The number most readings of the audio agree on, each reading one vote; a tie goes to the
    recogniser's best reading (the first). The best reading counts no more than the others: the
    first pass may write "double seven" as "97" or "double one" as "2", and the number pass's
    readings that heard "double" are what outvote it (183 tuning numbers, docs/benchmarks.md:
    two more right, none fewer). But when the recogniser wrote the best reading one numeral a
    digit (`first_raw`: "7, 0, 1, 2, ..."), it merged no digits and stands."""
    heard = [number_heard(r, expectation) for r in readings]
    if heard and heard[0] is not None and _one_numeral_a_digit(first_raw):
        return heard[0]
    numbers = [n for n in heard if n is not None]
    if not numbers:
        return None
    counts = Counter(numbers)
    return max(numbers, key=lambda n: (counts[n], -numbers.index(n)))


def transcript_number(transcript: Transcript, expectation: Expectation) -> str | None:
    """voted_number over a transcript's readings, its best one as the recogniser wrote it."""
    readings = (transcript.text, *transcript.alternatives)
    return voted_number(readings, expectation, first_raw=transcript.raw_text)


def _one_numeral_a_digit(reading: str) -> bool:
    """Whether a reading is digits only, each written as its own numeral: "7, 0, 1, 2"."""
    parts = [p for p in _SEPARATORS.split(reading) if p]
    return bool(parts) and all(len(p) == 1 and p.isdecimal() for p in parts)


def confirmation_judge(understander: Understander) -> Judge:
    """A judge for the caller's answer to a read-back: a yes or a no (or another number)."""

    def judge(text: str) -> float:
        if spoken_phone(text, loose=True) is not None:
            return 1.0
        u = understander.understand(text)
        return u.confidence if u.intent in (Intent.AFFIRM, Intent.DENY) else 0.0

    return judge


def heard_answer(transcript: Transcript, understood: Utterance) -> str:
    """The caller's reply to a read-back as the agent acts on it: the answer matcher's yes or no
    (Transcript.answer) unless Whisper read a number, a sure request of another kind, or (for
    a matched yes) a sure no. The matcher's no wins over Whisper's yes, since some voices'
    "nahi" is read "haan hai" and a no only asks for the number again. Out-of-scope readings
    are Whisper's garbled words, and greetings and thanks no request (_NO_REQUEST). Otherwise
    the words Whisper read."""
    if not transcript.answer or spoken_phone(transcript.text, loose=True) is not None:
        return transcript.text
    sure = understood.confidence >= SURE_OTHER
    if sure and understood.intent not in _NO_REQUEST:
        return transcript.text
    if transcript.answer == NO:
        return "nahi"
    if transcript.answer == YES and not (sure and understood.intent is Intent.DENY):
        return "haan"
    return transcript.text


def answer_read_back(
    read_back: "PhoneReadBack", session_id: str, transcript: Transcript, understander: Understander
) -> Confirmation:
    """What the caller's reply to the number read back means, the answer matcher weighed in."""
    understood = understander.understand(transcript.text)
    text = heard_answer(transcript, understood)
    if text != transcript.text:
        understood = understander.understand(text)
    return read_back.answer(session_id, text, understood)


def number_judge(speech: Judge, expectation: Expectation) -> Judge:
    """A judge for readings made while the agent waits for a number: a reading holding the whole
    number is best; one holding a broken number (some digits, not a number) is worst; any other
    line is judged as speech, since the caller may ask something else first."""

    def judge(text: str) -> float:
        if number_heard(text, expectation) is not None:
            return WHOLE_NUMBER
        digits = spoken_digits(text)
        if digits is not None and len(digits) >= 4:
            return 0.0
        return speech(text)

    return judge


class PhoneReadBack:
    """Numbers heard and said back, waiting for the caller's yes (per session, thread-safe)."""

    def __init__(self, *, ttl_s: float = PENDING_TTL_S) -> None:
        self._ttl_s = ttl_s
        self._pending: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def hold(self, session_id: str, phone: str) -> None:
        """Keep the number heard until the caller confirms it."""
        with self._lock:
            self._pending[session_id] = (phone, time.monotonic() + self._ttl_s)

    def pending(self, session_id: str) -> str | None:
        """The number read back in this session and not yet confirmed."""
        with self._lock:
            held = self._pending.get(session_id)
            if held is None:
                return None
            if held[1] <= time.monotonic():
                del self._pending[session_id]
                return None
            return held[0]

    def drop(self, session_id: str) -> None:
        with self._lock:
            self._pending.pop(session_id, None)

    def answer(self, session_id: str, text: str, utterance: Utterance) -> Confirmation:
        """What the caller's reply to the read-back means; a settled answer clears the number."""
        held = self.pending(session_id) or ""
        other = spoken_phone(text, loose=True)
        if other is not None and other != held:
            self.hold(session_id, other)
            return Confirmation(Answer.NEW_NUMBER, other)
        if utterance.intent is Intent.AFFIRM or other == held:
            self.drop(session_id)
            return Confirmation(Answer.CONFIRMED, held)
        if utterance.intent is Intent.DENY:
            self.drop(session_id)
            return Confirmation(Answer.REJECTED, held)
        return Confirmation(Answer.UNCLEAR, held)
