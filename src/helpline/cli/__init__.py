"""The `helpline` command: each command group lives in its own module and registers itself here.

Commands call only the application layer (helpline.app) and render its models with Rich. Only
Typer, Rich and the light parts of helpline.app load at start-up, so `helpline --help` is quick.
"""

from typing import Annotated

import typer

from helpline import __version__
from helpline.cli import account, analytics, chat, complaints, db, nlu, serve, staff, voice, web
from helpline.cli.errors import guarded

app = typer.Typer(
    name="helpline",
    help="Hinglish customer-support agent for telecom operators.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"helpline {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Hinglish customer-support agent for telecom operators."""


for module in (db, account, nlu, chat, voice, analytics, complaints, staff, serve, web):
    module.register(app)


def main() -> None:
    """Console entry point: errors become one clear line and a documented exit code."""
    guarded(lambda: app(prog_name="helpline"))
