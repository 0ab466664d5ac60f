"""Turn a recogniser's raw words into the text a typed line would be, or reject them.

Whisper's known failure on unclear audio is to repeat its initial prompt or to loop on a phrase
until the token cap; both are treated as "not understood" rather than guessed at.
"""

import re
from collections import Counter
from functools import cache
from itertools import pairwise
from typing import Final

from helpline.language.normalize import normalize
from helpline.language.numbers import number_words

NOT_UNDERSTOOD: Final = ""
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
# Share of the words that may come from the prompt before the output counts as an echo.
ECHO_SHARE = 0.7
# A bigram said this many times in one turn is a loop, not a customer.
LOOP_REPEATS = 4
DIGIT_LOOP_RUN = 7
# A loop inside one word: the same few letters written again and again ("karacharacharachar...").
_LETTER_LOOP = re.compile(r"([a-z]{2,6})\1{5,}")
# Digits read out with pauses come back in groups ("98, 76, 5, 4, 3, 2, 1, 0"); groups separated
# only by commas, spaces or hyphens that add up to a mobile number (10 digits, or 0/91 before
# it) are one number. Other lengths stay apart: "199, 299" are two prices.
_DIGIT_GROUPS = re.compile(r"(?<!\d)(?<!\d\.)\d+(?:[\s,\-]+\d+)+(?!\d|\.\d)")
_PHONE_LENGTHS = (10, 11, 12)


def _words(text: str) -> list[str]:
    return [w.lower() for w in _WORD.findall(text)]


def is_prompt_echo(raw: str, prompt: str) -> bool:
    """Most of the output is the prompt's own words, with a run of five copied in order."""
    words = _words(raw)
    if len(words) < 5 or not prompt:
        return False
    prompt_words = set(_words(prompt))
    from_prompt = sum(w in prompt_words for w in words) / len(words)
    if from_prompt < ECHO_SHARE:
        return False
    prompt_text = " ".join(_words(prompt))
    # A five-word run copied from the prompt: a customer may well say "mera balance kitna hai".
    return any(" ".join(words[i : i + 5]) in prompt_text for i in range(len(words) - 4))


def is_loop(raw: str) -> bool:
    """The same word or pair of words repeated again and again.

    Digits count only when the same one or two come back to back many times ("5, 5, 5, 5, 5, 5,
    5" or "3, 4, 3, 4, 3, 4, 3, 4"): a phone number repeats a digit four or five times at most.
    """
    all_words = _words(raw)
    if any(_LETTER_LOOP.search(w) for w in all_words):
        return True
    if _run_length(all_words, 1) >= DIGIT_LOOP_RUN or _run_length(all_words, 2) >= LOOP_REPEATS:
        return True
    numbers = number_words()
    words = [w for w in all_words if w not in numbers and not w.isdigit()]
    if not words:
        return False
    if len(words) < LOOP_REPEATS * 2:
        return Counter(words).most_common(1)[0][1] >= 6
    pairs = Counter(pairwise(words))
    top = Counter(words).most_common(1)[0][1]
    return pairs.most_common(1)[0][1] >= LOOP_REPEATS or top >= max(6, len(words) // 2)


def _run_length(words: list[str], size: int) -> int:
    """Longest run of the same `size` words repeated back to back."""
    best = 0
    for start in range(size):
        chunks = [tuple(words[i : i + size]) for i in range(start, len(words) - size + 1, size)]
        run = 1
        for previous, current in pairwise(chunks):
            run = run + 1 if current == previous and len(set(current)) == size else 1
            best = max(best, run)
    return best


def join_digit_groups(text: str) -> str:
    """Join digit groups that together make a phone number: "98765 43210" -> "9876543210"."""

    def joined(match: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", match.group(0))
        return digits if len(digits) in _PHONE_LENGTHS else match.group(0)

    return _DIGIT_GROUPS.sub(joined, text)


_ITEMS = re.compile(r"[,.?!:;]")


def _list_items(text: str) -> list[str]:
    """The items of a comma-separated text, in order: the word of a one-word item, "" for any
    other item. A trailing empty item (after a final comma or full stop) is dropped."""
    items = [_words(item) for item in _ITEMS.split(text)]
    while items and not items[-1]:
        items.pop()
    return [words[0] if len(words) == 1 else "" for words in items]


@cache
def _listed_runs(prompt: str) -> frozenset[tuple[str, ...]]:
    """Every run of two or more consecutive items of the prompt's list (digits blanked, so no
    run holds one); worked out once per prompt, not for every reading cleaned."""
    digits = number_words()
    listed = [w if w not in digits and not w.isdigit() else "" for w in _list_items(prompt)]
    return frozenset(
        tuple(listed[i : i + n]) for n in range(2, len(listed) + 1) for i in range(len(listed))
    )


def strip_prompt_tail(raw: str, prompt: str) -> str:
    """`raw` without trailing runs of two or more of the prompt's listed words in the prompt's
    order ("Naha hai, plan, data," -> "Naha hai"): unsure of the end of an utterance, Whisper
    goes on with its prompt's word list. Digits are never cut off: a number ending "0, 1, 2"
    is the caller's even though the prompt lists "9, 8, 0, 1, 2"."""
    runs = _listed_runs(prompt)
    items = _list_items(raw)
    kept = len(items)
    while kept > 1:  # the longest run first, and always one item left
        size = next(
            (
                n
                for n in range(kept - 1, 1, -1)
                if all(items[kept - n : kept]) and tuple(items[kept - n : kept]) in runs
            ),
            0,
        )
        if not size:
            break
        kept -= size
    if kept == len(items):
        return raw
    return ",".join(_ITEMS.split(raw)[:kept]).strip()


def clean_transcript(raw: str, *, prompt: str = "") -> str:
    """Normalised text (numbers as digits); NOT_UNDERSTOOD for empty, echoed or looping output."""
    if not raw.strip() or is_prompt_echo(raw, prompt) or is_loop(raw):
        return NOT_UNDERSTOOD
    if prompt:
        raw = strip_prompt_tail(raw, prompt)
    # Normalise first (spoken digits become digit groups), then join the groups of a number.
    return join_digit_groups(normalize(join_digit_groups(raw)))
