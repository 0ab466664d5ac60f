"""Which known problem a line describes (Utterance.cues.problem). Data: data/problems.yaml.

The complaint types are the operator's (the demo data and the analytics use the same names);
the words that point at each are language data, read once. Types under "any" win whatever
the intent; then the intent's own group (a line under another intent is read as a network
report, the commonest); then "feedback", complaints about the service itself.
"""

import re
from functools import cache
from importlib import resources

from helpline.language.cues_data import cue_data
from helpline.language.normalize import normalize
from helpline.language.types import Intent
from helpline.yaml_text import parse_yaml

_GROUPS = (Intent.NETWORK_ISSUE, Intent.BILLING_ISSUE, Intent.SIM_ISSUE)
_Matchers = tuple[tuple[str, re.Pattern[str]], ...]


def _spelled(phrase: str) -> str:
    """A phrase in the spelling of normalised lines ("kat gaya" -> "cut gaya"), unless the
    normaliser drops a word of it ("sim card" -> "sim"): a shorter phrase would match more."""
    phrase = phrase.strip().lower()
    folded = normalize(phrase)
    return folded if len(folded.split()) == len(phrase.split()) else phrase


def _matcher(phrases: list[str]) -> re.Pattern[str]:
    items = sorted({_spelled(p) for p in phrases if p.strip()}, key=len, reverse=True)
    if not items:
        raise ValueError("problems.yaml: a type needs at least one phrase")
    return re.compile(rf"(?<!\w)(?:{'|'.join(re.escape(p) for p in items)})(?!\w)")


def _group(spec: dict[str, list[str]]) -> _Matchers:
    return tuple((name, _matcher(words)) for name, words in spec.items())


@cache
def _address() -> re.Pattern[str]:
    """An address word and its number ("sector 62", "block 4")."""
    words = "|".join(re.escape(w) for w in sorted(cue_data().address_words))
    return re.compile(rf"(?<!\w)(?:{words}) \d+(?!\w)")


@cache
def _data() -> dict[str, _Matchers]:
    raw = resources.files("helpline.language").joinpath("data/problems.yaml").read_text("utf-8")
    spec = parse_yaml(raw)
    return {name: _group(types) for name, types in spec.items()}


def read_problem(normalized: str, intent: Intent) -> str | None:
    """The complaint type whose words the line uses, or None when it names no known problem."""
    data = _data()
    normalized = _address().sub(" ", normalized)  # "block 4 me" is a place, not a SIM block
    group = intent.value if intent in _GROUPS else Intent.NETWORK_ISSUE.value
    for key in ("any", group, "feedback"):
        for name, pattern in data.get(key, ()):
            if pattern.search(normalized):
                return name
    return None
