"""Reply text to the words an Indian support agent would say aloud.

"₹299" -> "do sau ninyanave rupaye", "2.5 GB" -> "dhai GB", "15 Jan 2026" -> "15 January 2026",
"ticket 1234" -> "ticket number one two three four", "98XXXX3210" -> "ending three two one zero".
Number words come from the language layer (helpline.language.spoken); counts such as "28 din"
stay digits, which espeak-ng's and Google's Hindi voices read in Hindi themselves.
"""

import re
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from functools import cache, partial

from helpline.language.spoken import hindi_number_words, hindi_quantity_words

_ENGLISH_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_MONTHS = {
    "jan": "January",
    "feb": "February",
    "mar": "March",
    "apr": "April",
    "may": "May",
    "jun": "June",
    "jul": "July",
    "aug": "August",
    "sep": "September",
    "sept": "September",
    "oct": "October",
    "nov": "November",
    "dec": "December",
}

_MONEY = re.compile(r"(?:₹|\bRs\.?\s?|\bINR\s?)(\d[\d,]*(?:\.\d{1,2})?)", re.IGNORECASE)
_QUANTITY = re.compile(r"\b(\d+(?:\.\d+)?)\s?(GB|MB|KB)\b(/day)?", re.IGNORECASE)
_DATE = re.compile(r"\b(\d{1,2}) (" + "|".join(_MONTHS) + r")[a-z]*\.?(?: (\d{4}))?\b", re.I)
_MASKED = re.compile(r"\b\d{0,4}X{2,}(\d{2,4})\b")
_REFERENCE = re.compile(
    r"(?i)\b(ticket|reference|complaint|order)(?:\s+(?:number|no\.?|id))?\s*#?\s*(\d{3,})"
)
_HASH_NUMBER = re.compile(r"#\s?(\d+)")
_LONG_DIGITS = re.compile(r"\b\d{6,}\b")
_DIGIT_WORD = re.compile(r"\b(\d+)-digit\b")


@cache
def _small_numbers() -> dict[str, str]:
    """Hindi number words under 100 back to digits: "teen" -> "3"."""
    return {hindi_number_words(n): str(n) for n in range(100)}


def quantity_words(value: Decimal, *, words: bool = True) -> str:
    """1.5 -> "dedh", 2.5 -> "dhai", 3.5 -> "saade teen" (or "saade 3" with words=False)."""
    if not words and value == value.to_integral_value():
        return str(int(value))
    said = hindi_quantity_words(float(value))
    if words:
        return said
    small = _small_numbers()
    return " ".join(small.get(word, word) for word in said.split())


def _numbers(words: bool) -> Callable[[int], str]:
    return hindi_number_words if words else str


def english_digits(digits: str) -> str:
    """Digits one by one in English, as agents read phone and ticket numbers: "one two three"."""
    return " ".join(_ENGLISH_DIGITS[int(d)] for d in digits if d.isdigit())


def _money(match: re.Match[str], *, words: bool) -> str:
    number_words = _numbers(words)
    try:
        amount = Decimal(match.group(1).replace(",", ""))
    except InvalidOperation:
        return match.group(0)
    rupees, paise = divmod(amount, 1)
    said = f"{number_words(int(rupees))} rupaye"
    if paise:
        said += f" {number_words(int(paise * 100))} paise"
    return said


def _quantity(match: re.Match[str], *, words: bool, hindi: bool) -> str:
    unit = match.group(2).upper()
    if not hindi:
        return f"{match.group(1)} {unit}{' per day' if match.group(3) else ''}"
    per_day = " roz" if match.group(3) else ""
    return f"{quantity_words(Decimal(match.group(1)), words=words)} {unit}{per_day}"


def _date(match: re.Match[str], *, words: bool) -> str:
    number_words = _numbers(words)
    day, name, year = match.group(1), match.group(2).lower(), match.group(3)
    month = _MONTHS.get(name[:4]) or _MONTHS[name[:3]]
    said = f"{number_words(int(day))} {month}"
    return f"{said} {number_words(int(year))}" if year else said


def speakable(text: str, *, number_words: bool = True, hindi_fractions: bool = True) -> str:
    """The reply with amounts, data, dates and reference numbers in spoken words.

    number_words=False keeps whole numbers as digits ("299 rupaye") for voices that read digits
    in Hindi themselves (espeak-ng, Google); halves and quarters are words ("dhai") unless
    hindi_fractions=False, for an English voice ("2.5 GB per day", read "two point five").
    """
    words = number_words
    text = _MASKED.sub(lambda m: f"ending {english_digits(m.group(1))}", text)
    text = _REFERENCE.sub(lambda m: f"{m.group(1)} number {english_digits(m.group(2))}", text)
    text = _HASH_NUMBER.sub(lambda m: f"number {english_digits(m.group(1))}", text)
    text = _MONEY.sub(partial(_money, words=words), text)
    text = _QUANTITY.sub(partial(_quantity, words=words, hindi=hindi_fractions), text)
    text = _DATE.sub(partial(_date, words=words), text)
    text = _DIGIT_WORD.sub(lambda m: f"{_numbers(words)(int(m.group(1)))} digit", text)
    text = _LONG_DIGITS.sub(lambda m: english_digits(m.group(0)), text)
    return " ".join(text.split())
