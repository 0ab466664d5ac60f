"""Indian mobile numbers: the one rule every layer uses to accept, find or mask a phone number."""

import re
import unicodedata
from collections.abc import Iterator

from helpline.errors import InvalidPhone

_SEPARATORS = re.compile(r"[\s\-().]")
# A run of digits (any script: \d is every Unicode decimal digit) and the separators a number is
# written with, standing alone: never inside a longer token such as a session id or a hash, nor
# joined to one by a hyphen (a UUID's "...81d-9193-4015-9904-de8..." holds +91 93401 59904).
_RUN = re.compile(r"(?<!\w)(?<!\w-)[+(]?\d(?:[\s\-().]*\d)*(?!\w)(?!-\w)")
_TOKEN = re.compile(r"\S+")
# A run this long is a table of figures, not something a person wrote a number in.
_MAX_TOKENS_PER_RUN = 12


def _ascii_digits(text: str) -> str:
    """Every Unicode decimal digit (Devanagari ९, Bengali ৯, full-width ９ ...) as ASCII."""
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def normalize_phone(raw: str) -> str:
    """Return the 10-digit national number, or raise InvalidPhone.

    Accepts digits of any script, +91, 91 and 0 prefixes and spaces, dashes, dots or brackets
    between digits.
    """
    digits = _SEPARATORS.sub("", _ascii_digits(raw.strip()))
    if digits.startswith("+91"):
        digits = digits[3:]
    elif len(digits) == 12 and digits.startswith("91"):
        digits = digits[2:]
    elif len(digits) == 11 and digits.startswith("0"):
        digits = digits[1:]
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        raise InvalidPhone(f"'{raw}' is not a 10-digit mobile number")
    if digits[0] not in "6789":
        raise InvalidPhone(f"'{raw}' is not an Indian mobile number (must start with 6-9)")
    return digits


def _is_phone(raw: str) -> str | None:
    try:
        return normalize_phone(raw)
    except InvalidPhone:
        return None


def _phones_in_run(text: str, start: int, end: int) -> Iterator[tuple[int, int, str]]:
    """Numbers inside one run of digits: the longest group of whole tokens that is a number.

    "9876543210 199" (a number, then a price) holds the number in its first token alone.
    """
    tokens = [(m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]
    if len(tokens) > _MAX_TOKENS_PER_RUN:
        return
    i = 0
    while i < len(tokens):
        for j in range(len(tokens), i, -1):
            left, right = tokens[i][0], tokens[j - 1][1]
            phone = _is_phone(text[left:right])
            if phone is not None:
                yield left, right, phone
                i = j
                break
        else:
            i += 1


def phone_spans(text: str) -> Iterator[tuple[int, int, str]]:
    """(start, end, 10-digit number) for every mobile number written in free text."""
    for run in _RUN.finditer(text):
        yield from _phones_in_run(text, run.start(), run.end())


def find_phone(text: str) -> str | None:
    """The first mobile number in free text ("mera number (987) 654-3210 hai"), if any."""
    return next((phone for _, _, phone in phone_spans(text)), None)


def mask_phone(phone: str) -> str:
    """Mask all but the last 4 digits, for logs: 98XXXX3210."""
    if len(phone) < 6:
        return "X" * len(phone)
    return phone[:2] + "X" * (len(phone) - 6) + phone[-4:]


def mask_phones_in(text: str) -> str:
    """text with every mobile number in it masked; nothing else is touched."""
    pieces: list[str] = []
    last = 0
    for start, end, phone in phone_spans(text):
        pieces += [text[last:start], mask_phone(phone)]
        last = end
    return "".join(pieces) + text[last:]
