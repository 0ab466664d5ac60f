"""The grounding check: an LLM reply may state only what the facts hold.

Every number (amounts, GB, days, dates, ticket numbers) and every plan name in the reply must
appear in the facts; "sir"/"madam" only as the data says. Anything else and the template reply
is used instead.
"""

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from helpline.engine.facts import Facts, all_numbers, numbers_in

_HONORIFIC = re.compile(r"(?<!\w)(sir|madam|ma'am|maam)(?!\w)", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Grounding:
    ok: bool
    unsupported: tuple[str, ...] = ()


class _Names:
    """Finds catalogue plan names in text, longest first ("Super Saver Plus" first)."""

    def __init__(self, names: Iterable[str]) -> None:
        items = sorted({n.lower() for n in names if n.strip()}, key=len, reverse=True)
        body = "|".join(re.escape(n) for n in items)
        self._pattern = re.compile(rf"(?<!\w)(?:{body})(?!\w)") if items else None

    def find(self, text: str) -> set[str]:
        return set(self._pattern.findall(text.lower())) if self._pattern else set()


class GroundingCheck:
    def __init__(self, plan_names: Callable[[], Sequence[str]]) -> None:
        self._plan_names = plan_names
        self._cache: tuple[tuple[str, ...], _Names] | None = None

    def _names(self) -> _Names:
        names = tuple(self._plan_names())
        if self._cache is None or self._cache[0] != names:
            self._cache = (names, _Names(names))
        return self._cache[1]

    def check(self, text: str, facts: Sequence[Facts], honorific: str) -> Grounding:
        """Whether text states only what facts hold; lists what it states beyond them."""
        unsupported = [n for n in numbers_in(text) if n not in all_numbers(facts)]
        names = self._names()
        known = set().union(*(names.find(v) for f in facts for v in f.values()))
        unsupported += sorted(names.find(text) - known)
        for word in _HONORIFIC.findall(text):
            said = "madam" if word.lower() != "sir" else "sir"
            if said != honorific:
                unsupported.append(word)
        return Grounding(not unsupported, tuple(dict.fromkeys(unsupported)))
