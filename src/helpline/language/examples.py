"""The intent files in `data/intents/`: example utterances, templates and keyword patterns; and
`data/heard.yaml`: what the speech recogniser wrote for those examples spoken aloud.

A template writes many utterances at once: "(mera|my) balance [kitna] (hai|batao)" gives
"mera balance kitna hai", "my balance batao", ... A template gives at most `_PER_TEMPLATE`
utterances, picked with a fixed seed, so no single template outweighs the hand-written examples.
"""

import itertools
import random
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from helpline.language.resources import (
    LanguageDataError,
    expect_mapping,
    expect_strings,
    list_data,
    load_yaml,
)
from helpline.language.types import Intent

_PER_TEMPLATE = 40
_PART = re.compile(r"\(([^()\[\]]*)\)|\[([^()\[\]]*)\]|([^()\[\]]+)")


@dataclass(frozen=True, slots=True)
class IntentData:
    """What one intent file says."""

    intent: Intent
    examples: tuple[str, ...]  # hand-written and template-expanded utterances
    keywords: tuple[str, ...]  # patterns (see patterns.py) that strongly signal this intent


def expand(template: str, where: str = "template") -> list[str]:
    """Every utterance a template writes (see module docstring), at most _PER_TEMPLATE of them."""
    choices: list[list[str]] = []
    pos = 0
    for match in _PART.finditer(template):
        if match.start() != pos:
            raise LanguageDataError(f"{where}: unbalanced brackets in '{template}'")
        pos = match.end()
        alternatives, optional, plain = match.groups()
        if plain is not None:
            choices.append([plain])
        elif alternatives is not None:
            choices.append(alternatives.split("|"))
        else:
            choices.append([*optional.split("|"), ""])
    if pos != len(template):
        raise LanguageDataError(f"{where}: unbalanced brackets in '{template}'")
    total = 1
    for c in choices:
        total *= len(c)
    if total <= _PER_TEMPLATE:
        combos = list(itertools.product(*choices))
    else:
        rng = random.Random(zlib.crc32(template.encode()))
        combos = [tuple(rng.choice(c) for c in choices) for _ in range(_PER_TEMPLATE)]
    return sorted({" ".join("".join(c).split()) for c in combos} - {""})


def _intent_files() -> list[tuple[str, Intent, Mapping[str, Any]]]:
    """(path, intent, parsed file) for every intent file: one per Intent, named after it."""
    out: list[tuple[str, Intent, Mapping[str, Any]]] = []
    for path in list_data("intents"):
        data = expect_mapping(load_yaml(path), path)
        name = path.rsplit("/", 1)[-1].removesuffix(".yaml")
        try:
            intent = Intent(name)
        except ValueError as exc:
            raise LanguageDataError(f"{path}: no intent named '{name}'") from exc
        out.append((path, intent, data))
    missing = set(Intent) - {intent for _, intent, _ in out}
    if missing:
        raise LanguageDataError(f"data/intents: no file for {sorted(missing)}")
    return out


@cache
def intent_data() -> tuple[IntentData, ...]:
    """Every intent file, validated: one per Intent, named after it."""
    out: list[IntentData] = []
    for path, intent, data in _intent_files():
        examples = expect_strings(data.get("examples"), f"{path}:examples")
        for template in expect_strings(data.get("templates"), f"{path}:templates"):
            examples.extend(expand(template, f"{path}:templates"))
        keywords = expect_strings(data.get("keywords"), f"{path}:keywords")
        out.append(IntentData(intent, tuple(examples), tuple(keywords)))
    return tuple(out)


@cache
def intent_keywords() -> tuple[tuple[Intent, tuple[str, ...]], ...]:
    """Each intent's keyword patterns, without expanding its templates: a process that loads a
    fitted model from the cache needs only these."""
    return tuple(
        (intent, tuple(expect_strings(data.get("keywords"), f"{path}:keywords")))
        for path, intent, data in _intent_files()
    )


@cache
def heard_examples() -> tuple[tuple[Intent, str], ...]:
    """(intent, transcript) pairs from data/heard.yaml (written by scripts/heard_examples.py).

    A recogniser writes Hindi words it does not expect as English-looking ones ("mera" as "Mary",
    "shukriya" as "short rear"); learning those transcripts too lets a spoken turn meet the intent
    its words were meant for.
    """
    path = "heard.yaml"
    data = expect_mapping(expect_mapping(load_yaml(path), path).get("intents"), f"{path}:intents")
    out: list[tuple[Intent, str]] = []
    for name, texts in data.items():
        try:
            intent = Intent(name)
        except ValueError as exc:
            raise LanguageDataError(f"{path}: no intent named '{name}'") from exc
        out.extend((intent, text) for text in expect_strings(texts, f"{path}:{name}"))
    return tuple(out)
