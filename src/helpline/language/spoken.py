"""Numbers to the Hindi words a voice reads aloud: 299 -> "do sau ninyanave", 2.5 -> "dhai"."""

import math
from functools import cache

from helpline.language.resources import expect_mapping, expect_number, expect_strings, load_yaml

# Indian grouping: crore, lakh, hazaar, then sau inside the last three digits.
_GROUPS = ((10_000_000, "crore"), (100_000, "lakh"), (1000, "hazaar"), (100, "sau"))
# Quarters said as words before the next number: "saade teen", "sava do", "paune chaar".
_SPECIAL = {0.5: "aadha", 1.5: "dedh", 2.5: "dhai"}


@cache
def _small_words() -> dict[int, str]:
    """0..99 to the first (most usual) Hindi spelling in numbers.yaml."""
    table = expect_mapping(load_yaml("numbers.yaml").get("hindi"), "numbers.yaml:hindi")
    out: dict[int, str] = {}
    for key, spellings in table.items():
        value = int(expect_number(key, "numbers.yaml:hindi"))
        out[value] = expect_strings(spellings, f"numbers.yaml:hindi:{key}")[0]
    missing = sorted(set(range(100)) - set(out))
    if missing:
        raise ValueError(f"numbers.yaml:hindi lacks {missing}")
    return out


def hindi_number_words(n: int) -> str:
    """A whole number in Roman Hindi words, Indian grouping: 299 -> "do sau ninyanave"."""
    n = int(n)
    if n < 0:
        return "minus " + hindi_number_words(-n)
    small = _small_words()
    if n < 100:
        return small[n]
    words: list[str] = []
    for size, name in _GROUPS:
        if n >= size:
            count, n = divmod(n, size)
            # Counts above 99 crore are read as numbers of crores: "sau crore".
            words.append(f"{hindi_number_words(count)} {name}")
    if n:
        words.append(small[n])
    return " ".join(words)


def hindi_quantity_words(x: float) -> str:
    """A quantity as said in Hindi: 1.5 -> "dedh", 2.5 -> "dhai", 3.5 -> "saade teen",
    2.25 -> "sava do", 2.75 -> "paune teen"; other decimals digit by digit after "point"."""
    if math.isnan(x) or math.isinf(x):
        raise ValueError(f"not a quantity: {x}")
    if x < 0:
        return "minus " + hindi_quantity_words(-x)
    if float(x).is_integer():
        return hindi_number_words(int(x))
    if x in _SPECIAL:
        return _SPECIAL[x]
    whole, part = int(x), round(x - int(x), 6)
    if part == 0.5:
        return f"saade {hindi_number_words(whole)}"
    if part == 0.25 and whole >= 1:
        return f"sava {hindi_number_words(whole)}"
    if part == 0.75:
        return f"paune {hindi_number_words(whole + 1)}"
    decimals = f"{x:.6f}".rstrip("0").split(".")[1]
    digits = " ".join(_small_words()[int(d)] for d in decimals)
    return f"{hindi_number_words(whole)} point {digits}"
