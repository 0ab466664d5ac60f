"""Backchannel or not: what a caller's words mean while the agent is still speaking, table-driven
from tests/data/nlu/backchannel_lines.yaml."""

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from helpline.language.backchannel import Backchannel, backchannel_kind
from helpline.language.normalize import normalize
from helpline.language.resources import load_yaml

CASES = Path(__file__).resolve().parents[1] / "data" / "nlu" / "backchannel_lines.yaml"


def _cases() -> list[Any]:
    data = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    return [
        pytest.param(line, Backchannel[kind.upper()], id=f"{kind}-{line.strip() or 'blank'}")
        for kind, lines in data.items()
        for line in lines
    ]


@pytest.mark.parametrize(("line", "kind"), _cases())
def test_a_line_heard_while_the_agent_speaks_has_its_kind(line: str, kind: Backchannel) -> None:
    assert backchannel_kind(line) is kind


def _listed(key: str) -> list[str]:
    return [str(e) for e in load_yaml("backchannels.yaml")[key]]


@pytest.mark.parametrize("entry", _listed("acknowledgements"))
def test_every_listed_acknowledgement_is_a_backchannel(entry: str) -> None:
    assert backchannel_kind(entry) is Backchannel.ACK


@pytest.mark.parametrize("entry", _listed("stops"))
def test_every_listed_stop_word_stops_even_after_an_acknowledgement(entry: str) -> None:
    assert backchannel_kind(entry) is Backchannel.STOP
    assert backchannel_kind(f"haan {entry}") is Backchannel.STOP


def test_an_acknowledgement_followed_by_a_request_is_the_request() -> None:
    assert backchannel_kind("haan haan") is Backchannel.ACK
    assert backchannel_kind("haan haan data pack") is Backchannel.OTHER


def test_a_stop_word_anywhere_makes_the_line_a_stop() -> None:
    assert backchannel_kind("ek ekon ruko") is Backchannel.STOP
    assert backchannel_kind("internet nahi chal raha") is Backchannel.STOP


words = st.sampled_from(["haan", "hmm", "ruko", "balance", "ठीक", "है", "ok", "?", " ", "uh"])


@settings(max_examples=200, deadline=None)
@given(st.lists(words, max_size=6).map(" ".join) | st.text(max_size=40))
def test_normalising_first_never_changes_the_kind(text: str) -> None:
    kind = backchannel_kind(text)
    assert isinstance(kind, Backchannel)
    assert backchannel_kind(normalize(text)) is kind
    assert (kind is Backchannel.NONE) == (normalize(text) == "")


@pytest.mark.parametrize(
    ("heard", "kind"),
    [("see khai", Backchannel.ACK), ("haan jai", Backchannel.ACK), ("sune", Backchannel.STOP)],
)
def test_a_near_miss_spelling_of_a_listed_phrase_counts_as_that_phrase(
    heard: str, kind: Backchannel
) -> None:
    assert backchannel_kind(heard) is kind


@pytest.mark.parametrize("line", ["bill", "plan", "data", "balance batao kitna hai abhi"])
def test_known_words_and_longer_lines_are_never_read_as_near_misses(line: str) -> None:
    assert backchannel_kind(line) is Backchannel.OTHER
