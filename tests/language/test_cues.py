"""Dialogue cues on the Utterance, table-driven from tests/data/nlu/cues.yaml."""

from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from helpline.language import Understander, Utterance, get_understander
from helpline.language.clauses import clause_spans
from helpline.language.cues_data import cue_data
from helpline.language.types import Cues, Entity, EntityKind

CASES = Path(__file__).resolve().parents[1] / "data" / "nlu" / "cues.yaml"
PLANS = ("Smart 249", "Super Saver")


def _cases() -> list[Any]:
    data = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    return [
        pytest.param(cue, line, expected, id=f"{cue}-{line}")
        for cue, rows in data.items()
        for line, expected in rows
    ]


def _observed(u: Utterance, cue: str) -> Any:
    """The cue as the data file writes it."""
    cues = u.cues
    if cue == "follow_up":
        f = cues.follow_up
        return None if f is None else f.aspect.value + ("+back" if f.refers_back else "")
    if cue == "needs":
        return [n.kind.value + (f"={n.value}" if n.value is not None else "") for n in cues.needs]
    if cue == "complaint_detail":
        return [d.value for d in cues.complaint_detail]
    if cue == "prices":
        return list(cues.prices)
    if cue == "parts":
        return [p.intent.value for p in u.parts]
    value = getattr(cues, cue)
    return getattr(value, "value", value)


@pytest.fixture(scope="module")
def understander() -> Understander:
    return get_understander()


@pytest.mark.parametrize(("cue", "line", "expected"), _cases())
def test_line_gives_cue(understander: Understander, cue: str, line: str, expected: Any) -> None:
    assert _observed(understander.understand(line, plan_names=PLANS), cue) == expected


def test_every_cue_has_ten_lines_that_show_it() -> None:
    data = yaml.safe_load(CASES.read_text(encoding="utf-8"))
    for cue, rows in data.items():
        shown = [line for line, expected in rows if expected not in (None, False, [])]
        assert len(shown) >= 10, cue


def test_an_utterance_built_by_hand_has_empty_cues() -> None:
    from helpline.language import Intent

    u = Utterance(text="x", normalized="x", intent=Intent.GREETING, confidence=1.0)
    assert u.cues == Cues() and u.parts == ()


def test_a_line_with_two_asks_takes_the_most_salient_parts_intent(
    understander: Understander,
) -> None:
    u = understander.understand("hi ji, mera sim kaam nahi kar raha")
    assert u.intent is u.parts[0].intent
    assert u.parts[-1].intent.value == "greeting"


def test_part_entities_point_into_the_whole_line(understander: Understander) -> None:
    line = "network weak hai, aur 239 wala pack bhi daal do"
    u = understander.understand(line)
    amounts = [e for p in u.parts for e in p.entities if e.kind is EntityKind.AMOUNT]
    assert amounts == [Entity(EntityKind.AMOUNT, 239, line.index("239"), line.index("239") + 3)]


def test_decimal_point_does_not_cut_a_clause() -> None:
    assert len(clause_spans("1.5 gb data wala plan batao")) == 1


def test_cue_data_loads_once() -> None:
    assert cue_data() is cue_data()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=200))
def test_any_text_gives_valid_cues(text: str) -> None:
    u = get_understander().understand(text)
    assert isinstance(u.cues, Cues)
    assert all(isinstance(p, int) for p in u.cues.prices)
    assert u.cues.otp_code is None or (len(u.cues.otp_code) == 6 and u.cues.otp_code.isdigit())
    assert all(p.parts == () for p in u.parts)
    assert not u.parts or u.intent is u.parts[0].intent


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.sampled_from(["aur", ",", "haan", "199", "wala", "kar do", "net", "🙏", "se", "kal"]),
        max_size=12,
    )
)
def test_any_mix_of_cue_words_never_raises(words: list[str]) -> None:
    u = get_understander().understand(" ".join(words))
    assert isinstance(u.cues, Cues)


@pytest.mark.parametrize(
    ("line", "intent"),
    [
        ("shkyt ka stts kya h", "complaint_status"),
        ("intrnt bht slw h", "network_issue"),
        ("mra dta kb tk chlga", "plan_info"),
        ("rfnd kb mlga", "billing_issue"),
        ("cmplnt ka stts btao", "complaint_status"),
    ],
)
def test_vowel_dropped_shorthand_reaches_the_intent(
    understander: Understander, line: str, intent: str
) -> None:
    assert understander.understand(line).intent.value == intent
