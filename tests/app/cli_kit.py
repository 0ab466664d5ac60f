"""Running the `helpline` command as a user does: a real process with its own environment."""

import os
import subprocess
import sys
from pathlib import Path

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
