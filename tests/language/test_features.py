"""The classifier's word features: spellings that sound alike share a skeleton."""

import pytest

from helpline.language import get_understander
from helpline.language.features import skeleton, word_features


@pytest.mark.parametrize(
    ("spellings", "sound"),
    [
        (("kitna", "ketna", "kitnaa"), "ktn"),
        (("mera", "mira", "meraa"), "mr"),
        (("balance", "balanse"), "blns"),
        (("offer", "afer"), "afr"),
        (("shikayat", "shikaayat", "sikayat"), "skt"),
        (("chahiye", "chaiye"), "c"),
    ],
)
def test_spellings_that_sound_alike_share_a_skeleton(
    spellings: tuple[str, ...], sound: str
) -> None:
    assert {skeleton(w) for w in spellings} == {sound}


def test_different_words_keep_different_skeletons() -> None:
    words = ["recharge", "balance", "network", "plan", "data", "nahi", "complaint", "sim"]
    assert len({skeleton(w) for w in words}) == len(words)


def test_only_roman_words_bring_a_sound_feature() -> None:
    assert any(f.startswith("s ") for f in word_features("kitna"))
    assert not any(f.startswith("s ") for f in word_features("#"))
    assert not any(f.startswith("s ") for f in word_features("कितना"))


def test_a_vowel_misspelling_the_data_never_had_still_lands() -> None:
    understander = get_understander()
    assert understander.understand("meraa bailance ketnaa hai").intent.value == "balance"
