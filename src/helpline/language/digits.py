"""Digits read out one by one, as a caller gives a phone number or a one-time code.

`numbers.py` reads numbers in free speech, where "do" may be "give" and "no" is a refusal. Here
the agent is waiting for a number, so every digit word counts, in English or Hindi, Roman or
Devanagari ("nau aath saat", "नौ आठ सात"), with "double seven" and "triple nine", tens said as one
word ("ninety eight" is 98) and the homophones a speech recogniser writes for Hindi digits.
Everything that is not a digit word ("mera number hai", commas) is skipped.
"""

import re
from dataclasses import dataclass
from functools import cache

from helpline.language.resources import expect_mapping, expect_number, expect_strings, load_yaml

# A mobile number: 10 digits starting 6-9, maybe after the country code or a trunk zero.
_MOBILE = re.compile(r"(?:91|0)?([6-9]\d{9})")
# Devanagari vowel signs are not \w: keep them inside the word ("पांच", not "प", "च").
_TOKEN = re.compile(r"[\w\u0900-\u097f]+")


@dataclass(frozen=True, slots=True)
class _Tables:
    digits: dict[str, str]  # word -> "0".."9" (clear digit words)
    heard: dict[str, str]  # homophones a recogniser writes, trusted only with loose=True
    repeats: dict[str, int]
    tens: dict[str, int]


def _section(data: dict[str, object], name: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, words in expect_mapping(data.get(name), f"digits.yaml:{name}").items():
        value = int(expect_number(key, f"digits.yaml:{name}"))
        for word in expect_strings(words, f"digits.yaml:{name}:{key}"):
            out[word.lower()] = value
    return out


@cache
def _tables() -> _Tables:
    data = load_yaml("digits.yaml")
    digits = {w: str(v) for w, v in _section(data, "digits").items()}
    heard = {w: str(v) for w, v in _section(data, "heard").items() if w not in digits}
    bad = [v for v in (*digits.values(), *heard.values()) if len(v) != 1]
    if bad:
        raise ValueError(f"digits.yaml: digits must be 0-9, got {bad}")
    return _Tables(digits, heard, _section(data, "repeats"), _section(data, "tens"))


def digit_words() -> frozenset[str]:
    """Every word read as a digit, a repeat or a tens word (for a recogniser's vocabulary)."""
    t = _tables()
    return frozenset({*t.digits, *t.repeats, *t.tens})


def _digit(word: str, loose: bool) -> str | None:
    if word.isdecimal():
        return "".join(str(int(c)) for c in word)  # also Devanagari digits: "९८" -> "98"
    t = _tables()
    return t.digits.get(word) or (t.heard.get(word) if loose else None)


def spoken_digits(text: str, *, loose: bool = False) -> str | None:
    """The digits said in `text`, in order: "nau aath double seven" -> "9877"; None if none.

    loose: also read the homophones a recogniser writes for digit words ("now" for "nau"), for
    transcripts made while the agent was waiting for a number.
    """
    t = _tables()
    words = [w.lower() for w in _TOKEN.findall(text)]
    out: list[str] = []
    repeat = 1
    for i, word in enumerate(words):
        if word in t.repeats:
            repeat = t.repeats[word]
            continue
        if word in t.tens:
            unit = _digit(words[i + 1], loose) if i + 1 < len(words) else None
            # "ninety eight" is 98; "ninety" alone is 90 ("nine zero" said as one word).
            single = unit is not None and len(unit) == 1
            out.append(str(t.tens[word] // 10) + (unit if unit and single else "0"))
            if single:
                words[i + 1] = ""  # the unit belongs to the tens word
            repeat = 1
            continue
        digit = _digit(word, loose)
        if digit is None:
            repeat = 1  # "double" applies only to the digit right after it
            continue
        # "double" repeats the digit right after it, also when a recogniser ran that digit
        # into the ones after ("double 7123456" for "double seven, one, two...").
        out.append(digit[0] * repeat + digit[1:])
        repeat = 1
    return "".join(out) or None


def spoken_phone(text: str, *, loose: bool = False) -> str | None:
    """A 10-digit mobile number read out in `text` (English or Hindi digits), else None.

    loose: also a mobile number after one stray digit, which is how a recogniser writes the
    "hai" of "number hai, eight, eight..." ("5 8800123456"); the number is read back anyway.
    """
    digits = spoken_digits(text, loose=loose)
    if digits is None:
        return None
    match = _MOBILE.fullmatch(digits)
    if match is None and loose and len(digits) == 11:
        match = _MOBILE.fullmatch(digits[1:])
    return match.group(1) if match else None
