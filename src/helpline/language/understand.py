"""One customer line to an `Utterance`: normalise, detect the intent, find entities, sentiment,
triage. The only entry point the rest of helpline needs."""

from collections.abc import Iterable, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

from helpline.language import sentiment
from helpline.language.clauses import clause_spans, ordered_parts
from helpline.language.cues import read_cues
from helpline.language.entities import extract
from helpline.language.intents import IntentDetector, intent_detector
from helpline.language.normalize import MAX_CHARS, Token, analyse, join
from helpline.language.problems import read_problem
from helpline.language.triage import triage
from helpline.language.types import Entity, Intent, Utterance


class Understander:
    """Understands lines of customer text; build once (training takes about a second), reuse."""

    def __init__(self, detector: IntentDetector) -> None:
        self._detector = detector

    def understand(self, text: str, *, plan_names: Sequence[str] = ()) -> Utterance:
        """What one line means. Never raises on odd input: it becomes out_of_scope."""
        clean, tokens, normalized = _prepare(text)
        intent, confidence = self._detector.detect(normalized)
        whole = self._finish(text, clean, tokens, normalized, intent, confidence, plan_names)
        return self._with_parts(whole, clean, plan_names)

    def understand_many(
        self, texts: Iterable[str], *, plan_names: Sequence[str] = ()
    ) -> list[Utterance]:
        """`understand` for each line, in order; the classifier runs once for the whole batch."""
        originals = list(texts)
        prepared = [_prepare(t) for t in originals]
        decisions = self._detector.detect_many([p[2] for p in prepared])
        return [
            self._with_parts(
                self._finish(text, clean, tokens, normalized, intent, confidence, plan_names),
                clean,
                plan_names,
            )
            for text, (clean, tokens, normalized), (intent, confidence) in zip(
                originals, prepared, decisions, strict=True
            )
        ]

    def _with_parts(self, whole: Utterance, clean: str, plan_names: Sequence[str]) -> Utterance:
        """The line with its asks as `parts` when it has several; its intent is then the most
        salient part's."""
        spans = clause_spans(clean)
        if len(spans) < 2:
            return whole
        pieces = [_prepare(clean[first:last]) for first, last in spans]
        decisions = self._detector.detect_many([p[2] for p in pieces])
        parts = [
            _shifted(self._finish(c, c, t, n, i, conf, plan_names), first)
            for (first, _), (c, t, n), (i, conf) in zip(spans, pieces, decisions, strict=True)
        ]
        ordered = ordered_parts(parts, whole.intent)
        if not ordered:
            return whole
        top = ordered[0]
        return replace(whole, intent=top.intent, confidence=top.confidence, parts=ordered)

    def _finish(
        self,
        text: str,
        clean: str,
        tokens: list[Token],
        normalized: str,
        intent: Intent,
        confidence: float,
        plan_names: Sequence[str],
    ) -> Utterance:
        if len(text) > MAX_CHARS or not any(c.isalpha() for c in clean):
            # Nobody types a page in one turn, and a line without a single letter ("#$%",
            # emoji, digits) asks nothing we can act on, whatever the classifier makes of it.
            intent, confidence = Intent.OUT_OF_SCOPE, 1.0
        entities = tuple(extract(clean, tokens, plan_names))
        reading = sentiment.read(clean, tokens, intent, confidence)
        score = reading.score
        triaged = triage(normalized, intent, score)
        return Utterance(
            text=text,
            normalized=normalized,
            intent=intent,
            confidence=confidence,
            entities=entities,
            sentiment=sentiment.label(score),
            sentiment_score=round(score, 4),
            abusive=reading.abusive,
            department=triaged[0] if triaged else None,
            priority=triaged[1] if triaged else None,
            cues=replace(
                read_cues(clean, tokens, normalized, entities),
                problem=read_problem(normalized, intent),
            ),
        )


def _shifted(part: Utterance, offset: int) -> Utterance:
    """A clause's Utterance with its entity spans pointing into the whole line."""
    if not part.entities or not offset:
        return part
    moved = tuple(Entity(e.kind, e.value, e.start + offset, e.end + offset) for e in part.entities)
    return replace(part, entities=moved)


def _prepare(text: str) -> tuple[str, list[Token], str]:
    # Lone surrogates (from undecodable bytes) would break JSON and regexes downstream.
    clean = text[:MAX_CHARS].encode("utf-8", "replace").decode("utf-8")
    tokens = analyse(clean)
    return clean, tokens, join(tokens)


@cache
def get_understander(*, spoken: bool = False, cache_dir: Path | None = None) -> Understander:
    """The process's Understander, trained on the package's data at first call; `spoken` gives
    the one for transcripts of speech (see `intent_detector`).

    With `cache_dir` the fitted model is kept in that folder and later processes load it
    instead of fitting; without it (the default) the model is fitted in memory.
    """
    return Understander(intent_detector(heard=spoken, cache_dir=cache_dir))
