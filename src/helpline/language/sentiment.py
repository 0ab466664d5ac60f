"""Negative / neutral / positive from a Hinglish lexicon with intensity, and an abuse flag.

The lexicon (`sentiment_lexicon.py`) gives each word a signed strength; around it:
- negation: "accha nahi", "bilkul bhi accha nahi", "not good" flip a word of praise;
- intensity: "bahut bakwas", "BAKWAS", "bakwaaas" and "!!" weigh more than "bakwas";
- contrast: "app accha hai lekin net slow" is judged mostly by the clause after "lekin";
- sarcasm: praise in a line that also complains ("wah kya service hai, 3 din se net nahi 👏")
  is mockery, and the line is negative;
- a fault report ("network nahi aa raha") leans negative through the intent prior, since a
  customer whose service broke is not happy about it;
- @mentions and the "#" of hashtags carry no meaning; "#worstservice" is read as its words.
Profanity and slurs make the line `abusive`, so no reply ever repeats it.
"""

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from helpline.language.normalize import Token
from helpline.language.sentiment_lexicon import Lexicon, lexicon
from helpline.language.types import Intent, Sentiment

_ELONGATED = re.compile(r"([^\W\d_])\1\1")
_EMPHASIS = 1.3  # CAPS or a stretched word ("bakwaaas"): said louder
_INTENSIFIED = 1.5  # "bahut bakwas"
_AFTER_CONTRAST, _BEFORE_CONTRAST = 1.4, 0.6
_MIN_HASHTAG_PART = 4
_MOCKED = 0.3  # this much blame beside a sarcasm marker makes the line mockery


@dataclass(frozen=True, slots=True)
class Reading:
    """The sentiment of one line: a score in [-1, 1], and whether it holds abuse."""

    score: float
    abusive: bool


@dataclass(slots=True)
class _Tally:
    positive: float = 0.0
    negative: float = 0.0  # magnitude
    praise: bool = False  # a positive word
    marked: bool = False  # a sarcasm marker ("wah", "great", "🙄")

    def add(self, weight: float) -> None:
        if weight > 0:
            self.positive += weight
        else:
            self.negative -= weight


def _hashtag_words(word: str, lex: Lexicon) -> list[str]:
    """ "worstservice" -> ["worst"]: lexicon words in a hashtag, longest first, left to right."""
    found: list[str] = []
    i = 0
    while i <= len(word) - _MIN_HASHTAG_PART:
        for j in range(len(word), i + _MIN_HASHTAG_PART - 1, -1):
            if word[i:j] in lex.weights:
                found.append(word[i:j])
                i = j
                break
        else:
            i += 1
    return found or [word]


def _words(text: str, tokens: Sequence[Token], lex: Lexicon) -> tuple[list[str], list[float]]:
    """Words that carry sentiment, each with an emphasis factor; @mentions and "#" dropped."""
    words: list[str] = []
    emphasis: list[float] = []
    for token in tokens:
        before = text[token.start - 1] if token.start else ""
        raw = text[token.start : token.end]
        if before == "@" or raw == "#":
            continue
        parts = [token.text]
        if before == "#" and lex.weight(token.text) is None:
            parts = _hashtag_words(token.text, lex)
        loud = (len(raw) >= 3 and raw.isupper()) or _ELONGATED.search(raw) is not None
        words.extend(parts)
        emphasis.extend([_EMPHASIS if loud else 1.0] * len(parts))
    return words, emphasis


def _negated(words: Sequence[str], i: int, lex: Lexicon) -> bool:
    """English negator before ("not good", "not very good"), Hindi after ("accha nahi")."""
    before = words[max(0, i - 2) : i]
    if before and before[-1] in lex.before:
        return True
    if len(before) == 2 and before[0] in lex.before and before[1] in lex.intensifiers:
        return True
    j = i + 1
    while j < len(words) and j - i <= 3 and words[j] in lex.bridges:
        j += 1
    return j < len(words) and words[j] in lex.after


def _intensified(words: Sequence[str], i: int, lex: Lexicon) -> bool:
    if i > 0 and words[i - 1] in lex.intensifiers:
        return True
    return i > 1 and words[i - 1] in lex.bridges and words[i - 2] in lex.intensifiers


def _lexical(words: Sequence[str], emphasis: Sequence[float], lex: Lexicon) -> _Tally:
    tally = _Tally()
    contrast = max((i for i, w in enumerate(words[:-1]) if w in lex.contrast), default=-1)
    for i, word in enumerate(words):
        marker = word in lex.sarcasm
        tally.marked = tally.marked or marker
        weight = lex.weight(word)
        if weight is None:
            continue
        weight *= emphasis[i]
        if _intensified(words, i, lex):
            weight *= _INTENSIFIED
        if word not in lex.abusive and _negated(words, i, lex):
            # "accha nahi" is clearly negative even for a mild word; "bura nahi" only mildly
            # positive
            weight = -(0.4 + 0.6 * weight) if weight > 0 else -0.3 * weight
        if contrast >= 0:
            weight *= _AFTER_CONTRAST if i > contrast else _BEFORE_CONTRAST
        tally.praise = tally.praise or weight > 0
        tally.add(weight)
    return tally


def _prior(normalized: str, words: Sequence[str], intent: Intent, confidence: float) -> float:
    """How much the intent alone says: a fault report leans negative, thanks positive."""
    lex = lexicon()
    prior = lex.priors.get(intent.value, 0.0)
    if prior >= 0:
        return prior
    # Not when the customer says that nothing is wrong ("koi problem nahi", which the
    # classifier may hear as a fault), and less for a guess or a plain question ("tower kab
    # lagega" asks; "net kab theek hoga" still counts a little).
    if lex.reassurances.match(normalized):
        return 0.0
    prior *= min(1.0, max(0.0, (confidence - 0.3) / 0.5))
    if any(w in lex.questions for w in words) and not any(w in lex.after for w in words):
        prior *= 0.5
    return prior


def read(text: str, tokens: Sequence[Token], intent: Intent, confidence: float) -> Reading:
    """The sentiment of one line from its original text and normalised tokens."""
    lex = lexicon()
    words, emphasis = _words(text, tokens, lex)
    normalized = " ".join(words)
    tally = _lexical(words, emphasis, lex)
    for group in lex.phrases.match(normalized):
        tally.add(lex.phrase_weights[int(group)])
    if lex.emoticon_chars.intersection(text):
        for pattern, weight in lex.emoticons:
            if pattern.search(text):
                tally.add(weight)
    abusive = any(w in lex.abusive for w in words) or bool(lex.abuse_phrases.match(normalized))
    if abusive and not any(w in lex.abusive for w in words):
        tally.add(-1.0)
    prior = _prior(normalized, words, intent, confidence)
    # The intent prior is a guess from the words of a fault, so it never makes praise mockery
    # ("awesome network in my area" is heard as a network line).
    blame = tally.negative
    if tally.marked and blame >= _MOCKED:
        # Praise beside a complaint is mockery: the praise counts against the line.
        total = -(blame + 0.3)
    else:
        total = tally.positive - tally.negative
        if prior > 0 or not tally.praise:
            total += prior
    if "!!" in text:
        total *= 1.2
    return Reading(math.tanh(total), abusive)


def label(value: float) -> Sentiment:
    """The label for a score."""
    threshold = lexicon().threshold
    if value <= -threshold:
        return Sentiment.NEGATIVE
    if value >= threshold:
        return Sentiment.POSITIVE
    return Sentiment.NEUTRAL
