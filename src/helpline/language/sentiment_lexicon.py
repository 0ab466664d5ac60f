"""The sentiment lexicon, loaded once from `sentiment.yaml` and `sentiment_words.yaml`.

Words in the wild are spelled freely ("bkwaas", "ghtiya", "shandaar"): besides the folded
spellings of `_common.yaml`, a word the lexicon does not hold is looked up by its consonant
key, the word with vowels, "h" and doubled letters dropped. Only keys of three or more
consonants from words of five or more letters count, and never for a word the spelling tables
already know, so "must" does not turn into "mast". The word must also end in the same letter
and lie within a few edits of the lexicon's word, so "battery" does not turn into "better".
"""

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from helpline.language.patterns import PatternSet
from helpline.language.resources import (
    LanguageDataError,
    expect_mapping,
    expect_number,
    expect_strings,
    load_yaml,
)
from helpline.language.spelling import fold, spelling

# Sounds people write in several ways, merged before vowels are dropped.
_MERGE = (("ph", "f"), ("w", "v"), ("z", "j"), ("q", "k"), ("ck", "k"), ("iy", "i"), ("ey", "i"))
_VOWELS = re.compile(r"(?<!^)[aeiouyh]")
_RUNS = re.compile(r"(.)\1+")
# Shorter words collide too often with unrelated words ("chor"/"char", "mast"/"must").
_MIN_FUZZY_LETTERS = 5
_MIN_SHORTHAND = 4
_MIN_KEY = 3


@lru_cache(maxsize=65536)
def consonant_key(word: str) -> str:
    """ "bakwaas", "bkwas", "bakvas" -> "bkvs": the letters that survive free spelling."""
    key = word
    for old, new in _MERGE:
        key = key.replace(old, new)
    return _RUNS.sub(r"\1", _VOWELS.sub("", _RUNS.sub(r"\1", key)))


@dataclass(frozen=True, slots=True)
class Lexicon:
    weights: dict[str, float]  # folded word -> signed strength
    fuzzy: dict[str, tuple[tuple[str, float], ...]]  # consonant key -> (word, strength)
    abusive: frozenset[str]
    phrases: PatternSet  # groups named by index into phrase_weights
    phrase_weights: tuple[float, ...]
    abuse_phrases: PatternSet
    emoticons: tuple[tuple[re.Pattern[str], float], ...]
    emoticon_chars: frozenset[str]
    sarcasm: frozenset[str]
    contrast: frozenset[str]
    before: frozenset[str]  # English-style negators: "not good", "never happy"
    after: frozenset[str]  # Hindi-style negators: "accha nahi"
    intensifiers: frozenset[str]
    bridges: frozenset[str]  # words between a word and its negator: "bhi", "bilkul"
    questions: frozenset[str]
    priors: dict[str, float]
    reassurances: PatternSet  # "koi dikkat nahi": no fault prior for such a line
    threshold: float

    def weight(self, word: str) -> float | None:
        """The signed strength of a normalised word, through its consonant key if need be."""
        found = self.weights.get(word)
        if found is not None or len(word) < _MIN_SHORTHAND or not word.isalpha():
            return found
        return _fuzzy_weight(word, self.fuzzy)


@lru_cache(maxsize=65536)
def _near(word: str, other: str) -> bool:
    """Same last letter and at most a third of the letters edited (Levenshtein)."""
    if word[-1] != other[-1]:
        return False
    previous = list(range(len(other) + 1))
    for i, a in enumerate(word, 1):
        current = [i]
        for j, b in enumerate(other, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a != b)))
        previous = current
    return previous[-1] <= max(1, len(other) // 3)


def _fuzzy_weight(word: str, fuzzy: dict[str, tuple[tuple[str, float], ...]]) -> float | None:
    key = consonant_key(word)
    # A short word counts only when written as bare consonants ("bkws"), a deliberate shorthand.
    if len(word) < _MIN_FUZZY_LETTERS and any(c in "aeiou" for c in word):
        return None
    if len(key) < _MIN_KEY or word in spelling().known:
        return None
    return next((weight for other, weight in fuzzy.get(key, ()) if _near(word, other)), None)


def _strengths(data: object, where: str, sign: float) -> dict[str, float]:
    out: dict[str, float] = {}
    for key, value in expect_mapping(data, where).items():
        strength = sign * abs(expect_number(value, f"{where}:{key}"))
        word = str(key).lower()
        folded = fold(word) if " " not in word else (word,)
        out[word] = strength
        if len(folded) == 1:  # "shukria" is stored as "shukriya", the form the text will hold
            out[folded[0]] = strength
    return out


def _fuzzy(weights: dict[str, float]) -> dict[str, tuple[tuple[str, float], ...]]:
    by_key: dict[str, list[tuple[str, float]]] = {}
    for word, strength in weights.items():
        if len(word) >= _MIN_SHORTHAND and word.isalpha():
            key = consonant_key(word)
            if len(key) >= _MIN_KEY:
                by_key.setdefault(key, []).append((word, strength))
    # A key shared by a word of praise and a word of blame says nothing.
    return {k: tuple(v) for k, v in by_key.items() if len({s > 0 for _, s in v}) == 1}


def _phrases(data: dict[str, float], where: str) -> tuple[PatternSet, tuple[float, ...]]:
    items = list(data.items())
    groups = [(str(i), (pattern,)) for i, (pattern, _) in enumerate(items)]
    return PatternSet(groups, where), tuple(w for _, w in items)


def _emoticons(data: object, where: str, sign: float) -> list[tuple[re.Pattern[str], float]]:
    out = []
    for source in expect_strings(data, where):
        try:
            out.append((re.compile(source), sign * 0.7))
        except re.error as exc:
            raise LanguageDataError(f"{where}: {source!r}: {exc}") from exc
    return out


@cache
def lexicon() -> Lexicon:
    """The validated lexicon (cached per process)."""
    rules = expect_mapping(load_yaml("sentiment.yaml"), "sentiment.yaml")
    words = expect_mapping(load_yaml("sentiment_words.yaml"), "sentiment_words.yaml")
    abuse = _strengths(words["abuse"], "sentiment_words.yaml:abuse", -1.0)
    weights = (
        _strengths(rules["positive"], "sentiment.yaml:positive", 1.0)
        | _strengths(words["positive"], "sentiment_words.yaml:positive", 1.0)
        | _strengths(rules["negative"], "sentiment.yaml:negative", -1.0)
        | _strengths(words["negative"], "sentiment_words.yaml:negative", -1.0)
        | abuse
    )
    phrase_data = {
        str(k): sign * abs(expect_number(v, f"sentiment.yaml:{name}:{k}"))
        for name, sign in (("positive_phrases", 1.0), ("negative_phrases", -1.0))
        for k, v in expect_mapping(rules[name], f"sentiment.yaml:{name}").items()
    }
    phrases, phrase_weights = _phrases(phrase_data, "sentiment.yaml:phrases")
    emoticons = _emoticons(words["emoticons_positive"], "emoticons_positive", 1.0)
    emoticons += _emoticons(words["emoticons_negative"], "emoticons_negative", -1.0)
    return Lexicon(
        weights=weights,
        fuzzy=_fuzzy({k: v for k, v in weights.items() if k not in abuse}),
        abusive=frozenset(abuse),
        phrases=phrases,
        phrase_weights=phrase_weights,
        abuse_phrases=PatternSet(
            [("abuse", expect_strings(words["abuse_phrases"], "abuse_phrases"))],
            "sentiment_words.yaml:abuse_phrases",
        ),
        emoticons=tuple(emoticons),
        emoticon_chars=frozenset(":;=<^>-("),
        sarcasm=frozenset(expect_strings(words["sarcasm"], "sarcasm")),
        contrast=frozenset(expect_strings(words["contrast"], "contrast")),
        before=frozenset(expect_strings(rules["negators_before"], "negators_before")),
        after=frozenset(expect_strings(rules["negators_after"], "negators_after")),
        intensifiers=frozenset(expect_strings(rules["intensifiers"], "intensifiers")),
        bridges=frozenset(expect_strings(rules["bridges"], "bridges")),
        questions=frozenset(expect_strings(rules["questions"], "questions")),
        priors={
            str(k): expect_number(v, "sentiment.yaml:intent_priors")
            for k, v in expect_mapping(rules["intent_priors"], "intent_priors").items()
        },
        reassurances=PatternSet(
            [("reassurance", expect_strings(rules["reassurances"], "reassurances"))],
            "sentiment.yaml:reassurances",
        ),
        threshold=expect_number(rules["threshold"], "threshold"),
    )
