"""How the CLI shows things: customer text as inert text, times in IST, progress bars.

Everything a customer or a database row supplies goes through `safe` before Rich sees it: Rich
would otherwise read "[/bold]" in a complaint as markup (and crash on it), and the terminal would
obey escape sequences hidden in a message.
"""

import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta, timezone

from rich.console import Console
from rich.markup import escape

IST = timezone(timedelta(hours=5, minutes=30), "IST")
# C0 controls but tab and newline, DEL, and the C1 controls (0x9b alone starts an escape).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def plain(value: object) -> str:
    """Text with every control character but tab and newline removed; None becomes ''."""
    return "" if value is None else _CONTROL.sub("", str(value))


def safe(value: object) -> str:
    """Text for Rich to show as it is: control characters removed, markup escaped."""
    return escape(plain(value))


def one_line(value: object) -> str:
    """Text on one line (a piped reply): controls removed, line breaks become spaces."""
    return " ".join(plain(value).split())


def ist(moment: datetime, fmt: str = "%d %b %Y") -> str:
    """A time as Indian Standard Time, which customers and staff read."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(IST).strftime(fmt)


def plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def stdout() -> Console:
    # soft_wrap: a long line stays one line when piped (a script reads it as one record).
    return Console(soft_wrap=True, highlight=False)


def stderr() -> Console:
    return Console(stderr=True, soft_wrap=True, highlight=False)


@contextmanager
def progress(description: str, *, show: bool = True) -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr while long work runs; call the yielded function with
    (done, total) as the work goes (total 0: unknown, the bar pulses). Shown only on a terminal.
    """
    console = stderr()
    if not show or not console.is_terminal or not sys.stderr.isatty():
        yield lambda done, total: None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task = bar.add_task(description, total=None)

    def update(done: int, total: int) -> None:
        bar.update(task, completed=done, total=total or None)

    with bar:
        yield update
