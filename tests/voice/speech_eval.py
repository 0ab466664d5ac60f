"""Score a speech recogniser plus the language layer on the spoken test set, hearing each line
as a voice turn does: a phone-number line while the agent waits for a number (and the number read
back must be the one said, and a spoken "haan ji, sahi hai" must confirm it), any other line as
speech from a verified caller."""

import statistics
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from speech_set import Rendering, Utterance, render

from helpline.audio.validate import load_speech
from helpline.engine.expectation import Expectation
from helpline.engine.voice import (
    acceptable,
    guessed_refusal,
    hear,
    judge_for,
    listen_for,
)
from helpline.engine.voice_phone import (
    Answer,
    PhoneReadBack,
    answer_read_back,
    confirmation_judge,
    transcript_number,
)
from helpline.language import Utterance as Understood
from helpline.language import normalize
from helpline.providers.stt.base import Listen, Transcript

# The caller's yes to the read-back, in the words of the line that gave the number.
CONFIRM = {
    ("english", "roman"): Utterance("yes-en", "yes, correct", "affirm", None, None, None),
    ("hindi", "roman"): Utterance("yes-hi", "haan ji, sahi hai", "affirm", None, None, None),
    ("hindi", "devanagari"): Utterance(
        "yes-dev", "हाँ जी, सही है", "affirm", None, None, None, "devanagari"
    ),
}


class Recogniser(Protocol):
    def transcribe(self, audio: Path) -> Transcript: ...


class Understander(Protocol):
    def understand(self, text: str, *, plan_names: Sequence[str] = ()) -> Understood: ...


def word_errors(reference: str, hypothesis: str) -> tuple[int, int]:
    """(edit distance in words, reference length), both texts normalised alike."""
    ref, hyp = normalize(reference).split(), normalize(hypothesis).split()
    row = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, start=1):
        prev, row[0] = row[0], i
        for j, h in enumerate(hyp, start=1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (r != h))
    return row[len(hyp)], len(ref)


def wer(reference: str, hypothesis: str) -> float:
    errors, length = word_errors(reference, hypothesis)
    return errors / max(1, length)


@dataclass
class Result:
    utterance: Utterance
    rendering: Rendering
    transcript: Transcript
    intent: str | None
    phone: str | None
    amount: float | None
    seconds: float
    verified: bool = False  # the number read back was right and the spoken yes confirmed it


@dataclass
class Report:
    results: list[Result] = field(default_factory=list)

    def _share(self, rows: list[Result], ok: Iterable[bool]) -> float:
        flags = list(ok)
        return sum(flags) / len(flags) if rows else float("nan")

    @property
    def wer(self) -> float:
        errors = [word_errors(r.utterance.say, r.transcript.text) for r in self.results]
        return sum(e for e, _ in errors) / max(1, sum(n for _, n in errors))

    @property
    def intent_accuracy(self) -> float:
        rows = [r for r in self.results if r.utterance.intent]
        return self._share(rows, (r.intent == r.utterance.intent for r in rows))

    def intent_accuracy_of(self, script: str) -> float:
        rows = [r for r in self.results if r.utterance.intent and r.utterance.script == script]
        return self._share(rows, (r.intent == r.utterance.intent for r in rows))

    def phone_match(self, digits: str) -> float:
        rows = [r for r in self.results if r.utterance.phone and r.utterance.digits == digits]
        return self._share(rows, (r.phone == r.utterance.phone for r in rows))

    def verified(self, digits: str) -> float:
        rows = [r for r in self.results if r.utterance.phone and r.utterance.digits == digits]
        return self._share(rows, (r.verified for r in rows))

    @property
    def amount_match(self) -> float:
        rows = [r for r in self.results if r.utterance.amount is not None]
        return self._share(rows, (r.amount == r.utterance.amount for r in rows))

    @property
    def not_understood(self) -> float:
        return self._share(self.results, (not r.transcript.text for r in self.results))

    @property
    def rtf(self) -> float:
        """Median seconds of recognition per second of audio."""
        return statistics.median(
            r.seconds / r.transcript.duration_s for r in self.results if r.transcript.duration_s
        )

    def failures(self) -> list[str]:
        return [
            f"{r.utterance.id} [{r.rendering.label}] said {r.utterance.say!r} heard "
            f"{r.transcript.raw_text!r} -> {r.intent} phone={r.phone} amount={r.amount}"
            for r in self.results
            if (r.utterance.intent and r.intent != r.utterance.intent)
            or (r.utterance.phone and r.phone != r.utterance.phone)
            or (r.utterance.amount is not None and r.amount != r.utterance.amount)
        ]

    def summary(self) -> str:
        return (
            f"n={len(self.results)} WER={self.wer:.3f} intent={self.intent_accuracy:.3f} "
            f"(devanagari {self.intent_accuracy_of('devanagari'):.3f}) "
            f"verified_en={self.verified('english'):.3f} verified_hi={self.verified('hindi'):.3f} "
            f"read_back_en={self.phone_match('english'):.3f} "
            f"read_back_hi={self.phone_match('hindi'):.3f} "
            f"amount={self.amount_match:.3f} not_understood={self.not_understood:.3f} "
            f"stt_rtf_p50={self.rtf:.3f}"
        )


def expectation_for(utterance: Utterance) -> Expectation:
    """A number line is heard as the agent hears an unverified caller; others as speech."""
    return Expectation.PHONE if utterance.phone else Expectation.SPEECH


def intent_of(understander: Understander, transcript: Transcript) -> str | None:
    """The intent a voice turn acts on; None when it asks the caller to repeat."""
    if not acceptable(understander, transcript):  # type: ignore[arg-type]
        return None
    if guessed_refusal(understander, transcript.text):
        return None
    return understander.understand(transcript.text).intent.value


def heard(
    stt: Recogniser,
    understander: Understander,
    path: Path,
    expect: Expectation,
    *,
    yes: bool = False,
) -> Transcript:
    judge = confirmation_judge(understander) if yes else judge_for(understander, expect)  # type: ignore[arg-type]
    listen = Listen.ANSWER if yes else listen_for(expect)  # as the agent listens for a yes
    return hear(stt, load_speech(path, max_seconds=30), listen, judge)  # type: ignore[arg-type]


def confirms(
    stt: Recogniser, understander: Understander, utterance: Utterance, rendering: Rendering
) -> bool:
    """The caller's spoken yes, in this rendering, confirms a number read back."""
    yes = CONFIRM[(utterance.digits or "english", utterance.script)]
    transcript = heard(stt, understander, render(yes, rendering), Expectation.SPEECH, yes=True)
    return read_back_answer(understander, transcript) is Answer.CONFIRMED


def read_back_answer(understander: Understander, transcript: Transcript) -> Answer:
    """What the voice agent makes of this reply to a number read back, as VoiceAgent._respond
    and _confirm weigh it: unclear unless the answer matcher heard a yes or a no or the reading
    is acceptable, else the answer to the read-back."""
    if not transcript.answer and not acceptable(understander, transcript):  # type: ignore[arg-type]
        return Answer.UNCLEAR
    readback = PhoneReadBack()
    readback.hold("eval", "9876543210")
    return answer_read_back(readback, "eval", transcript, understander).answer  # type: ignore[arg-type]


def evaluate(
    stt: Recogniser, understander: Understander, items: Iterable[tuple[Utterance, Rendering]]
) -> Report:
    report = Report()
    yes: dict[tuple[str | None, str, Rendering], bool] = {}
    for utterance, rendering in items:
        path = render(utterance, rendering)
        expect = expectation_for(utterance)
        started = time.perf_counter()
        transcript = heard(stt, understander, path, expect)
        seconds = time.perf_counter() - started
        understood = understander.understand(transcript.text)
        entities = {e.kind.value: e.value for e in understood.entities}
        number = transcript_number(transcript, expect) if utterance.phone else None
        verified = False
        if number is not None and number == utterance.phone:
            key = (utterance.digits, utterance.script, rendering)
            if key not in yes:
                yes[key] = confirms(stt, understander, utterance, rendering)
            verified = yes[key]
        report.results.append(
            Result(
                utterance,
                rendering,
                transcript,
                intent_of(understander, transcript),
                number if utterance.phone else None,
                entities.get("amount"),
                seconds,
                verified,
            )
        )
    return report
