"""Matching whole words and phrases of the package's word lists in a customer's line."""

import re
from collections.abc import Iterable


class PhraseSet:
    """A list of words or phrases, matched on word boundaries, longest first."""

    def __init__(self, phrases: Iterable[str]) -> None:
        items = sorted({p.strip().lower() for p in phrases if p.strip()}, key=len, reverse=True)
        if not items:
            raise ValueError("a phrase set needs at least one phrase")
        body = "|".join(re.escape(p) for p in items)
        self._pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)")

    def search(self, text: str) -> str | None:
        match = self._pattern.search(text.lower())
        return match.group(0) if match else None

    def __contains__(self, text: object) -> bool:
        return isinstance(text, str) and self.search(text) is not None
