"""What a caller's words mean while the agent is speaking: "haan", "hmm" (listening, go on),
"ruko", "ek minute" (stop), or a request of their own. The word lists are data
(data/backchannels.yaml), read through the same normaliser as every other line."""

from dataclasses import dataclass
from enum import Enum
from functools import cache

from rapidfuzz import fuzz, process

from helpline.language.normalize import normalize
from helpline.language.resources import (
    LanguageDataError,
    expect_mapping,
    expect_strings,
    load_yaml,
)
from helpline.language.spelling import spelling
from helpline.language.transliterate import has_devanagari

_FILE = "backchannels.yaml"
# A short line that is no listed phrase but spelled this close to one (0-100, letters only) is
# taken for it: Whisper writes a quick "theek hai" as "see khai", "suniye" as "sune", "haan ji"
# as "haan jai". Below 80, words of a request start to pass for acknowledgements ("the" for
# "theek").
SOUNDS_LIKE = 80.0
# Only lines this short, with a word the language layer does not know, are compared so: a
# request has more words, and a known word ("bill", not "bilkul") means what it says.
SOUNDS_LIKE_MAX_WORDS = 3
SOUNDS_LIKE_MIN_LETTERS = 4  # "sun", "hup": too short to say which word they miss


class Backchannel(Enum):
    ACK = "ack"  # only acknowledgements: "haan ji", "hmm ok", "theek hai"
    STOP = "stop"  # a word asking the agent to stop or hold: "ruko", "nahi nahi", "ek minute"
    OTHER = "other"  # words of a request: "balance batao", "kitne ka hai"
    NONE = "none"  # no words at all (nothing heard yet)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    phrases: dict[tuple[str, ...], Backchannel]  # normalised words -> ACK or STOP
    alone: frozenset[tuple[str, ...]]  # stops only as the whole line
    fillers: frozenset[str]
    longest: int
    spelled: dict[str, Backchannel]  # each phrase's letters run together -> its kind


def _normalised(entries: list[str], where: str) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for entry in entries:
        words = tuple(normalize(entry).split())
        if not words:
            raise LanguageDataError(f"{where}: '{entry}' has no words after normalising")
        out.append(words)
    return out


@cache
def _lexicon() -> _Lexicon:
    """The lists, normalised and checked: no phrase may be both an acknowledgement and a stop."""
    data = expect_mapping(load_yaml(_FILE), _FILE)
    phrases: dict[tuple[str, ...], Backchannel] = {}
    for key, kind in (("acknowledgements", Backchannel.ACK), ("stops", Backchannel.STOP)):
        where = f"{_FILE}:{key}"
        for words in _normalised(expect_strings(data.get(key), where), where):
            if phrases.get(words, kind) is not kind:
                raise LanguageDataError(f"{where}: '{' '.join(words)}' is in both lists")
            phrases[words] = kind
    fillers: set[str] = set()
    for words in _normalised(expect_strings(data.get("fillers"), f"{_FILE}:fillers"), _FILE):
        if len(words) != 1 or words in phrases:
            raise LanguageDataError(f"{_FILE}:fillers: '{' '.join(words)}' is not one free word")
        fillers.add(words[0])
    if not phrases:
        raise LanguageDataError(f"{_FILE}: no acknowledgements or stops")
    where = f"{_FILE}:stops_alone"
    alone = frozenset(_normalised(expect_strings(data.get("stops_alone", []), where), where))
    if alone & phrases.keys():
        raise LanguageDataError(f"{where}: a phrase listed there is also in another list")
    spelled = {"".join(words): kind for words, kind in phrases.items()}
    return _Lexicon(phrases, alone, frozenset(fillers), max(len(k) for k in phrases), spelled)


def _kinds(words: list[str], lexicon: _Lexicon) -> list[Backchannel]:
    """Each stretch of the line as ACK, STOP or OTHER, longest listed phrase first; fillers
    outside a listed phrase ("uh" but not "uh huh") are left out."""
    out: list[Backchannel] = []
    i = 0
    while i < len(words):
        for size in range(min(lexicon.longest, len(words) - i), 0, -1):
            kind = lexicon.phrases.get(tuple(words[i : i + size]))
            if kind is not None:
                out.append(kind)
                i += size
                break
        else:
            if words[i] not in lexicon.fillers:
                out.append(Backchannel.OTHER)
            i += 1
    return out


def _sounds_like(words: list[str], lexicon: _Lexicon) -> Backchannel:
    """The kind of the listed phrase a short unlisted line is spelled closest to, if close."""
    letters = "".join(words)
    if len(words) > SOUNDS_LIKE_MAX_WORDS or len(letters) < SOUNDS_LIKE_MIN_LETTERS:
        return Backchannel.OTHER
    known = spelling().known
    if all(w in known or w.isdigit() for w in words):
        return Backchannel.OTHER
    match = process.extractOne(
        letters, lexicon.spelled.keys(), scorer=fuzz.ratio, score_cutoff=SOUNDS_LIKE
    )
    return Backchannel.OTHER if match is None else lexicon.spelled[match[0]]


def _stop_alone(words: list[str], lexicon: _Lexicon) -> bool:
    """The line, fillers aside, is a word that is a stop only alone ("are")."""
    return tuple(w for w in words if w not in lexicon.fillers) in lexicon.alone


def backchannel_kind(text: str) -> Backchannel:
    """ACK if every word acknowledges; STOP if any stretch asks to stop ("haan ruko", "nahi
    mujhe 199 wala chahiye"); OTHER for any other words ("balance batao"); NONE for no words.
    A short line listed nowhere counts as the listed phrase it is spelled almost like ("sune":
    STOP)."""
    words = normalize(text).split()
    if not words:
        return Backchannel.NONE
    lexicon = _lexicon()
    if _stop_alone(words, lexicon):
        return Backchannel.STOP
    kinds = _kinds(words, lexicon)
    # A stop word anywhere: partial transcripts garble the words around it ("ek ekon ruko").
    if Backchannel.STOP in kinds:
        return Backchannel.STOP
    if Backchannel.OTHER in kinds:
        return _sounds_like([w for w in words if w not in lexicon.fillers], lexicon)
    # Acknowledgements, or only sounds like "uh", "oh": nothing the agent must stop for.
    return Backchannel.ACK


def words_read(text: str) -> int:
    """How many words a line holds, fillers ("uh", "ah") left out and a word repeated in a row
    counted once: a misheard acknowledgement is a word or three, a request read as anything is
    more, and a decoder's loop ("time time time time" for "हम्म हम्म") is one word heard."""
    lexicon = _lexicon()
    words = [w for w in normalize(text).split() if w not in lexicon.fillers]
    return sum(i == 0 or words[i - 1] != w for i, w in enumerate(words))


def only_listed(text: str) -> bool:
    """Whether every word of the line is a listed acknowledgement, stop or filler ("ruko ruko",
    "haan ji"; not "ruko mujhe recharge karna hai")."""
    words = normalize(text).split()
    lexicon = _lexicon()
    return _stop_alone(words, lexicon) or Backchannel.OTHER not in _kinds(words, lexicon)


@cache
def spotting_phrases() -> dict[Backchannel, tuple[str, ...]]:
    """The spoken forms keyword spotting listens for, by kind (ACK, STOP), as written in the
    data; each is checked to read as its own kind, so the spotter and the lists never disagree."""
    data = expect_mapping(load_yaml(_FILE), _FILE)
    spotting = expect_mapping(data.get("spotting"), f"{_FILE}:spotting")
    out: dict[Backchannel, tuple[str, ...]] = {}
    for key, kind in (("acknowledgements", Backchannel.ACK), ("stops", Backchannel.STOP)):
        where = f"{_FILE}:spotting:{key}"
        phrases = tuple(expect_strings(spotting.get(key), where))
        if not phrases:
            raise LanguageDataError(f"{where}: no phrases")
        for phrase in phrases:
            if backchannel_kind(phrase) is not kind:
                raise LanguageDataError(f"{where}: '{phrase}' does not read as {kind.value}")
        out[kind] = phrases
    return out


@cache
def template_phrases() -> dict[Backchannel, tuple[tuple[str, ...], tuple[str, ...]]]:
    """The phrases spoken as templates for matching speech over the agent, by kind (ACK, STOP):
    (Roman, Devanagari). Roman ones are the spotting forms, Devanagari ones the lists' own
    entries in that script; a phrase that only repeats one word ("haan haan") is left out, as
    the matcher lets any word follow another."""
    data = expect_mapping(load_yaml(_FILE), _FILE)
    out: dict[Backchannel, tuple[tuple[str, ...], tuple[str, ...]]] = {}
    for key, kind in (("acknowledgements", Backchannel.ACK), ("stops", Backchannel.STOP)):
        devanagari = [
            p for p in expect_strings(data.get(key), f"{_FILE}:{key}") if has_devanagari(p)
        ]
        roman = [p for p in spotting_phrases()[kind] if not has_devanagari(p)]
        out[kind] = (_distinct_words(roman), _distinct_words(devanagari))
    return out


def _distinct_words(phrases: list[str]) -> tuple[str, ...]:
    return tuple(p for p in phrases if len(set(p.split())) == len(p.split()))
