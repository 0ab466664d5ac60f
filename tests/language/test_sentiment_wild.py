"""Sentiment on text in the style of real posts and chats, and the abuse flag.

sentiment_wild.yaml was written apart from the lexicon and is never tuned on; the existing
development and held-out sets must not drop.
"""

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpline.language import Understander, get_understander
from helpline.language.sentiment_lexicon import consonant_key, lexicon
from helpline.language.types import Sentiment

ROOT = Path(__file__).resolve().parents[2]


def _load(name: str) -> ModuleType:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    spec = importlib.util.spec_from_file_location(name, ROOT / "benchmarks" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


sentiment_eval = _load("sentiment_eval")


@pytest.fixture(scope="module")
def understander() -> Understander:
    return get_understander()


def test_wild_set_has_300_lines_a_third_each_class() -> None:
    items = sentiment_eval.load_items("sentiment_wild.yaml")
    counts = {label: sum(i["sentiment"] == label for i in items) for label in Sentiment}
    assert len(items) >= 300
    assert min(counts.values()) >= 100


def test_wild_and_dev_sets_share_no_line() -> None:
    def texts(name: str) -> set[str]:
        return {" ".join(str(i["text"]).lower().split()) for i in sentiment_eval.load_items(name)}

    assert texts("sentiment_wild.yaml") & texts("sentiment_dev.yaml") == set()


def test_wild_set_macro_f1_and_every_recall(understander: Understander) -> None:
    result = sentiment_eval.evaluate(understander, "sentiment_wild.yaml")
    assert result.macro_f1 >= 0.80
    assert min(result.recall.values()) >= 0.70, result.recall


@pytest.mark.parametrize(
    "name",
    [
        "sentiment.yaml",
        "holdout/sentiment.yaml",
        "holdout2/sentiment.yaml",
        "holdout3/sentiment.yaml",
        "sentiment_dev.yaml",
    ],
)
def test_labelled_sets_do_not_drop(understander: Understander, name: str) -> None:
    # Before the broad lexicon: 1.0, 1.0, 1.0 and 0.90 accuracy on the first four.
    floor = {"holdout3/sentiment.yaml": 0.90, "sentiment_dev.yaml": 0.90}.get(name, 1.0)
    assert sentiment_eval.evaluate(understander, name).score.accuracy >= floor


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("bilkul bhi accha nahi laga", Sentiment.NEGATIVE),
        ("BKWAAS app", Sentiment.NEGATIVE),
        ("ghtiya network", Sentiment.NEGATIVE),
        ("wah kya network hai, 2 din se signal gayab", Sentiment.NEGATIVE),
        ("#worstservice", Sentiment.NEGATIVE),
        ("app accha hai lekin net bahut slow hai", Sentiment.NEGATIVE),
        ("shukriyaaa bhai", Sentiment.POSITIVE),
        ("jai ho", Sentiment.POSITIVE),
        ("shandaar", Sentiment.POSITIVE),
        (":)", Sentiment.POSITIVE),
        ("😡", Sentiment.NEGATIVE),
        ("@badboy plan kab khatam hoga", Sentiment.NEUTRAL),
        ("mera battery kitne ka hai", Sentiment.NEUTRAL),
        ("ghar pe baith ke gyaan mat do", Sentiment.NEGATIVE),
        ("ye log kabhi nahi sudhrenge", Sentiment.NEGATIVE),
        ("tere jaise chamche bahut dekhe", Sentiment.NEGATIVE),
    ],
)
def test_free_spelling_and_cues(
    understander: Understander, text: str, sentiment: Sentiment
) -> None:
    assert understander.understand(text).sentiment is sentiment


@pytest.mark.parametrize(
    ("text", "abusive"),
    [
        ("bc network phir gaya", True),
        ("saale chor ho tum", True),
        ("teri maa ki aankh", True),
        ("bakwas service hai", False),
        ("mera balance batao", False),
    ],
)
def test_abuse_is_flagged(understander: Understander, text: str, abusive: bool) -> None:
    assert understander.understand(text).abusive is abusive


def test_abusive_line_is_negative(understander: Understander) -> None:
    assert understander.understand("madarchod company").sentiment is Sentiment.NEGATIVE


def test_lexicon_keys_fold_free_spellings() -> None:
    assert consonant_key("bakwaas") == consonant_key("bkwas") == consonant_key("bakvas")
    assert lexicon().weight("zbardast") == lexicon().weight("zabardast") > 0
    assert lexicon().weight("battery") is None  # not "better"


@given(st.text(max_size=80))
def test_any_text_gives_a_score_in_range(text: str) -> None:
    utterance = get_understander().understand(text)
    assert -1.0 <= utterance.sentiment_score <= 1.0
    assert isinstance(utterance.abusive, bool)


@pytest.mark.parametrize("text", ["network aa gaya", "net sudhar gaya", "signal wapas aa gaya"])
def test_a_fault_that_has_gone_is_not_negative(understander: Understander, text: str) -> None:
    assert understander.understand(text).sentiment is not Sentiment.NEGATIVE
