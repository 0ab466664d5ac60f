"""Negative / neutral / positive from a Hinglish lexicon, with negation and intensifiers.

"accha nahi hai" and "not good" flip a word of praise; "bahut bakwas" weighs more than
"bakwas". A problem report ("network nahi aa raha") leans negative through the intent prior
in `sentiment.yaml`, since customers who report a fault are not happy about it.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from helpline.language.patterns import PatternSet
from helpline.language.resources import expect_mapping, expect_number, expect_strings, load_yaml
from helpline.language.types import Intent, Sentiment


@dataclass(frozen=True, slots=True)
class _Lexicon:
    weights: dict[str, float]
    phrases: PatternSet
    phrase_weights: dict[str, float]
    before: frozenset[str]  # English-style negators: "not good", "never happy"
    after: frozenset[str]  # Hindi-style negators: "accha nahi"
    intensifiers: frozenset[str]
    bridges: frozenset[str]  # words that may sit between a word and its negator: "bhi", "zyada"
    priors: dict[str, float]
    reassurances: PatternSet  # "koi dikkat nahi": no fault prior for such a line
    threshold: float


def _weights(data: object, where: str, sign: float) -> dict[str, float]:
    return {
        str(k): sign * abs(expect_number(v, where))
        for k, v in expect_mapping(data, f"sentiment.yaml:{where}").items()
    }


@cache
def _lexicon() -> _Lexicon:
    data = expect_mapping(load_yaml("sentiment.yaml"), "sentiment.yaml")
    weights = _weights(data["positive"], "positive", 1.0) | _weights(
        data["negative"], "negative", -1.0
    )
    phrase_weights = _weights(data["positive_phrases"], "positive_phrases", 1.0) | _weights(
        data["negative_phrases"], "negative_phrases", -1.0
    )
    return _Lexicon(
        weights=weights,
        phrases=PatternSet(((p, (p,)) for p in phrase_weights), "sentiment.yaml:phrases"),
        phrase_weights=phrase_weights,
        before=frozenset(expect_strings(data["negators_before"], "negators_before")),
        after=frozenset(expect_strings(data["negators_after"], "negators_after")),
        intensifiers=frozenset(expect_strings(data["intensifiers"], "intensifiers")),
        bridges=frozenset(expect_strings(data["bridges"], "bridges")),
        priors={
            str(k): expect_number(v, "sentiment.yaml:intent_priors")
            for k, v in expect_mapping(data["intent_priors"], "intent_priors").items()
        },
        reassurances=PatternSet(
            [("reassurance", expect_strings(data["reassurances"], "reassurances"))],
            "sentiment.yaml:reassurances",
        ),
        threshold=expect_number(data["threshold"], "threshold"),
    )


def _negated(words: Sequence[str], i: int, lex: _Lexicon) -> bool:
    """English negator before ("not good", "not very good"), Hindi after ("accha nahi")."""
    before = words[max(0, i - 2) : i]
    if before and before[-1] in lex.before:
        return True
    if len(before) == 2 and before[0] in lex.before and before[1] in lex.intensifiers:
        return True
    j = i + 1
    while j < len(words) and j - i <= 2 and words[j] in lex.bridges:
        j += 1
    return j < len(words) and words[j] in lex.after


def score(words: Sequence[str], normalized: str, intent: Intent) -> float:
    """Sentiment score in [-1, 1] for normalised words."""
    lex = _lexicon()
    total = 0.0
    praise = False
    for i, word in enumerate(words):
        weight = lex.weights.get(word)
        if weight is None:
            continue
        if i > 0 and words[i - 1] in lex.intensifiers:
            weight *= 1.5
        if _negated(words, i, lex):
            # "accha nahi" is clearly negative even for a mild word; "bura nahi" is only mildly
            # positive
            weight = -(0.4 + 0.6 * weight) if weight > 0 else -0.3 * weight
        praise = praise or weight > 0
        total += weight
    for phrase in lex.phrases.match(normalized):
        total += lex.phrase_weights[phrase]
    prior = lex.priors.get(intent.value, 0.0)
    # A fault report leans negative, unless the customer is praising ("ab net fast hai") or
    # saying that nothing is wrong ("koi problem nahi", which the classifier may hear as a fault).
    if prior < 0 and lex.reassurances.match(normalized):
        prior = 0.0
    if prior > 0 or not praise:
        total += prior
    return math.tanh(total)


def label(value: float) -> Sentiment:
    """The label for a score."""
    threshold = _lexicon().threshold
    if value <= -threshold:
        return Sentiment.NEGATIVE
    if value >= threshold:
        return Sentiment.POSITIVE
    return Sentiment.NEUTRAL
