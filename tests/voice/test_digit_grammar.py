"""The digit matcher's grammars (providers/stt/digit_dtw.py) on made-up frames: each word a
vector of its own, so the path through the words is known and only the grammar is tested."""

import numpy as np
import numpy.typing as npt
import pytest

from helpline.providers.stt.digit_dtw import WordMatcher
from helpline.providers.stt.digit_features import ENERGY, WIDTH
from helpline.providers.stt.digit_templates import Template

FRAMES = 6  # frames per word


def _vector(label: str) -> npt.NDArray[np.float32]:
    rng = np.random.default_rng(sum(map(ord, label)))
    vector = rng.normal(0.0, 3.0, WIDTH).astype(np.float32)
    vector[ENERGY] = rng.uniform(4.0, 6.0)  # loud, against the silence around the words
    return vector


def _word(label: str) -> npt.NDArray[np.float32]:
    return np.tile(_vector(label), (FRAMES, 1))


def _utterance(*labels: str) -> npt.NDArray[np.float32]:
    quiet = np.zeros((FRAMES, WIDTH), np.float32)  # the noise floor, before and after
    return np.vstack([quiet, *(_word(label) for label in labels), quiet])


@pytest.fixture(scope="module")
def matcher() -> WordMatcher:
    words = [*"0123456789", "double", "triple"]
    return WordMatcher([Template(label, 0, _word(label)) for label in words])


@pytest.mark.parametrize(
    ("said", "digits"),
    [
        (("9", "8", "double", "7", "1"), "98771"),
        (("6", "triple", "2", "4"), "62224"),
        (("triple", "9", "double", "0"), "99900"),
    ],
)
def test_double_and_triple_say_the_next_digit_two_and_three_times(
    matcher: WordMatcher, said: tuple[str, ...], digits: str
) -> None:
    reading = matcher.read(_utterance(*said))
    assert reading is not None
    assert reading.digits == digits
    assert reading.words == said


def test_a_counted_reading_counts_a_triple_as_three_digits(matcher: WordMatcher) -> None:
    said = ("6", "1", "triple", "2", "4", "5", "3", "9", "0")
    reading = matcher.read(_utterance(*said), 10)
    assert reading is not None
    assert reading.digits == "6122245390"
    # Held to eleven digits, the same words must be read as some other eleven.
    eleven = matcher.read(_utterance(*said), 11)
    assert eleven is not None
    assert len(eleven.digits) == 11
    assert eleven.cost > reading.cost
