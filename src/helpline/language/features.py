"""The features the intent classifier sees: word uni/bigrams, and per word its character
2-5-grams and its sound skeleton.

Character n-grams inside word boundaries (like scikit-learn's `char_wb`) let unseen spellings
("baalance", "netwrok") share most features with known ones; word bigrams keep "nahi mila"
apart from "mila". Numbers become "#" so "399" and "599" look alike. The sound skeleton lets
spellings that differ in vowels ("kitna", "ketna") and what a recogniser writes for a Hindi word
("mira" for "mera") meet the known word.
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
    """The features one word brings on its own: itself, its character n-grams and its sound."""
    out = [f"w {word}"]
    padded = f" {word} "
    size = len(padded)
    for n in range(2, 6):
        if n > size:
            break
        out.extend(padded[i : i + n] for i in range(size - n + 1))
    if word.isalpha() and word.isascii():
        sound = f"<{skeleton(word)}>"
        out.append(f"s {sound}")
        out.extend(f"s {sound[i : i + 3]}" for i in range(len(sound) - 2))
    return out


# Letter groups that one sound may be written as, the longest first.
# "C" holds a "ch" while a lone "c" becomes k or s.
_SOUND_PAIRS = "tch>C ph>f bh>b dh>d th>t kh>k gh>g sh>s ch>C jh>j ck>k qu>k wh>w x>ks q>k z>j v>w "
_SOUND_PAIRS += "y>i ce>se ci>si c>k C>c"
_SOUNDS = tuple(tuple(pair.split(">")) for pair in _SOUND_PAIRS.split())
_VOWELS = frozenset("aeiouh")


def skeleton(word: str) -> str:
    """A word's consonants in order, with aspiration, vowels and doubled letters dropped:
    "kitna", "ketna" and "kitnaa" share "ktn"; a leading vowel sound is kept as "a"."""
    w = word
    for group, sound in _SOUNDS:
        w = w.replace(group, sound)
    lead = "a" if w[:1] in _VOWELS and (w[:1] != "h" or w[1:2] in "aeiou") else ""
    out: list[str] = []
    for ch in w:
        if ch not in _VOWELS and (not out or out[-1] != ch):
            out.append(ch)
    return lead + "".join(out)


def features(normalized: str) -> list[str]:
    """Every feature of one normalised text, repeated as often as it occurs."""
    words = classifier_words(normalized)
    out = [f"b {a} {b}" for a, b in itertools.pairwise(words)]
    for word in words:
        out.extend(word_features(word))
    return out
