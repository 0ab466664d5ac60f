"""Running the `helpline` command as a user does: a real process with its own environment;
and the command tree, to parse an argument list as `helpline` would without running it."""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import typer
from typer.core import TyperGroup

from helpline.cli import app

HELPLINE = [sys.executable, "-c", "from helpline.cli import main; main()"]


def run(
    *args: str,
    url: str | None = None,
    stdin: str | bytes | None = None,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "HELPLINE_OTP": "off", "HELPLINE_LLM": "template"}
    environment.pop("HELPLINE_REDIS_URL", None)
    if url is not None:
        environment["HELPLINE_DATABASE_URL"] = url
    environment |= env or {}
    data = stdin.encode() if isinstance(stdin, str) else stdin
    done = subprocess.run(
        [*HELPLINE, *args],
        input=data,
        capture_output=True,
        env=environment,
        cwd=cwd,
        timeout=180,
        check=False,
    )
    return subprocess.CompletedProcess(
        done.args,
        done.returncode,
        done.stdout.decode("utf-8", errors="replace"),
        done.stderr.decode("utf-8", errors="replace"),
    )


def one_line_error(result: subprocess.CompletedProcess[str]) -> str:
    """The single error line a failed command printed (asserting there was just one)."""
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def commands(command: Any = None, path: tuple[str, ...] = ()) -> Iterator[tuple[str, Any]]:
    """Every command that runs something, as ("db retention", its Typer command object)."""
    command = typer.main.get_command(app) if command is None else command
    if not isinstance(command, TyperGroup):
        yield " ".join(path), command
        return
    for name, sub in command.commands.items():
        yield from commands(sub, (*path, name))


def command_path(args: list[str]) -> tuple[str, list[str]]:
    """The command an argument list runs ("complaints status") and the arguments it gets."""
    command, words = typer.main.get_command(app), list(args)
    path: list[str] = []
    while isinstance(command, TyperGroup) and words and words[0] in command.commands:
        path.append(words[0])
        command = command.commands[words.pop(0)]
    return " ".join(path), words


def parse(args: list[str]) -> dict[str, Any]:
    """The parameters `helpline ARGS` would call its command with; nothing runs.

    A usage error (an unknown option, an extra argument) raises as it would make `helpline`
    exit with code 2.
    """
    path, rest = command_path(args)
    command = dict(commands())[path]
    params: dict[str, Any] = command.make_context(path, rest).params
    return params
