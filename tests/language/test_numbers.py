"""Numbers in words, both ways: parsing what customers say and saying amounts aloud."""

import pytest

from helpline.language.numbers import (
    hindi_number_words,
    hindi_quantity_words,
    words_to_digits,
    words_to_number,
)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("do sau ninyanave", 299),
        ("teen sau", 300),
        ("dedh", 1.5),
        ("dhai", 2.5),
        ("saade teen sau", 350),
        ("sava do", 2.25),
        ("paune teen", 2.75),
        ("ek hazaar chaar sau ninyanave", 1499),
        ("two hundred", 200),
        ("two hundred and fifty", 250),
        ("two ninety nine", 299),
        ("one thousand four hundred ninety nine", 1499),
        ("twenty one", 21),
        ("ek lakh", 100000),
        ("199", 199),
        ("1.5", 1.5),
        ("chalis", 40),
        ("chaalees", 40),
        ("recharge", None),
        ("do sau aur", None),
        ("", None),
    ],
)
def test_words_to_number(text: str, value: float | None) -> None:
    assert words_to_number(text) == value


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("nine eight seven six five four three two one zero", "9876543210"),
        ("double nine eight", "998"),
        ("nau aath saat", "987"),
        ("nine 8 7", "987"),
        ("hello", None),
    ],
)
def test_words_to_digits(text: str, digits: str | None) -> None:
    assert words_to_digits(text) == digits


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (0, "shunya"),
        (7, "saat"),
        (40, "chalis"),
        (99, "ninyanave"),
        (100, "ek sau"),
        (101, "ek sau ek"),
        (199, "ek sau ninyanave"),
        (299, "do sau ninyanave"),
        (1499, "ek hazaar chaar sau ninyanave"),
        (25000, "pachchees hazaar"),
        (100000, "ek lakh"),
        (25_00_00_000, "pachchees crore"),
        (-5, "minus paanch"),
    ],
)
def test_hindi_number_words(n: int, words: str) -> None:
    assert hindi_number_words(n) == words


@pytest.mark.parametrize(
    "n", [0, 1, 9, 10, 19, 55, 99, 100, 299, 1001, 84_000, 12_34_567, 99_99_999]
)
def test_hindi_number_words_read_back_as_the_same_number(n: int) -> None:
    assert words_to_number(hindi_number_words(n)) == n


@pytest.mark.parametrize(
    ("x", "words"),
    [
        (0.5, "aadha"),
        (1.5, "dedh"),
        (2.5, "dhai"),
        (3.5, "saade teen"),
        (2.25, "sava do"),
        (2.75, "paune teen"),
        (2.0, "do"),
        (1.2, "ek point do"),
    ],
)
def test_hindi_quantity_words(x: float, words: str) -> None:
    assert hindi_quantity_words(x) == words


def test_hindi_quantity_words_refuses_nan() -> None:
    with pytest.raises(ValueError):
        hindi_quantity_words(float("nan"))
