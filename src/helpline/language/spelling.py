"""One spelling per Hinglish word: "nhi", "nahin", "nahiii" -> "nahi" (data in `_common.yaml`)."""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from helpline.language.resources import (
    LanguageDataError,
    expect_mapping,
    expect_strings,
    load_yaml,
)

_CANONICAL = re.compile(r"[a-z]+(?: [a-z]+)*")
_RUN3 = re.compile(r"(.)\1{2,}")
_VOWELS = frozenset("aeiou")


@dataclass(frozen=True, slots=True)
class Spelling:
    """Variant -> canonical words, and multi-word spellings -> canonical words."""

    words: dict[str, tuple[str, ...]]
    phrases: dict[tuple[str, ...], tuple[str, ...]]
    known: frozenset[str]
    longest_phrase: int
    phrase_starts: frozenset[str]  # first words of phrases: most lines have none, skip them


def _check_canonical(text: str, where: str) -> tuple[str, ...]:
    if not _CANONICAL.fullmatch(text):
        raise LanguageDataError(f"{where}: '{text}' must be lower-case a-z words")
    return tuple(text.split())


@cache
def spelling() -> Spelling:
    """The variant tables, validated: every canonical word is its own canonical form."""
    data = expect_mapping(load_yaml("_common.yaml"), "_common.yaml")
    words: dict[str, tuple[str, ...]] = {}
    canonical_words: set[str] = set()
    for target, variants in expect_mapping(data.get("variants"), "variants").items():
        canon = _check_canonical(str(target), "_common.yaml:variants")
        canonical_words.update(canon)
        for variant in expect_strings(variants, f"_common.yaml:variants:{target}"):
            key = variant.lower()
            if key == target:
                continue
            _check_canonical(key, f"_common.yaml:variants:{target}")
            if key in words and words[key] != canon:
                raise LanguageDataError(f"_common.yaml: '{key}' folds to two words")
            words[key] = canon
    phrases: dict[tuple[str, ...], tuple[str, ...]] = {}
    for source, target in expect_mapping(data.get("phrases", {}), "phrases").items():
        words_from = _check_canonical(str(source), "_common.yaml:phrases")
        phrases[words_from] = _check_canonical(str(target), "_common.yaml:phrases")
        canonical_words.update(phrases[words_from])
    clashes = sorted(w for w in canonical_words if w in words)
    if clashes:
        raise LanguageDataError(f"_common.yaml: canonical words also listed as variants: {clashes}")
    for key in list(words):
        if " " in key:  # a spaced variant is a phrase of already-folded words
            phrases[tuple(canonical_word(w, words) for w in key.split())] = words.pop(key)
    vocabulary = expect_strings(data.get("vocabulary"), "_common.yaml:vocabulary")
    known = frozenset(canonical_words | set(words) | set(vocabulary))
    runs = sorted(w for w in canonical_words if _RUN3.search(w))
    if runs:
        raise LanguageDataError(f"_common.yaml: canonical words with a letter 3 times: {runs}")
    longest = max((len(k) for k in phrases), default=1)
    return Spelling(words, phrases, known, longest, frozenset(k[0] for k in phrases))


def canonical_word(word: str, words: dict[str, tuple[str, ...]] | None = None) -> str:
    """A single word's canonical form (first word if the canonical form has several)."""
    table = spelling().words if words is None else words
    return table.get(word, (word,))[0]


def _fold_runs(word: str, known: frozenset[str]) -> str:
    """ "nahiiii" -> "nahi", "goood" -> "good": a run of 3+ letters becomes 2 if that is a known
    word, else 1."""
    if not _RUN3.search(word):
        return word
    double = _RUN3.sub(r"\1\1", word)
    if double in known:
        return double
    return _RUN3.sub(r"\1", word)


def _shorthand_key(word: str) -> str:
    """First letter, inner consonants, last letter: "chalega" and "chlga" both give "chlga"."""
    return word[0] + "".join(c for c in word[1:-1] if c not in _VOWELS) + word[-1]


@cache
def shorthand() -> dict[str, str]:
    """Key of a vowel-dropped spelling -> the word it stands for (data/cues_shorthand.yaml)."""
    data = expect_mapping(load_yaml("cues_shorthand.yaml"), "cues_shorthand.yaml")
    table = spelling()
    out: dict[str, str] = {}
    for target in expect_strings(data.get("targets"), "cues_shorthand.yaml:targets"):
        word = _check_canonical(target, "cues_shorthand.yaml:targets")
        if len(word) != 1 or word[0] in table.words:
            raise LanguageDataError(f"cues_shorthand.yaml: '{target}' is not one canonical word")
        out.setdefault(_shorthand_key(target), target)
    return out


def _expand_shorthand(word: str, known: frozenset[str]) -> str:
    """ "shkyt" -> "shikayat": an unknown word typed without its inner vowels, when the
    shorthand table knows it; any other word unchanged."""
    if len(word) < 2 or word in known or not word.isalpha() or not word.isascii():
        return word
    if any(c in _VOWELS for c in word[1:-1]):
        return word
    return shorthand().get(_shorthand_key(word), word)


@lru_cache(maxsize=65536)
def fold(word: str) -> tuple[str, ...]:
    """A lower-case word to its canonical word(s); unknown words come back with runs folded
    and vowel-dropped shorthand ("chlga") expanded."""
    table = spelling()
    found = table.words.get(word)
    if found is not None:
        return found
    folded = _expand_shorthand(_fold_runs(word, table.known), table.known)
    return table.words.get(folded, (folded,))
