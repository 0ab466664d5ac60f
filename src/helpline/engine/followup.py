"""Follow-up questions that only make sense after the previous answer.

"aur validity?" after a balance answer means the current plan's validity; "uska price?" after a
recommendation means that plan's price. The word lists are data: data/followups.yaml.
"""

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from helpline.engine.packaged import load_yaml
from helpline.engine.phrases import PhraseSet


class Aspect(StrEnum):
    VALIDITY = "validity"
    PRICE = "price"
    DATA = "data"
    BALANCE = "balance"


@dataclass(frozen=True, slots=True)
class FollowUp:
    """What a short follow-up line asks about and whether it points at a named plan."""

    aspect: Aspect
    about_plan: bool  # "uska", "is plan": a plan named in an earlier answer


class FollowUpReader:
    """Recognises follow-up lines; built once from data/followups.yaml."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        spec = data if data is not None else load_yaml("data/followups.yaml")
        self._max_words = int(spec["max_words"])
        self._continuations = PhraseSet(spec["continuations"])
        self._references = PhraseSet(spec["references"])
        self._aspects = [
            (Aspect(name), PhraseSet(words)) for name, words in spec["aspects"].items()
        ]

    def read(self, text: str) -> FollowUp | None:
        """The follow-up a short line asks, or None when the line stands on its own."""
        line = text.lower().strip()
        if not line or len(line.split()) > self._max_words:
            return None
        refers = self._references.search(line) is not None
        if not refers and self._continuations.search(line) is None:
            return None
        for aspect, words in self._aspects:
            if words.search(line) is not None:
                return FollowUp(aspect, refers)
        return None
