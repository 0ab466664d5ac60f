"""`helpline nlu`: one JSON line per input line, whatever the bytes."""

import json
import subprocess
import sys

from typer.testing import CliRunner

from helpline.cli import app

KEYS = {
    "text",
    "normalized",
    "intent",
    "confidence",
    "entities",
    "sentiment",
    "sentiment_score",
    "department",
    "priority",
}


def _records(output: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in output.splitlines()]


def test_arguments_give_one_json_line_each() -> None:
    result = CliRunner().invoke(app, ["nlu", "mera balance kitna hai", "network nahi aa raha"])
    assert result.exit_code == 0, result.output
    first, second = _records(result.output)
    assert set(first) == KEYS
    assert first["intent"] == "balance"
    assert first["department"] is None and first["priority"] is None
    assert second["intent"] == "network_issue"
    assert second["department"] == "Network"


def test_plan_option_matches_plan_names() -> None:
    result = CliRunner().invoke(app, ["nlu", "--plan", "Smart 249", "smart 249 activate karo"])
    (record,) = _records(result.output)
    assert record["entities"] == [{"kind": "plan", "value": "Smart 249", "start": 0, "end": 9}]


def test_stdin_with_bad_bytes_gives_valid_json_for_every_line() -> None:
    lines = [
        b"",
        b"\x00\x01\x07\x1b\t",
        b"\xff\xfe\xfa\xc3",
        "😀🔥".encode(),
        b"a" * 100_000,
        "दो सौ रुपये कट गए".encode(),
        b"199 ka recharge",
    ]
    stdin = b"\n".join(lines) + b"\n"
    completed = subprocess.run(
        [sys.executable, "-c", "from helpline.cli import main; main()", "nlu"],
        input=stdin,
        capture_output=True,
        check=True,
        timeout=120,
    )
    records = _records(completed.stdout.decode("utf-8"))
    assert len(records) == len(lines)
    assert all(set(r) == KEYS for r in records)
    assert [r["intent"] for r in records[:5]] == ["out_of_scope"] * 5
    assert records[5]["entities"][0]["kind"] == "amount"
    assert records[6]["intent"] == "recharge"


def test_a_line_gets_its_answer_before_the_next_line_is_written() -> None:
    process = subprocess.Popen(
        [sys.executable, "-c", "from helpline.cli import main; main()", "nlu"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert process.stdin is not None and process.stdout is not None
    try:
        for text, intent in (("mera balance kitna hai", "balance"), ("ok bye", "goodbye")):
            process.stdin.write(text.encode() + b"\n")
            process.stdin.flush()
            assert json.loads(process.stdout.readline())["intent"] == intent
    finally:
        process.stdin.close()
        assert process.wait(timeout=60) == 0
