"""Devanagari words to the Roman spelling Hinglish speakers type ("नहीं" -> "nahi").

Common words come from a word list (`_common.yaml`, key `devanagari`); other words go through
indic-transliteration (OPTITRANS) after deleting the silent inherent vowel, which the library
keeps ("कितना" would otherwise read "kitana", "कल" "kala").
"""

import re
import unicodedata
from functools import cache, lru_cache

from helpline.language.resources import LanguageDataError, expect_mapping, load_yaml

_NUKTA = "\u093c"
_VIRAMA = "\u094d"
# Candra vowels (as in "ऑफर", "कॉल") read like plain o/e in Hinglish; the library spells them oddly.
_CANDRA = str.maketrans(
    {"\u0949": "\u094b", "\u0911": "\u0913", "\u0945": "\u0947", "\u090d": "\u090f"}
)
# OPTITRANS symbols to plain Roman letters, longest first.
_OPTITRANS_FIXES = (
    (".N", "n"),
    ("~N", "n"),
    ("~n", "n"),
    ("RR", "ri"),
    ("R", "ri"),
    ("Ch", "chh"),
    ("Sh", "sh"),
    (".Dh", "rh"),
    (".D", "r"),
    (".kh", "kh"),
    (".g", "g"),
    ("M", "n"),
    ("H", "h"),
    ("Y", "y"),
    ("T", "t"),
    ("D", "d"),
    ("N", "n"),
    ("L", "l"),
    ("E", "e"),
    ("O", "o"),
)
_LONG_VOWEL = re.compile(r"([AIU])(?=[a-zA-Z])")
_LONG_MEDIAL = {"A": "aa", "I": "ee", "U": "oo"}
_NOT_LETTER = re.compile(r"[^a-z]+")


def has_devanagari(text: str) -> bool:
    """Whether any letter of the text is written in Devanagari."""
    return any("\u0900" <= c <= "\u097f" for c in text)


def _is_consonant(ch: str) -> bool:
    return "\u0915" <= ch <= "\u0939" or "\u0958" <= ch <= "\u095f" or "\u0978" <= ch <= "\u097f"


def _is_vowel_sign(ch: str) -> bool:
    return "\u093e" <= ch <= "\u094c" or ch in "\u0955\u0956\u0957\u0962\u0963\u093a\u093b"


def _syllables(word: str) -> list[list[str]]:
    """Split into units [text, vowel] where vowel is 'a' (inherent), 'v' (written) or '' (none)."""
    units: list[list[str]] = []
    i, n = 0, len(word)
    while i < n:
        ch = word[i]
        if _is_consonant(ch):
            j = i + 1
            if j < n and word[j] == _NUKTA:
                j += 1
            if j < n and word[j] == _VIRAMA:
                units.append([word[i : j + 1], ""])
                i = j + 1
            elif j < n and _is_vowel_sign(word[j]):
                units.append([word[i : j + 1], "v"])
                i = j + 1
            else:
                units.append([word[i:j], "a"])
                i = j
        elif "\u0904" <= ch <= "\u0914" or ch in "\u0960\u0961":
            units.append([ch, "v"])
            i += 1
        else:  # anusvara, candrabindu, visarga, stray signs: they colour the vowel before
            units.append([ch, "m"])
            i += 1
    return units


def _delete_schwas(word: str) -> str:
    """Add a virama where Hindi drops the inherent vowel (a V C a C V pattern, and word-final)."""
    units = _syllables(word)
    voiced = [k for k, u in enumerate(units) if u[1] in ("a", "v")]
    if len(voiced) < 2:
        return word
    last = voiced[-1]
    tail_is_sign = any(u[1] == "m" for u in units[last + 1 :])
    if units[last][1] == "a" and not tail_is_sign:
        units[last][1] = ""
    for k in reversed(voiced[1:-1]):
        if units[k][1] != "a" or units[k + 1][1] == "m":
            continue
        prev = units[k - 1]
        nxt = units[k + 1]
        if (
            prev[1] in ("a", "v", "m")
            and nxt[1] in ("a", "v")
            and not units[k - 1][0].endswith(_VIRAMA)
        ):
            units[k][1] = ""
    return "".join(
        u[0] + (_VIRAMA if u[1] == "" and _is_consonant(u[0][-1:]) else "") for u in units
    )


def _roman(word: str) -> str:
    # Imported here: the library parses ~90 scheme files on import (a fifth of a second), and
    # most lines are Roman text or common words from the list.
    from indic_transliteration import sanscript

    text = sanscript.transliterate(word, sanscript.DEVANAGARI, sanscript.OPTITRANS)
    for old, new in _OPTITRANS_FIXES:
        text = text.replace(old, new)
    text = _LONG_VOWEL.sub(lambda m: _LONG_MEDIAL[m.group(1)], text)
    return _NOT_LETTER.sub("", text.lower())


@cache
def _word_map() -> dict[str, str]:
    raw = expect_mapping(load_yaml("_common.yaml").get("devanagari", {}), "_common.yaml:devanagari")
    out: dict[str, str] = {}
    for key, value in raw.items():
        roman = str(value).strip().lower()
        if not roman or not roman.replace(" ", "").isascii():
            raise LanguageDataError(f"_common.yaml:devanagari: bad spelling {value!r} for {key}")
        out[unicodedata.normalize("NFC", str(key))] = roman
    return out


@lru_cache(maxsize=65536)
def transliterate_word(word: str) -> str:
    """One Devanagari word in Roman letters (lower-case a-z, maybe several words), or ''."""
    word = unicodedata.normalize("NFC", word).replace("\u200c", "").replace("\u200d", "")
    known = _word_map().get(word)
    if known is not None:
        return known
    return _roman(_delete_schwas(word.translate(_CANDRA)))
