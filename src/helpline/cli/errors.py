"""Exit codes, and errors turned into one clear line (README lists the codes)."""

import sys
from collections.abc import Callable
from typing import NoReturn

from helpline.app.errors import ErrorKind, HelplineError, kind_of
from helpline.cli.render import safe, stderr

EXIT_OK = 0
EXIT_FAILED = 1  # the command ran but some of its work failed (a file not usable, no microphone)
EXIT_USAGE = 2  # a bad argument, option or setting; Click uses 2 for its usage errors too
EXIT_NOT_FOUND = 3  # no such customer, plan or ticket
EXIT_UNAVAILABLE = 4  # the database or a service (Redis, LLM, speech) cannot be reached
EXIT_INTERRUPTED = 130

CODES = {
    ErrorKind.INVALID: EXIT_USAGE,
    ErrorKind.NOT_FOUND: EXIT_NOT_FOUND,
    ErrorKind.UNAVAILABLE: EXIT_UNAVAILABLE,
}


def fail(error: HelplineError) -> NoReturn:
    """Print the error as one line on stderr and exit with its code."""
    message = " ".join(str(error).split())
    stderr().print(f"[bold red]error:[/] {safe(message)}")
    sys.exit(CODES[kind_of(error)])


def guarded(run: Callable[[], object]) -> None:
    """Run the command; our errors become one line and their exit code, Ctrl-C a quiet exit."""
    try:
        run()
    except HelplineError as exc:
        fail(exc)
    except KeyboardInterrupt:
        stderr().print()
        sys.exit(EXIT_INTERRUPTED)
