"""`helpline chat`: talk to the agent in the terminal, or script it line by line.

On a terminal it is an interactive chat. When stdin is not a terminal it reads one customer line
per input line and writes one reply per output line (plain text, or JSON with --json), so a
conversation can be piped through it. Every input line gets exactly one output line: an empty
line gets the agent's prompt, and bytes that are not UTF-8 are read as U+FFFD.
"""

import sys
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Annotated, BinaryIO, TextIO

import typer

from helpline.cli.application import open_app
from helpline.cli.render import one_line, safe, stdout

if TYPE_CHECKING:
    from helpline.app.conversations import Conversations
    from helpline.app.models import TurnPublic

CLIENT = "cli"  # codes sent from terminals are limited together
EXIT_WORDS = frozenset({"exit", "quit", "/exit", "/quit"})


def read_lines(stream: BinaryIO) -> Iterator[str]:
    """Lines of a byte stream as text, whatever the bytes; Windows line ends lose their \\r."""
    for raw in stream:
        yield raw.rstrip(b"\n").rstrip(b"\r").decode("utf-8", errors="replace")


def run_lines(
    conversations: "Conversations",
    lines: Iterable[str],
    out: TextIO,
    *,
    phone: str | None,
    as_json: bool,
) -> None:
    """Line in, line out: exactly one reply line per customer line."""
    session_id = conversations.start(phone=phone, client=CLIENT).session_id
    for text in lines:
        turn = conversations.text_turn(session_id, text)
        session_id = turn.session_id
        out.write((turn.model_dump_json() if as_json else one_line(turn.reply)) + "\n")
        out.flush()


def run_interactive(conversations: "Conversations", *, phone: str | None, as_json: bool) -> None:
    """A chat on the terminal; ends on goodbye, 'exit', Ctrl-D or Ctrl-C."""
    console = stdout()
    console.print("[dim]helpline chat: type 'exit' to leave[/]")
    turn = conversations.start(phone=phone, client=CLIENT)
    _show(turn, as_json)
    while True:
        try:
            typed = console.input("[bold cyan]aap>[/] ")
        except (EOFError, KeyboardInterrupt):
            console.print()
            break
        # A terminal in a non-UTF-8 locale can hand over undecodable bytes as surrogates.
        text = typed.encode("utf-8", errors="replace").decode("utf-8").strip()
        if not text:
            continue
        if text.lower() in EXIT_WORDS:
            break
        turn = conversations.text_turn(turn.session_id, text)
        _show(turn, as_json)
        if turn.intent == "goodbye" and turn.verified:
            break
    conversations.end(turn.session_id)


def _show(turn: "TurnPublic", as_json: bool) -> None:
    console = stdout()
    if as_json:
        console.print_json(turn.model_dump_json())
        return
    marks = []
    if turn.complaint_id is not None:
        marks.append(f"ticket {turn.complaint_id}")
    if turn.handoff:
        marks.append("handed to a human")
    tail = f" [dim]({', '.join(marks)})[/]" if marks else ""
    console.print(f"[bold green]agent>[/] {safe(turn.reply)}{tail}")


def chat(
    phone: Annotated[
        str | None, typer.Option("--phone", help="Start as this customer (10-digit number).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Write each reply as a JSON object.")
    ] = False,
) -> None:
    """Chat with the agent (interactive on a terminal; line in, line out when piped)."""
    conversations = open_app().conversations
    if sys.stdin.isatty():
        run_interactive(conversations, phone=phone, as_json=as_json)
    else:
        run_lines(
            conversations, read_lines(sys.stdin.buffer), sys.stdout, phone=phone, as_json=as_json
        )


def register(app: typer.Typer) -> None:
    """Add `helpline chat` to the app."""
    app.command("chat")(chat)
