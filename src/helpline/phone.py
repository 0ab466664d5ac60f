"""Indian mobile numbers: the one rule every layer uses to accept or reject a phone number."""

import re

from helpline.errors import InvalidPhone

_SEPARATORS = re.compile(r"[\s\-().]")


def normalize_phone(raw: str) -> str:
    """Return the 10-digit national number, or raise InvalidPhone.

    Accepts +91, 91 and 0 prefixes and spaces, dashes, dots or brackets between digits.
    """
    digits = _SEPARATORS.sub("", raw.strip())
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


def mask_phone(phone: str) -> str:
    """Mask all but the last 4 digits, for logs: 98XXXX3210."""
    if len(phone) < 6:
        return "X" * len(phone)
    return phone[:2] + "X" * (len(phone) - 6) + phone[-4:]
