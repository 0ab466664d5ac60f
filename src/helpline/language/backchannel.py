"""What a caller's words mean while the agent is speaking: "haan", "hmm" (listening, go on),
"ruko", "ek minute" (stop), or a request of their own. The word lists are data
(data/backchannels.yaml), read through the same normaliser as every other line."""

from dataclasses import dataclass
from enum import Enum
from functools import cache

from helpline.language.normalize import normalize
from helpline.language.resources import (
    LanguageDataError,
    expect_mapping,
    expect_strings,
    load_yaml,
)

_FILE = "backchannels.yaml"


class Backchannel(Enum):
    ACK = "ack"  # only acknowledgements: "haan ji", "hmm ok", "theek hai"
    STOP = "stop"  # a word asking the agent to stop or hold: "ruko", "nahi nahi", "ek minute"
    OTHER = "other"  # words of a request: "balance batao", "network nahi aa raha"
    NONE = "none"  # no words at all (nothing heard yet)


@dataclass(frozen=True, slots=True)
class _Lexicon:
    phrases: dict[tuple[str, ...], Backchannel]  # normalised words -> ACK or STOP
    fillers: frozenset[str]
    longest: int


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
    return _Lexicon(phrases, frozenset(fillers), max(len(k) for k in phrases))


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


def backchannel_kind(text: str) -> Backchannel:
    """ACK if every word acknowledges; else what the caller leads with after any
    acknowledgement: STOP for a stop word ("haan ruko", "nahi mujhe 199 wala chahiye"), OTHER
    for a request ("network nahi aa raha"); NONE for no words."""
    words = normalize(text).split()
    if not words:
        return Backchannel.NONE
    for kind in _kinds(words, _lexicon()):
        if kind is not Backchannel.ACK:
            return kind
    # Acknowledgements, or only sounds like "uh", "oh": nothing the agent must stop for.
    return Backchannel.ACK
