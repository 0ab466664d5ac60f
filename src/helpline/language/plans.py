"""Plan names said loosely ("unlimted pro", "smart wala") matched to the operator's catalogue."""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz

from helpline.language.normalize import normalize

# Similarity (0-100) a window of words needs to count as a plan name: typos pass, other plans
# sharing a word ("unlimited pe" vs "unlimited pro" scores 88) do not.
_MIN_SCORE = 90.0
_MIN_NAME_CHARS = 4
# Words that say what kind of plan or need a line is about, not which plan: "mera talktime kitna
# hai" asks the balance, "value for money plan" and "annual plan" ask for a recommendation. A plan
# named by one of them alone ("Talktime 100", "Value 479") is named only with its number.
_KIND_WORDS = frozenset({"talktime", "value", "annual", "yearly", "quarterly", "data", "unlimited"})


@dataclass(frozen=True, slots=True)
class _Plan:
    name: str
    forms: tuple[tuple[str, ...], ...]  # full name, and name without its numbers


@lru_cache(maxsize=64)
def _plans(plan_names: tuple[str, ...]) -> tuple[_Plan, ...]:
    out: list[_Plan] = []
    for name in plan_names:
        words = tuple(normalize(name).split())
        bare = tuple(w for w in words if not w.replace(".", "").isdigit())
        forms = {words}
        generic = len(bare) == 1 and bare[0] in _KIND_WORDS
        if bare and len(" ".join(bare)) >= _MIN_NAME_CHARS and not generic:
            forms.add(bare)
        out.append(_Plan(name, tuple(f for f in forms if f)))
    return tuple(out)


def find_plans(words: Sequence[str], plan_names: Sequence[str]) -> list[tuple[int, int, str]]:
    """Non-overlapping (first, last, plan name) matches of plan names in normalised words."""
    candidates: list[tuple[float, int, int, str]] = []
    for plan in _plans(tuple(plan_names)):
        for form in plan.forms:
            target, size = " ".join(form), len(form)
            for i in range(len(words) - size + 1):
                window = " ".join(words[i : i + size])
                if window[:1] != target[:1]:
                    continue  # a different first letter is a different word, and saves time
                score = fuzz.ratio(window, target, score_cutoff=_MIN_SCORE)
                if score:
                    candidates.append((score + size, i, i + size - 1, plan.name))
    taken: set[int] = set()
    out: list[tuple[int, int, str]] = []
    for _, first, last, name in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if not taken.intersection(range(first, last + 1)):
            taken.update(range(first, last + 1))
            out.append((first, last, name))
    return sorted(out)
