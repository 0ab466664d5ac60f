"""`helpline staff add`: accounts for the operator's agents and managers."""

import sys
from typing import Annotated

import typer

from helpline.cli.application import open_app
from helpline.cli.render import safe, stdout

staff_app = typer.Typer(help="Staff accounts (agents and managers).", no_args_is_help=True)


def _password() -> str:
    """Asked twice on a terminal; the first line of stdin when piped (scripts, CI)."""
    if sys.stdin.isatty():
        entered: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        return entered
    return sys.stdin.readline().rstrip("\r\n")


@staff_app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Login name (letters, digits, . _ -).")],
    role: Annotated[str, typer.Option("--role", help="agent or manager.")] = "agent",
    full_name: Annotated[str, typer.Option("--name", help="Full name shown to others.")] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Create a staff account; the password is asked for, or read from stdin when piped."""
    app = open_app()
    created = app.staff.add(username, _password(), role=role, full_name=full_name)
    if as_json:
        typer.echo(created.model_dump_json())
    else:
        stdout().print(f"added {safe(created.role)} {safe(created.username)}")


def register(app: typer.Typer) -> None:
    """Add `helpline staff` to the app."""
    app.add_typer(staff_app, name="staff")
