"""Every `helpline` command line in README.md parses as the CLI defines it, so the tour and the
commands cannot drift apart. Only the arguments are parsed: nothing runs."""

import shlex
from pathlib import Path

import pytest
from cli_kit import parse

README = Path(__file__).resolve().parents[2] / "README.md"
SHELL_BREAKS = {"|", "||", "&&", ";", ">", ">>", "<"}


def _code_lines(markdown: str) -> list[str]:
    lines, inside = [], False
    for line in markdown.splitlines():
        if line.startswith("```"):
            inside = not inside
        elif inside:
            lines.append(line.removeprefix("$ "))
    return lines


def _helpline_args(line: str) -> list[str] | None:
    """The arguments a shell line gives `helpline`, or None when it does not run it."""
    lexer = shlex.shlex(line, posix=True, punctuation_chars=True)
    lexer.whitespace_split, lexer.commenters = True, "#"
    try:
        words = list(lexer)
    except ValueError:  # not a shell line (a folder tree, a chat transcript)
        return None
    at_command = True
    for i, word in enumerate(words):
        if word in SHELL_BREAKS:
            at_command = True
        elif at_command and "=" in word:  # VAR=value before the command
            continue
        elif at_command and (word == "helpline" or word.endswith("/bin/helpline")):
            rest = words[i + 1 :]
            ends = [j for j, w in enumerate(rest) if w in SHELL_BREAKS]
            return rest[: ends[0]] if ends else rest
        else:
            at_command = False
    return None


README_COMMANDS = [
    args for line in _code_lines(README.read_text(encoding="utf-8"))
    if (args := _helpline_args(line)) is not None
]  # fmt: skip


def test_the_readme_commands_are_found() -> None:
    shown = {args[0] for args in README_COMMANDS if args}
    assert {"chat", "talk", "transcribe", "customer", "serve", "seed", "db", "staff"} <= shown


@pytest.mark.parametrize("args", README_COMMANDS, ids=" ".join)
def test_a_readme_command_parses(args: list[str]) -> None:
    parse(args)


def test_talk_takes_the_readme_recordings_as_two_inputs() -> None:
    recorded = [args for args in README_COMMANDS if args[:1] == ["talk"] and "--input" in args]
    assert recorded, "README shows `helpline talk --input` with recordings"
    for args in recorded:
        assert [p.name for p in parse(args)["inputs"]] == ["q1.wav", "q2.ogg"]
