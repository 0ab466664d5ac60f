"""The features the intent classifier sees: word uni/bigrams and character 2-5-grams per word.

Character n-grams inside word boundaries (like scikit-learn's `char_wb`) let unseen spellings
("baalance", "netwrok") share most features with known ones; word bigrams keep "nahi mila"
apart from "mila". Numbers become "#" so "399" and "599" look alike.
"""

import itertools
import re

_NUMBER = re.compile(r"\d+(?:\.\d+)?")
# Longest word cut to this many characters: a 10,000-letter "word" must not cost 40,000 n-grams.
_MAX_WORD = 24
_MAX_WORDS = 60


def classifier_words(normalized: str) -> list[str]:
    """The words of a normalised text as the classifier sees them."""
    words = normalized.split()[:_MAX_WORDS]
    return ["#" if _NUMBER.fullmatch(w) else w[:_MAX_WORD] for w in words]


def word_features(word: str) -> list[str]:
    """The features one word brings on its own: itself and its character n-grams."""
    out = [f"w {word}"]
    padded = f" {word} "
    size = len(padded)
    for n in range(2, 6):
        if n > size:
            break
        out.extend(padded[i : i + n] for i in range(size - n + 1))
    return out


def features(normalized: str) -> list[str]:
    """Every feature of one normalised text, repeated as often as it occurs."""
    words = classifier_words(normalized)
    out = [f"b {a} {b}" for a, b in itertools.pairwise(words)]
    for word in words:
        out.extend(word_features(word))
    return out
