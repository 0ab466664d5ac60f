"""Any customer text to one normalised form, keeping where each word came from.

Roman Hinglish, English, Devanagari and mixes all come out as lower-case Roman words with one
spelling per word and numbers as digits: "Mera NETWRK nhi h!!" -> "mera network nahi hai",
"दो सौ रुपये" -> "200 rupaye". Every token keeps its span in the original text, so entities
found in the normalised words point back at what the customer wrote.
"""

import re
import unicodedata
from collections.abc import Sequence
from functools import lru_cache
from typing import NamedTuple

from helpline.language.numbers import scan
from helpline.language.spelling import fold, spelling
from helpline.language.transliterate import transliterate_word

# Phrase merging repeats at most this often (each pass shortens the line).
_PHRASE_PASSES = 4
# Longer lines are cut: nobody says more than this in one turn, and it bounds the work per line.
MAX_CHARS = 1000

_LETTER = r"[^\W\d_\u0900-\u097f]"
_MARKS = r"[\u0300-\u036f]*"
_WORD = rf"(?:{_LETTER}{_MARKS})+"
_TOKEN = re.compile(
    r"(?P<g>[2-5][gG](?![^\W_]))"  # 4G, 5g: the network generation, one word
    r"|(?P<num>\d+(?:,\d{2,3})*(?:\.\d+)?)"
    r"|(?P<deva>[\u0900-\u0963\u0970-\u097f][\u0900-\u0963\u0970-\u097f\u200c\u200d]*)"
    rf"|(?P<word>{_WORD}(?:['’]{_WORD})*)"
    r"|(?P<sym>[₹#%])"
    r"|(?P<emoji>[\u2600-\u27bf\U0001f300-\U0001f3fa\U0001f400-\U0001faff])"
)
# The same tokens for text that is all ASCII.
_ASCII_TOKEN = re.compile(
    r"(?P<g>[2-5][gG](?![A-Za-z0-9]))"
    r"|(?P<num>\d+(?:,\d{2,3})*(?:\.\d+)?)"
    r"|(?P<word>[A-Za-z]+(?:'[A-Za-z]+)*)"
    r"|(?P<sym>[#%])"
)
_SYMBOLS = {"₹": ("rs",), "#": ("number",), "%": ("percent",)}


class Token(NamedTuple):
    """One normalised word and the span [start, end) of the original text it came from."""

    text: str
    start: int
    end: int
    value: int | float | None = None  # set when the token is a number
    digits: str | None = None  # digit string when written or spoken digit by digit


def _ascii_digits(raw: str) -> str:
    return "".join(str(unicodedata.decimal(c, 0)) if c.isdigit() else c for c in raw if c != ",")


def _latin(raw: str) -> tuple[str, ...]:
    text = raw
    if not text.isascii():
        # Compatibility forms ("𝑨", "ﬁ") and accents ("café") fold to plain letters first.
        text = unicodedata.normalize("NFKD", text)
        text = "".join(c for c in text if c.isalpha() and not "\u0900" <= c <= "\u097f")
        text = unicodedata.normalize("NFKC", text.lower())
    text = text.lower()
    text = text.replace("'", "").replace("’", "")
    return fold(text) if text else ()


@lru_cache(maxsize=65536)
def _words(kind: str, raw: str) -> tuple[str, ...]:
    if kind == "word":
        return _latin(raw)
    if kind == "num":
        return (_ascii_digits(raw),)
    if kind == "deva":
        return tuple(w for part in transliterate_word(raw).split() for w in fold(part))
    if kind == "g":
        return (raw.lower(),)
    if kind == "sym":
        return tuple(w for s in _SYMBOLS[raw] for w in fold(s))
    return (raw,)


def _raw_tokens(text: str) -> list[Token]:
    # Hot path (every line): the plain-ASCII regex is about twice as fast, and building the
    # tuples directly skips the NamedTuple constructor's Python frame.
    regex = _ASCII_TOKEN if text.isascii() else _TOKEN
    out: list[Token] = []
    append = out.append
    new = tuple.__new__
    for match in regex.finditer(text):
        start, end = match.span()
        for word in _words(match.lastgroup or "", match.group()):
            append(new(Token, (word, start, end, None, None)))
    return out


def _merge_phrases(tokens: list[Token]) -> list[Token]:
    table = spelling()
    starts = table.phrase_starts
    if not any(t.text in starts for t in tokens):
        return tokens
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        if tokens[i].text not in starts:
            out.append(tokens[i])
            i += 1
            continue
        for size in range(min(table.longest_phrase, len(tokens) - i), 1, -1):
            key = tuple(t.text for t in tokens[i : i + size])
            target = table.phrases.get(key)
            if target is not None:
                start, end = tokens[i].start, tokens[i + size - 1].end
                out.extend(Token(word, start, end) for word in target)
                i += size
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def _merge_numbers(tokens: list[Token]) -> list[Token]:
    spans = scan([t.text for t in tokens])
    if not spans:
        return tokens
    out: list[Token] = []
    i = 0
    for span in spans:
        out.extend(tokens[i : span.first])
        first, last = tokens[span.first], tokens[span.last]
        out.append(Token(span.text, first.start, last.end, span.value, span.digits))
        i = span.last + 1
    out.extend(tokens[i:])
    return out


def analyse(text: str) -> list[Token]:
    """Normalised tokens of `text` (its first MAX_CHARS characters), with original spans."""
    tokens = _raw_tokens(text[:MAX_CHARS])
    # A merged phrase can make a phrase with the next word ("thank you you" -> "thanks you" ->
    # "thanks"): merge until nothing changes, so that normalising twice changes nothing.
    for _ in range(_PHRASE_PASSES):
        merged = _merge_phrases(tokens)
        shorter = len(merged) < len(tokens)
        tokens = merged
        if not shorter:
            break
    return _merge_numbers(tokens)


def join(tokens: Sequence[Token]) -> str:
    """The normalised text of some tokens."""
    return " ".join(t.text for t in tokens)


def normalize(text: str) -> str:
    """Lower-case, one spelling per word, Devanagari in Roman letters, numbers as digits.

    Normalising the result again changes nothing.
    """
    return join(analyse(text))
