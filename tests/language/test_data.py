"""The package's language data: every file loads and is consistent."""

import pytest

from helpline.language import Intent, normalize
from helpline.language.examples import expand, heard_examples, intent_data
from helpline.language.patterns import PatternSet, compile_pattern
from helpline.language.resources import LanguageDataError
from helpline.language.spelling import spelling

INTENTS = {d.intent: d for d in intent_data()}


@pytest.mark.parametrize("intent", list(Intent), ids=str)
def test_intent_file_has_enough_varied_examples(intent: Intent) -> None:
    data = INTENTS[intent]
    distinct = {normalize(e) for e in data.examples}
    assert len(distinct) >= 100
    assert any(any("\u0900" <= c <= "\u097f" for c in e) for e in data.examples)


@pytest.mark.parametrize("intent", list(Intent), ids=str)
def test_keywords_compile(intent: Intent) -> None:
    for pattern in INTENTS[intent].keywords:
        compile_pattern(pattern)


def test_heard_examples_are_normalised_and_never_contradict_typed_ones() -> None:
    heard = heard_examples()
    assert {intent for intent, _ in heard} == set(Intent)
    typed = {normalize(e): d.intent for d in intent_data() for e in d.examples}
    contradicted = [(i, t) for i, t in heard if typed.get(t, i) is not i]
    assert contradicted == []
    assert all(normalize(text) == text for _, text in heard)
    texts = [text for _, text in heard]
    assert len(texts) == len(set(texts)), "a heard line belongs to one intent only"


def test_spelling_table_maps_variants_to_canonical_words() -> None:
    table = spelling()
    assert table.words["nhi"] == ("nahi",)
    assert "nahi" not in table.words


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("(a|b) c", ["a c", "b c"]),
        ("x [y] z", ["x y z", "x z"]),
        ("plain", ["plain"]),
    ],
)
def test_template_expansion(template: str, expected: list[str]) -> None:
    assert sorted(expand(template)) == sorted(expected)


@pytest.mark.parametrize("template", ["(a|b c", "a]b"])
def test_bad_template_is_refused(template: str) -> None:
    with pytest.raises(LanguageDataError):
        expand(template)


@pytest.mark.parametrize(
    ("pattern", "text", "hit"),
    [
        ("balance|data * kitna", "mera data abhi kitna hai", True),
        ("balance|data * kitna", "kitna data", False),
        ("disconnect~", "call disconnected ho gayi", True),
        ("= haan|yes", "haan", True),
        ("= haan|yes", "haan mera network nahi", False),
        ("nhi aa", "network nahi aa raha", True),
        ("recharge #", "recharge 399 karo", True),
    ],
)
def test_patterns(pattern: str, text: str, hit: bool) -> None:
    assert bool(PatternSet([("g", [pattern])], "test").match(text)) is hit


@pytest.mark.parametrize("pattern", ["", "* a", "a *", "a$b"])
def test_bad_pattern_is_refused(pattern: str) -> None:
    with pytest.raises(LanguageDataError):
        compile_pattern(pattern)
