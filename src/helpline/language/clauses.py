"""Lines that ask two things ("signal weak hai, aur 199 wala pack bhi daal do") or bury their
request in a long message: cutting a line into clauses and ordering the asks by salience.

The cut points are punctuation and the joining words in data/cues_clauses.yaml; a piece with
fewer than two words ("aur sms", "nahi,") stays with its neighbour, so "299 aur 349" or
"nahi, 199 wala" remain one ask.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from helpline.language.resources import expect_mapping, expect_number, expect_strings, load_yaml
from helpline.language.types import Intent, Utterance

_FILE = "cues_clauses.yaml"


@dataclass(frozen=True, slots=True)
class _ClauseData:
    split: re.Pattern[str]
    min_words: int
    max_clauses: int
    rank: dict[Intent, int]


# A clause the classifier places with less confidence than this asks nothing it can be sure
# of: it never outranks a clause that does (the engine's second asks use the same bar).
UNSURE = 0.6


@cache
def _data() -> _ClauseData:
    data = expect_mapping(load_yaml(_FILE), _FILE)
    joins = expect_strings(data["joining_words"], f"{_FILE}:joining_words")
    words = "|".join(re.escape(w) for w in sorted(joins, key=len, reverse=True))
    marks = "".join(re.escape(m) for m in expect_strings(data["marks"], f"{_FILE}:marks"))
    # A full stop between digits is a decimal point ("1.5 GB"), not the end of a clause.
    split = re.compile(rf"[{marks}\n]+|(?<!\d)\.|\.(?!\d)|(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)
    rank: dict[Intent, int] = {}
    for level, names in enumerate(data["salience"]):
        for name in expect_strings(names, f"{_FILE}:salience"):
            rank[Intent(name)] = level
    missing = set(Intent) - set(rank)
    if missing:
        raise ValueError(f"{_FILE}:salience: intents without a rank: {sorted(missing)}")
    return _ClauseData(
        split=split,
        min_words=int(expect_number(data["min_words"], f"{_FILE}:min_words")),
        max_clauses=int(expect_number(data["max_clauses"], f"{_FILE}:max_clauses")),
        rank=rank,
    )


def clause_spans(text: str) -> list[tuple[int, int]]:
    """[start, end) spans of the clauses of `text`; one span, or none, when it does not divide.

    A piece with fewer than `min_words` words joins the piece before it (or the next one)."""
    data = _data()
    pieces: list[tuple[int, int]] = []
    start = 0
    for match in data.split.finditer(text):
        pieces.append((start, match.start()))
        start = match.end()
    pieces.append((start, len(text)))
    pieces = [_trimmed(text, first, last) for first, last in pieces]
    spans: list[tuple[int, int]] = []
    pending: tuple[int, int] | None = None  # a short piece waiting for the next one
    for first, last in pieces:
        if not text[first:last].strip():
            continue
        if pending is not None:
            first, pending = pending[0], None
        if len(text[first:last].split()) < data.min_words:
            if spans:
                spans[-1] = (spans[-1][0], last)
            else:
                pending = (first, last)
            continue
        spans.append((first, last))
    if pending is not None:
        spans.append(pending)
    return spans[: data.max_clauses]


def _trimmed(text: str, first: int, last: int) -> tuple[int, int]:
    piece = text[first:last]
    lead = len(piece) - len(piece.lstrip())
    return first + lead, first + len(piece.rstrip())


def salience(u: Utterance) -> int:
    """How much a clause asks of the agent: 0 for a request to act on, higher for manners."""
    cues = u.cues
    if cues.request is not None or cues.help or cues.wish is not None or cues.problem:
        return 0
    if u.confidence < UNSURE:  # "ek baat" read as a call for a person at 0.49
        return _data().rank[Intent.OUT_OF_SCOPE]
    return _data().rank[u.intent]


def ordered_parts(parts: Sequence[Utterance], whole: Intent) -> tuple[Utterance, ...]:
    """The parts most salient first, and among equals the one with the whole line's intent
    `whole`, then in line order; empty when the line is one ask: a single part, no part to act
    on, or every part asking the same thing."""
    if len(parts) < 2 or min(salience(p) for p in parts) > 0:
        return ()
    asks = {(p.intent, p.cues.request, p.cues.wish) for p in parts if salience(p) == 0}
    if len(asks) < 2 and all(salience(p) == 0 for p in parts):
        return ()
    return tuple(sorted(parts, key=lambda p: (salience(p), p.intent is not whole)))
