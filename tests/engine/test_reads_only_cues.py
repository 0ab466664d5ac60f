"""The engine reads meaning only from the Utterance's typed fields: no engine module reads the
customer's raw text to decide anything, and none matches word lists against it.

Exceptions, each for a reason that is not reading meaning: complaints.py writes the customer's
own words into the ticket; conversation.py writes them into the hand-off transcript. The agent
passes the raw line to those and to the turn record (with a one-time code masked). Even the
phone number and the code come from the Utterance's cues.
"""

import ast
from pathlib import Path

import pytest

ENGINE = Path(__file__).resolve().parents[2] / "src" / "helpline" / "engine"
RECORDS_THE_WORDS = {"complaints.py", "conversation.py", "agent.py"}
WORD_MATCHERS = {"PhraseSet", "FollowUpReader", "with_price_answer"}


def modules() -> list[Path]:
    return sorted(p for p in ENGINE.rglob("*.py"))


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ENGINE)))
def test_no_engine_module_reads_the_normalised_text(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    reads = [
        n.lineno for n in ast.walk(tree) if isinstance(n, ast.Attribute) and n.attr == "normalized"
    ]
    assert not reads, f"{path.name} reads .normalized at lines {reads}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ENGINE)))
def test_no_engine_module_reads_the_utterance_text_except_to_record_it(path: Path) -> None:
    if path.name in RECORDS_THE_WORDS:
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    reads = [
        n.lineno
        for n in ast.walk(tree)
        if isinstance(n, ast.Attribute)
        and n.attr == "text"
        and isinstance(n.value, ast.Name | ast.Attribute)
        and (getattr(n.value, "id", None) or getattr(n.value, "attr", "")) in {"u", "utterance"}
    ]
    assert not reads, f"{path.name} reads the utterance's text at lines {reads}"


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(ENGINE)))
def test_no_engine_module_matches_word_lists(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name)}
    imported = {a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
    assert not (names | imported) & WORD_MATCHERS, f"{path.name} matches word lists"
    assert path.name != "phrases.py", "engine/phrases.py (word-list matching) is gone"
