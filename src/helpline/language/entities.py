"""Amounts, data, days, tickets, phone numbers, plan names and relative dates in an utterance.

Extraction works on normalised tokens (so "do sau rupaye" and "₹200" look alike) and reports
spans into the original text.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from helpline.errors import InvalidPhone
from helpline.language.normalize import MAX_CHARS, Token, analyse, normalize
from helpline.language.plans import find_plans
from helpline.language.resources import expect_mapping, expect_number, expect_strings, load_yaml
from helpline.language.types import Entity, EntityKind
from helpline.phone import normalize_phone

# Ten digits, optionally after +91 / 91 / 0, with single spaces or dashes anywhere between.
_PHONE = re.compile(r"(?<![\d+])(?:\+\s?91[\s-]?|91[\s-]?|0)?[6-9](?:[\s-]?\d){9}(?!\d)")


@dataclass(frozen=True, slots=True)
class _Lexicon:
    currency: frozenset[str]
    data_units: dict[str, float]
    day_units: dict[str, int]
    ago: frozenset[str]
    ticket_cues: frozenset[str]
    ticket_fillers: frozenset[str]
    amount_after: frozenset[str]
    amount_before: frozenset[str]
    amount_range: tuple[float, float]
    dates: dict[tuple[str, ...], int]
    longest_date: int
    date_starts: frozenset[str]


def _words(values: object, where: str) -> frozenset[str]:
    return frozenset(normalize(w) for w in expect_strings(values, f"entities.yaml:{where}"))


@cache
def _lexicon() -> _Lexicon:
    data = expect_mapping(load_yaml("entities.yaml"), "entities.yaml")
    dates = {
        tuple(normalize(str(k)).split()): int(expect_number(v, "entities.yaml:dates"))
        for k, v in expect_mapping(data["dates"], "dates").items()
    }
    low, high = (expect_number(v, "amount_range") for v in data["amount_range"])
    return _Lexicon(
        currency=_words(data["currency"], "currency"),
        data_units={
            normalize(str(k)): expect_number(v, "data_units")
            for k, v in expect_mapping(data["data_units"], "data_units").items()
        },
        day_units={
            normalize(str(k)): int(expect_number(v, "day_units"))
            for k, v in expect_mapping(data["day_units"], "day_units").items()
        },
        ago=_words(data["ago_words"], "ago_words"),
        ticket_cues=_words(data["ticket_cues"], "ticket_cues"),
        ticket_fillers=_words(data["ticket_fillers"], "ticket_fillers"),
        amount_after=_words(data["amount_after"], "amount_after"),
        amount_before=_words(data["amount_before"], "amount_before"),
        amount_range=(low, high),
        dates=dates,
        longest_date=max(len(k) for k in dates),
        date_starts=frozenset(k[0] for k in dates),
    )


class _Found:
    """Entities found so far, and which tokens they used up."""

    def __init__(self, tokens: Sequence[Token]) -> None:
        self.tokens = tokens
        self.used = [False] * len(tokens)
        self.entities: list[Entity] = []

    def free(self, i: int) -> bool:
        return 0 <= i < len(self.tokens) and not self.used[i]

    def number(self, i: int) -> bool:
        return self.free(i) and self.tokens[i].value is not None

    def text(self, i: int) -> str:
        return self.tokens[i].text if 0 <= i < len(self.tokens) else ""

    def add(self, kind: EntityKind, value: int | float | str, first: int, last: int) -> None:
        toks = self.tokens
        self.entities.append(Entity(kind, value, toks[first].start, toks[last].end))
        for i in range(first, last + 1):
            self.used[i] = True


def _as_int(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _phones(text: str, found: _Found) -> None:
    for match in _PHONE.finditer(text[:MAX_CHARS]):
        try:
            phone = normalize_phone(match.group())
        except InvalidPhone:
            continue
        span = [i for i, t in enumerate(found.tokens) if match.start() <= t.start < match.end()]
        if span:
            found.entities.append(Entity(EntityKind.PHONE, phone, match.start(), match.end()))
            for i in span:
                found.used[i] = True
    for i, token in enumerate(found.tokens):
        if found.free(i) and token.digits is not None:
            try:
                phone = normalize_phone(token.digits)
            except InvalidPhone:
                continue
            found.add(EntityKind.PHONE, phone, i, i)


def _dates(found: _Found, lex: _Lexicon) -> None:
    toks = found.tokens
    for i in range(len(toks)):
        if found.number(i) and found.text(i + 1) in lex.day_units and found.text(i + 2) in lex.ago:
            value = toks[i].value or 0
            found.add(EntityKind.DATE, -int(value * lex.day_units[toks[i + 1].text]), i, i + 2)
    i = 0
    while i < len(toks):
        if toks[i].text not in lex.date_starts:
            i += 1
            continue
        for size in range(min(lex.longest_date, len(toks) - i), 0, -1):
            key = tuple(t.text for t in toks[i : i + size])
            if key in lex.dates and all(found.free(j) for j in range(i, i + size)):
                if key == ("aaj",) and found.text(i + 1) == "kal":
                    i += 1  # "aaj kal" means "these days": neither word is a date
                    break
                found.add(EntityKind.DATE, lex.dates[key], i, i + size - 1)
                i += size - 1
                break
        i += 1


def _quantities(found: _Found, lex: _Lexicon) -> None:
    toks = found.tokens
    for i in range(len(toks) - 1):
        if not found.number(i) or not found.free(i + 1):
            continue
        value, unit = toks[i].value or 0, toks[i + 1].text
        if unit in lex.data_units:
            found.add(EntityKind.DATA_MB, float(value * lex.data_units[unit]), i, i + 1)
        elif unit in lex.day_units:
            found.add(EntityKind.DAYS, int(value * lex.day_units[unit]), i, i + 1)


def _tickets(found: _Found, lex: _Lexicon) -> None:
    toks = found.tokens
    for i, token in enumerate(toks):
        if token.text not in lex.ticket_cues:
            continue
        j = i + 1
        while j < len(toks) and j - i <= 3 and toks[j].text in lex.ticket_fillers:
            j += 1
        value = toks[j].value if j < len(toks) else None
        if found.number(j) and isinstance(value, int) and len(toks[j].text) <= 9:
            found.add(EntityKind.TICKET, value, j, j)


def _amounts(found: _Found, lex: _Lexicon) -> None:
    toks = found.tokens
    low, high = lex.amount_range
    for i, token in enumerate(toks):
        if not found.number(i) or token.value is None:
            continue
        value = _as_int(token.value)
        if found.free(i - 1) and found.text(i - 1) in lex.currency:
            found.add(EntityKind.AMOUNT, value, i - 1, i)
        elif found.free(i + 1) and found.text(i + 1) in lex.currency:
            found.add(EntityKind.AMOUNT, value, i, i + 1)
        elif (
            low <= value <= high
            and len(token.text) <= 6
            and (found.text(i + 1) in lex.amount_after or found.text(i - 1) in lex.amount_before)
        ):
            found.add(EntityKind.AMOUNT, value, i, i)


def extract(text: str, tokens: Sequence[Token], plan_names: Sequence[str] = ()) -> list[Entity]:
    """Every entity in `text`, given its normalised tokens; sorted by position."""
    lex = _lexicon()
    found = _Found(tokens)
    _phones(text, found)
    if plan_names:
        for first, last, name in find_plans([t.text for t in tokens], plan_names):
            if all(found.free(j) for j in range(first, last + 1)):
                found.add(EntityKind.PLAN, name, first, last)
    _dates(found, lex)
    if any(t.value is not None for t in tokens):  # the rest all start from a number
        _quantities(found, lex)
        _tickets(found, lex)
        _amounts(found, lex)
    return sorted(found.entities, key=lambda e: (e.start, e.end))


def entities(text: str, *, plan_names: Sequence[str] = ()) -> list[Entity]:
    """Every entity in `text` (convenience wrapper that normalises first)."""
    return extract(text, analyse(text), plan_names)
