"""Numbers said or typed in words, Hindi and English: "do sau ninyanave" -> 299, "dedh" -> 1.5.

`scan` finds number phrases in a list of normalised words; `words_to_number` and
`words_to_digits` parse a whole phrase for callers such as speech recognition.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum, auto
from functools import cache

from helpline.language.resources import (
    LanguageDataError,
    expect_mapping,
    expect_number,
    expect_strings,
    load_yaml,
)
from helpline.language.spoken import hindi_number_words, hindi_quantity_words

__all__ = [
    "NumberSpan",
    "format_number",
    "hindi_number_words",
    "hindi_quantity_words",
    "number_words",
    "scan",
    "words_to_digits",
    "words_to_number",
]

_DIGITS = re.compile(r"\d+(?:\.\d+)?")
_SPLIT = re.compile(r"[^\w.]+|(?<=\d)(?=[^\W\d])|(?<=[^\W\d])(?=\d)")
# Longest digit string kept as an exact integer value; longer strings stay digit text only.
_MAX_EXACT_DIGITS = 15


class Kind(Enum):
    SMALL = auto()  # a value under 100, or a fraction word: "ninyanave", "twenty", "dedh"
    DIGITS = auto()  # typed digits: "199", "1.5"
    MULT = auto()  # sau, hazaar, lakh, hundred
    PREFIX = auto()  # saade, sava, paune: change the number that follows
    REPEAT = auto()  # double, triple: repeat the digit that follows
    AND = auto()  # "two hundred and fifty"


@dataclass(frozen=True, slots=True)
class _Item:
    kind: Kind
    value: float
    english: bool = False
    tens: bool = False  # an English tens word (twenty .. ninety) that a unit may complete
    digit: bool = False  # a single digit 0-9 that can be part of a spoken digit string


@dataclass(frozen=True, slots=True)
class NumberSpan:
    """A number found in a word list: words[first:last + 1] say `value`."""

    value: int | float
    first: int
    last: int
    digits: str | None = None  # set for digit strings: "nine eight ..." -> "98..."

    @property
    def text(self) -> str:
        """The number as normalised text: digits, or a decimal without exponent."""
        return self.digits if self.digits is not None else format_number(self.value)


@dataclass(frozen=True, slots=True)
class _Tables:
    words: dict[str, _Item]
    ambiguous: frozenset[str]
    units_after: frozenset[str]
    cues_before: frozenset[str]


def format_number(value: float) -> str:
    """Integers without a decimal point, others with at most four decimals and no exponent."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _as_value(value: float) -> int | float:
    return int(value) if float(value).is_integer() and abs(value) < 10**_MAX_EXACT_DIGITS else value


def _short_vowels(word: str) -> str:
    return word.replace("aa", "a").replace("ee", "i").replace("oo", "u")


def _add(words: dict[str, _Item], word: str, item: _Item, where: str) -> None:
    old = words.get(word)
    if old is not None and old != item:
        raise LanguageDataError(f"numbers.yaml:{where}: '{word}' already means {old.value}")
    words[word] = item


def _load_smalls(words: dict[str, _Item], data: dict[str, object], section: str) -> None:
    english = section == "english"
    table = expect_mapping(data.get(section), f"numbers.yaml:{section}")
    short: dict[str, _Item] = {}
    for key, spellings in table.items():
        value = expect_number(key, f"numbers.yaml:{section}")
        item = _Item(
            Kind.SMALL,
            value,
            english=english,
            tens=english and value >= 20,
            digit=value < 10,
        )
        for word in expect_strings(spellings, f"numbers.yaml:{section}:{key}"):
            _add(words, word, item, section)
            short.setdefault(_short_vowels(word), item)
    for word, item in short.items():  # "chaalees" also written "chalis": add unless it clashes
        words.setdefault(word, item)


@cache
def _tables() -> _Tables:
    data = dict(expect_mapping(load_yaml("numbers.yaml"), "numbers.yaml"))
    words: dict[str, _Item] = {}
    _load_smalls(words, data, "english")
    _load_smalls(words, data, "hindi")
    sections = (
        ("multipliers", Kind.MULT),
        ("fractions", Kind.SMALL),
        ("prefixes", Kind.PREFIX),
        ("repeats", Kind.REPEAT),
    )
    for section, kind in sections:
        for key, spellings in expect_mapping(data.get(section), section).items():
            item = _Item(kind, expect_number(key, section))
            for word in expect_strings(spellings, f"numbers.yaml:{section}:{key}"):
                _add(words, word, item, section)
    words["and"] = _Item(Kind.AND, 0)
    ambiguous = set(expect_strings(data.get("ambiguous"), "numbers.yaml:ambiguous"))
    ambiguous |= {_short_vowels(w) for w in ambiguous}
    return _Tables(
        words=words,
        ambiguous=frozenset(ambiguous),
        units_after=frozenset(expect_strings(data.get("units_after"), "units_after")),
        cues_before=frozenset(expect_strings(data.get("cues_before"), "cues_before")),
    )


def number_words() -> frozenset[str]:
    """Every word the number parser knows (for the normaliser's spelling checks)."""
    return frozenset(_tables().words)


def _item(word: str) -> _Item | None:
    if word[:1].isdigit() and _DIGITS.fullmatch(word):
        return _Item(Kind.DIGITS, float(word), digit=len(word) == 1)
    return _tables().words.get(word)


def _run_items(words: Sequence[str], start: int) -> list[_Item]:
    """The longest run of number words from `start` (AND, PREFIX, REPEAT only inside a run)."""
    items: list[_Item] = []
    i = start
    while i < len(words):
        item = _item(words[i])
        if item is None:
            break
        if item.kind in (Kind.PREFIX, Kind.REPEAT, Kind.AND):
            nxt = _item(words[i + 1]) if i + 1 < len(words) else None
            if nxt is None or nxt.kind not in (Kind.SMALL, Kind.DIGITS):
                break
            if item.kind is Kind.REPEAT and not (nxt.digit and nxt.kind is Kind.SMALL):
                break  # "double nine", not "double 9": typed digits are left as typed
            # "saade teen" is 3.5, but "saade 22" stays as written: normalised output keeps it
            if item.kind in (Kind.PREFIX, Kind.AND) and nxt.kind is not Kind.SMALL:
                break
            # "paune zero" is not -0.25, and "saade dedh" is not a number at all
            if item.kind is Kind.PREFIX and (nxt.value < 1 or not nxt.value.is_integer()):
                break
            if item.kind is Kind.AND and (not items or items[-1].kind is not Kind.MULT):
                break
        items.append(item)
        i += 1
    return items


def _digit_string(items: Sequence[_Item]) -> str | None:
    """ "nine eight seven" -> "987"; None unless every item is a single digit or double/triple."""
    if sum(i.kind is not Kind.DIGITS for i in items) < 2:
        return None  # typed digits separated by spaces (and one stray word) stay as typed
    out: list[str] = []
    repeat = 1
    for item in items:
        if item.kind is Kind.REPEAT:
            repeat = int(item.value)
        elif item.digit and item.kind in (Kind.SMALL, Kind.DIGITS):
            out.append(str(int(item.value)) * repeat)
            repeat = 1
        else:
            return None
    has_repeat = any(i.kind is Kind.REPEAT for i in items)
    return "".join(out) if len(out) >= 3 or has_repeat else None


def _phrases(items: Sequence[_Item]) -> list[tuple[float, int, int]]:
    """Split a run into numbers: (value, first index, last index), indices into `items`."""
    out: list[tuple[float, int, int]] = []
    total, current, first = 0.0, 0.0, 0
    last: _Item | None = None
    prefix = 0.0
    for idx, item in enumerate(items):
        if item.kind is Kind.PREFIX:
            if last is not None and last.kind is not Kind.MULT:
                out.append((total + current, first, idx - 1))
                total, current, first, last = 0.0, 0.0, idx, None
            prefix = item.value
            continue
        if item.kind in (Kind.AND, Kind.REPEAT):
            continue
        if item.kind is Kind.MULT:
            base = current or 1.0
            if item.value == 100:
                current = base * 100
            else:
                total, current = total + base * item.value, 0.0
            last = item
            continue
        value, prefix = item.value + prefix, 0.0
        if last is None:
            current = value
        elif last.kind is Kind.MULT:
            current += value
        elif _completes(last, item, current, total):
            current = current * 100 + value if current < 10 else current + value
        else:
            out.append((total + current, first, idx - 1))
            total, current, first = 0.0, value, idx
        last = item
    out.append((total + current, first, len(items) - 1))
    return out


def _completes(last: _Item | None, item: _Item, current: float, total: float) -> bool:
    """ "twenty" + "one" -> 21, and Indian English prices: "two" + "ninety nine" -> 299."""
    if last is None or not (last.english and item.english and item.kind is Kind.SMALL):
        return False
    if last.tens and item.digit and item.value > 0 and current % 10 == 0:
        return True
    return total == 0 and last.digit and 1 <= current <= 9 and 10 <= item.value <= 99


def _single_word_ok(words: Sequence[str], i: int) -> bool:
    """A lone number word counts only if unambiguous or next to a unit or a cue."""
    tables = _tables()
    if words[i] not in tables.ambiguous:
        return True
    nxt = words[i + 1] if i + 1 < len(words) else ""
    prev = words[i - 1] if i > 0 else ""
    return nxt in tables.units_after or prev in tables.cues_before


def scan(words: Sequence[str]) -> list[NumberSpan]:
    """Every number phrase in a list of normalised words, in order, not overlapping."""
    spans: list[NumberSpan] = []
    i = 0
    while i < len(words):
        items = _run_items(words, i)
        if not items:
            i += 1
            continue
        digits = _digit_string(items)
        if digits is not None:
            spans.append(NumberSpan(_as_value(float(digits)), i, i + len(items) - 1, digits))
        else:
            for value, first, last in _phrases(items):
                single = first == last
                typed = single and items[first].kind is Kind.DIGITS
                if single and not typed and not _single_word_ok(words, i + first):
                    continue
                digit_text = words[i + first] if typed else None
                spans.append(NumberSpan(_as_value(value), i + first, i + last, digit_text))
        i += len(items)
    return spans


def _split_words(text: str) -> list[str]:
    words = _SPLIT.split(text.lower().replace(",", ""))
    return [w.strip(".") for w in words if w.strip(".")]


def words_to_number(text: str) -> int | float | None:
    """The value of a text that is one number: "do sau ninyanave" -> 299, "dhai" -> 2.5.

    Digit strings ("nine eight seven") give their integer value; None if the text is not exactly
    one number.
    """
    words = _split_words(text)
    if not words:
        return None
    items = _run_items(words, 0)
    if len(items) != len(words):
        return None
    digits = _digit_string(items)
    if digits is not None:
        return _as_value(float(digits))
    phrases = _phrases(items)
    return _as_value(phrases[0][0]) if len(phrases) == 1 else None


def words_to_digits(text: str) -> str | None:
    """Digits spoken one by one, as a string: "double nine eight" -> "998"; None otherwise.

    Typed digits in the text are kept ("nine 8 7" -> "987"), so phone numbers read aloud by a
    speech recogniser come back whole.
    """
    words = _split_words(text)
    out: list[str] = []
    repeat = 1
    for word in words:
        item = _item(word)
        if item is None:
            return None
        if item.kind is Kind.REPEAT:
            repeat = int(item.value)
        elif item.kind is Kind.DIGITS and "." not in word:
            out.append(word * repeat if len(word) == 1 else word)
            repeat = 1
        elif item.kind is Kind.SMALL and item.digit:
            out.append(str(int(item.value)) * repeat)
            repeat = 1
        else:
            return None
    return "".join(out) or None
