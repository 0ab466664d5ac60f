"""The `helpline` command: each command group lives in its own module and registers itself here."""

import sys

import typer
from rich.console import Console

from helpline.cli import account, analytics, chat, db, nlu, voice
from helpline.errors import HelplineError

app = typer.Typer(
    name="helpline",
    help="Hinglish customer-support agent for telecom operators.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)

for module in (db, account, nlu, chat, voice, analytics):
    module.register(app)


def main() -> None:
    """Console entry point: known errors become one clear line on stderr and exit status 2."""
    try:
        app()
    except HelplineError as exc:
        Console(stderr=True, soft_wrap=True).print(f"[bold red]error:[/] {exc}", highlight=False)
        sys.exit(2)
