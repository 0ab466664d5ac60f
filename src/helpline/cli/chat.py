"""`helpline chat`: talk to the agent in the terminal, or script it line by line.

On a terminal it is an interactive chat. When stdin is not a terminal it reads one customer line
per input line and writes one reply per output line (plain text, or JSON with --json), so a
conversation can be piped through it.
"""

import json
import sys
from typing import Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.markup import escape

from helpline.config import get_settings
from helpline.engine import Agent, Turn, build_agent
from helpline.logs import configure_logging

EXIT_WORDS = frozenset({"exit", "quit", "/exit", "/quit"})


def turn_json(turn: Turn) -> str:
    """One reply as the JSON line scripts read."""
    payload: dict[str, Any] = {
        "reply": turn.reply,
        "intent": turn.intent,
        "entities": [{"kind": e.kind.value, "value": e.value} for e in turn.entities],
        "complaint_id": turn.complaint_id,
        "handoff": turn.handoff,
    }
    return json.dumps(payload, ensure_ascii=False)


def run_lines(
    agent: Agent, lines: TextIO, out: TextIO, *, phone: str | None, as_json: bool
) -> None:
    """Line in, line out: exactly one reply line per customer line (blank lines are skipped)."""
    session_id = agent.start(phone=phone).session_id
    for raw in lines:
        text = raw.strip()
        if not text:
            continue
        turn = agent.turn(session_id, text)
        session_id = turn.session_id
        out.write((turn_json(turn) if as_json else turn.reply) + "\n")
        out.flush()


def run_interactive(agent: Agent, *, phone: str | None, as_json: bool) -> None:
    """A chat on the terminal; ends on goodbye, 'exit', Ctrl-D or Ctrl-C."""
    console = Console()
    console.print("[dim]helpline chat: type 'exit' to leave[/]")
    turn = agent.start(phone=phone)
    _show(console, turn, as_json)
    while True:
        try:
            text = console.input("[bold cyan]aap>[/] ").strip()
        except (EOFError, KeyboardInterrupt):
            console.print()
            break
        if not text:
            continue
        if text.lower() in EXIT_WORDS:
            break
        turn = agent.turn(turn.session_id, text)
        _show(console, turn, as_json)
        if turn.intent == "goodbye" and turn.verified:
            break
    agent.end(turn.session_id)


def _show(console: Console, turn: Turn, as_json: bool) -> None:
    if as_json:
        console.print_json(turn_json(turn))
        return
    marks = []
    if turn.complaint_id is not None:
        marks.append(f"ticket {turn.complaint_id}")
    if turn.handoff:
        marks.append("handed to a human")
    tail = f" [dim]({', '.join(marks)})[/]" if marks else ""
    console.print(f"[bold green]agent>[/] {escape(turn.reply)}{tail}", highlight=False)


def chat(
    phone: Annotated[
        str | None, typer.Option("--phone", help="Start as this customer (10-digit number).")
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Write each reply as a JSON object.")
    ] = False,
) -> None:
    """Chat with the agent (interactive on a terminal; line in, line out when piped)."""
    settings = get_settings()
    configure_logging(
        "WARNING" if settings.log_level.upper() == "INFO" else settings.log_level,
        as_json=settings.log_json,
    )
    agent = build_agent(settings)
    if sys.stdin.isatty():
        run_interactive(agent, phone=phone, as_json=as_json)
    else:
        run_lines(agent, sys.stdin, sys.stdout, phone=phone, as_json=as_json)


def register(app: typer.Typer) -> None:
    """Add `helpline chat` to the app."""
    app.command("chat")(chat)
