"""Roman-script Hindi words to Devanagari so a Hindi voice says them as Hindi; English stays.

The word list (data/hindi_words.yaml) decides what is Hindi: Hinglish is mostly the same few
hundred words, and a wrong guess costs more (an English word read with Hindi rules) than a gap.
"""

import re
from functools import cache
from importlib import resources

from helpline.yaml_text import parse_yaml

_TOKEN = re.compile(r"[A-Za-z]+|[^A-Za-z]+")


@cache
def _tables() -> tuple[dict[str, str], dict[str, frozenset[str]]]:
    text = (
        resources.files("helpline.providers.tts")
        .joinpath("data/hindi_words.yaml")
        .read_text(encoding="utf-8")
    )
    data = parse_yaml(text)
    words = {str(k).lower(): str(v) for k, v in data["words"].items()}
    english_before = {
        str(k).lower(): frozenset(str(w).lower() for w in v)
        for k, v in (data.get("english_before") or {}).items()
    }
    for roman, deva in words.items():
        if not deva or any("a" <= ch.lower() <= "z" for ch in deva):
            raise ValueError(f"hindi_words.yaml: '{roman}' has no Devanagari spelling")
    return words, english_before


def hindi_words() -> frozenset[str]:
    """The Roman words read as Hindi."""
    return frozenset(_tables()[0])


def to_devanagari(text: str) -> str:
    """Listed Hindi words in Devanagari; every other character unchanged."""
    words, english_before = _tables()
    tokens = _TOKEN.findall(text)
    out: list[str] = []
    for i, token in enumerate(tokens):
        key = token.lower()
        deva = words.get(key)
        if deva is None or _next_word(tokens, i) in english_before.get(key, ()):
            out.append(token)
        else:
            out.append(deva)
    return "".join(out)


def _next_word(tokens: list[str], i: int) -> str:
    for token in tokens[i + 1 :]:
        if token[:1].isalpha():
            return token.lower()
        if token.strip():
            return ""
    return ""
