"""Word patterns over normalised text, as written in the data files.

A pattern is words separated by spaces; "a|b" is either word, "*" skips up to four words, and a
word ending in "~" matches any word starting with it ("disconnect~"); a pattern starting with
"=" must match the whole text ("= haan|yes"). "balance|data * kitna" matches "mera data abhi
kitna" but not "kitna data". "|" joins single words only: "kho gaya|gayi" is "kho" then "gaya"
or "gayi"; write other multi-word alternatives as separate patterns.
"""

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

from helpline.language.resources import LanguageDataError
from helpline.language.spelling import fold

_GAP = r"(?:\S+ ){0,4}"
_WORD = re.compile(r"[a-z0-9#~]+(?:\|[a-z0-9#~]+)*")


def _word(token: str, where: str) -> str:
    if not _WORD.fullmatch(token):
        raise LanguageDataError(f"{where}: bad pattern word '{token}'")
    alternatives = []
    for alt in token.split("|"):
        if alt.endswith("~") and len(alt) < 4:
            raise LanguageDataError(f"{where}: stem '{alt}' is shorter than 3 letters")
        if not alt.endswith("~") and alt != "#":
            folded = fold(alt)  # patterns may use any spelling: "nhi" means "nahi"
            alt = folded[0] if len(folded) == 1 else alt
        alt = re.escape(alt.rstrip("~")) + (r"\S*" if alt.endswith("~") else "")
        alternatives.append(alt.replace("\\#", r"\d+(?:\.\d+)?"))
    return "(?:" + "|".join(alternatives) + ")"


@lru_cache(maxsize=4096)
def compile_pattern(pattern: str, where: str = "pattern") -> str:
    """The regular expression (as text) for one pattern; raises LanguageDataError if malformed."""
    tokens = pattern.lower().split()
    whole = bool(tokens) and tokens[0] == "="
    if whole:
        tokens = tokens[1:]
    if not tokens or tokens[0] == "*" or tokens[-1] == "*":
        raise LanguageDataError(f"{where}: pattern '{pattern}' is empty or starts/ends with *")
    out: list[str] = []
    for token in tokens:
        if token == "*":
            out.append(_GAP)
        else:
            out.append(_word(token, where) + " ")
    return (r"\A" + "".join(out) + r"\Z") if whole else "".join(out)


def _first_words(pattern: str) -> list[str]:
    """Keys one of which a text must hold for the pattern to match: a word, "~stem" for a
    stem, or "#" for any number."""
    tokens = pattern.lower().split()
    first = tokens[1] if tokens[0] == "=" else tokens[0]
    out: list[str] = []
    for alt in first.split("|"):
        if alt == "#":
            out.append("#")
        elif alt.endswith("~"):
            out.append("~" + alt[:-1])
        else:
            folded = fold(alt)
            out.append(folded[0] if len(folded) == 1 else alt)
    return out


class PatternSet:
    """Named groups of patterns; `match` tells which groups occur in a normalised text."""

    def __init__(self, groups: Iterable[tuple[str, Sequence[str]]], where: str) -> None:
        # A pattern is searched only if the text holds one of its first words (an index from
        # word, stem prefix or "#" to patterns): most lines hold few, and a dict lookup is much
        # cheaper than a regex search.
        self._names: list[str] = []
        self._groups: list[int] = []  # pattern -> group
        self._regexes: list[re.Pattern[str]] = []  # one per pattern
        self._by_word: dict[str, set[int]] = {}  # word -> patterns starting with it
        self._stems: dict[str, list[tuple[str, int]]] = {}  # 3-letter prefix -> (stem, pattern)
        self._numbers: set[int] = set()
        for name, patterns in groups:
            if not patterns:
                continue
            group = len(self._names)
            self._names.append(name)
            for pattern in patterns:
                index = len(self._regexes)
                self._groups.append(group)
                regex = compile_pattern(pattern, f"{where}:{name}")
                self._regexes.append(re.compile(rf"(?<!\S){regex}"))
                for key in set(_first_words(pattern)):
                    if key == "#":
                        self._numbers.add(index)
                    elif key.startswith("~"):
                        self._stems.setdefault(key[1:4], []).append((key[1:], index))
                    else:
                        self._by_word.setdefault(key, set()).add(index)

    def match(self, normalized: str) -> list[str]:
        """Names of the groups with at least one pattern in `normalized`, in data order."""
        words = set(normalized.split())
        candidates: set[int] = set()
        by_word = self._by_word
        stems = self._stems
        for word in words:  # (set.intersection(dict) would walk the whole dict)
            starting = by_word.get(word)
            if starting is not None:
                candidates |= starting
            for stem, index in stems.get(word[:3], ()):
                if word.startswith(stem):
                    candidates.add(index)
        if self._numbers and any(w[:1].isdigit() for w in words):
            candidates |= self._numbers
        if not candidates:
            return []
        text = normalized + " "
        found: set[int] = set()
        for index in candidates:
            group = self._groups[index]
            if group not in found and self._regexes[index].search(text):
                found.add(group)
        return [self._names[g] for g in sorted(found)]
