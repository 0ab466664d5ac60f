"""Commands of this group are added as their layer lands."""

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `helpline` app."""
