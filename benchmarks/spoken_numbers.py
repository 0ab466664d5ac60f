"""Mobile numbers for the speech benchmarks, and the words a caller reads one out with."""

import logging
import random
from collections.abc import Mapping, Sequence
from itertools import groupby

# What whisper.py logs when the digit matcher's number is taken over Whisper's.
SETTLED = "number settled by templates"
MATCHED = "number matched by templates"


class MatcherCount(logging.Handler):
    """Counts the numbers the digit matcher gave, of the kinds in `messages`, as whisper.py
    logs them; attached to that module's logger at INFO."""

    def __init__(self, *messages: str) -> None:
        super().__init__()
        self.messages = frozenset(messages)
        self.count = 0
        whisper_log = logging.getLogger("helpline.providers.stt.whisper")
        whisper_log.addHandler(self)
        whisper_log.setLevel(logging.INFO)

    def emit(self, record: logging.LogRecord) -> None:
        self.count += record.getMessage() in self.messages


# What a caller says before the digits, in the Devanagari the Hindi voices read.
DEVANAGARI_LEAD_IN = "मेरा नंबर है"


def mobile_number(rng: random.Random) -> str:
    """Ten digits, the first 6-9: an Indian mobile number."""
    return str(rng.randint(6, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))


def with_double(number: str, rng: random.Random) -> str:
    """The number with one digit (not the first or the last) said twice in a row."""
    at = rng.randint(1, 8)
    return number[: at + 1] + number[at] + number[at + 2 :]


def said_digits(
    number: str, names: Sequence[str] | Mapping[str, str], *, doubles: bool
) -> list[str]:
    """The words for `number` digit by digit; with `doubles`, a run of two or three equal digits
    as "double"/"triple" and the digit."""

    def name(digit: str) -> str:
        return names[int(digit)] if isinstance(names, Sequence) else names[digit]

    if not doubles:
        return [name(d) for d in number]
    words: list[str] = []
    for digit, run in groupby(number):
        count = len(list(run))
        while count:
            take = min(count, 3) if count != 4 else 2
            words.append({1: "", 2: "double ", 3: "triple "}[take] + name(digit))
            count -= take
    return words
