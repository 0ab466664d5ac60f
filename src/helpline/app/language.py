"""What the language layer understands of text: the record `helpline nlu` prints."""

from collections.abc import Sequence
from pathlib import Path

from helpline.app.models import EntitySpan, Understanding
from helpline.language import Understander, Utterance, get_understander


class Language:
    def __init__(self, cache_dir: Path | None = None) -> None:
        # The fitted intent models are kept there, so a new process loads instead of fitting.
        self._cache_dir = cache_dir

    def ready(self) -> Understander:
        """The understander, loaded (or fitted) now rather than on the first line."""
        return get_understander(cache_dir=self._cache_dir)

    def understand_many(
        self, texts: Sequence[str], *, plan_names: Sequence[str] = ()
    ) -> list[Understanding]:
        """Intent, entities, sentiment and triage of each text (one classifier run for all)."""
        understander = self.ready()
        return [
            understanding(u) for u in understander.understand_many(texts, plan_names=plan_names)
        ]


def understanding(u: Utterance) -> Understanding:
    return Understanding(
        text=u.text,
        normalized=u.normalized,
        intent=u.intent.value,
        confidence=u.confidence,
        entities=[
            EntitySpan(kind=e.kind.value, value=e.value, start=e.start, end=e.end)
            for e in u.entities
        ],
        sentiment=u.sentiment.value,
        sentiment_score=u.sentiment_score,
        department=u.department.value if u.department else None,
        priority=u.priority.value if u.priority else None,
    )
