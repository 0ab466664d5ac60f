"""Score a speech recogniser plus the language layer on the spoken test set."""

import statistics
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from speech_set import Rendering, Utterance, render

from helpline.language import Utterance as Understood
from helpline.language import normalize
from helpline.providers.stt.base import Transcript


class Recogniser(Protocol):
    def transcribe(self, audio: Path) -> Transcript: ...


class Understander(Protocol):
    def understand(self, text: str) -> Understood: ...


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

    def phone_match(self, digits: str) -> float:
        rows = [r for r in self.results if r.utterance.phone and r.utterance.digits == digits]
        return self._share(rows, (r.phone == r.utterance.phone for r in rows))

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
            f"phone_en={self.phone_match('english'):.3f} phone_hi={self.phone_match('hindi'):.3f} "
            f"amount={self.amount_match:.3f} not_understood={self.not_understood:.3f} "
            f"stt_rtf_p50={self.rtf:.3f}"
        )


def evaluate(
    stt: Recogniser, understander: Understander, items: Iterable[tuple[Utterance, Rendering]]
) -> Report:
    report = Report()
    for utterance, rendering in items:
        path = render(utterance, rendering)
        started = time.perf_counter()
        transcript = stt.transcribe(path)
        seconds = time.perf_counter() - started
        understood = understander.understand(transcript.text)
        entities = {e.kind.value: e.value for e in understood.entities}
        report.results.append(
            Result(
                utterance,
                rendering,
                transcript,
                understood.intent.value if transcript.text else None,
                str(entities["phone"]) if "phone" in entities else None,
                entities.get("amount"),
                seconds,
            )
        )
    return report
