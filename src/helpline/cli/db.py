"""`helpline db upgrade|current|rebuild-kpis|retention` and `helpline seed`."""

from typing import Annotated

import typer

from helpline.cli.application import open_app
from helpline.cli.render import progress, safe, stdout

db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


@db_app.command("upgrade")
def upgrade(
    revision: str = typer.Argument("head", help="Target revision."), as_json: AsJson = False
) -> None:
    """Create or migrate the schema to the newest revision."""
    result = open_app().database.upgrade(revision)
    if as_json:
        typer.echo(result.model_dump_json())
    else:
        stdout().print(f"schema at revision {safe(result.revision)}")


@db_app.command("current")
def current(as_json: AsJson = False) -> None:
    """Show the schema revision of the configured database (creates nothing)."""
    result = open_app().database.current()
    if as_json:
        typer.echo(result.model_dump_json())
    elif result.revision is None:
        stdout().print("empty (run `helpline db upgrade`)")
    else:
        behind = "" if result.up_to_date else f" (newest is {result.head}: `helpline db upgrade`)"
        stdout().print(f"{safe(result.revision)}{behind}")


@db_app.command("rebuild-kpis")
def rebuild_kpis(as_json: AsJson = False) -> None:
    """Recount the complaint KPI summary from the complaints (after a bulk load done elsewhere)."""
    with progress("Recounting the KPI summary", show=not as_json):
        result = open_app().database.rebuild_kpis()
    if as_json:
        typer.echo(result.model_dump_json())
    else:
        stdout().print(
            f"counted {result.complaints} complaints into the KPI summary in {result.seconds:.1f} s"
        )


@db_app.command("retention")
def retention(
    days: Annotated[
        int | None,
        typer.Option(
            "--days", min=1, help="Keep this many days (default HELPLINE_RETENTION_DAYS)."
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Anonymise conversations older than the retention period; KPIs stay as they were."""
    result = open_app().privacy.retention(days, actor="retention-cli")
    if as_json:
        typer.echo(result.model_dump_json())
    else:
        stdout().print(
            f"anonymised {result.rows} conversation and hand-off rows older than {result.days} days"
        )


def seed_command(
    reset: Annotated[bool, typer.Option("--reset", help="Delete all data first.")] = False,
    customers: Annotated[int, typer.Option(min=1, help="How many customers to create.")] = 60,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing if data exists.")
    ] = False,
    random_seed: Annotated[int, typer.Option("--random-seed", help="Seed of the generator.")] = 7,
    as_json: AsJson = False,
) -> None:
    """Fill the database with a realistic demo operator."""
    helpline = open_app()
    with progress(f"Seeding {customers:,} customers", show=not as_json) as update:
        report = helpline.database.seed(
            customers=customers,
            reset=reset,
            if_empty=if_empty,
            random_seed=random_seed,
            progress=update,
        )
    if as_json:
        typer.echo(report.model_dump_json())
    elif not report.seeded:
        stdout().print("database already has data; leaving it as it is")
    else:
        stdout().print(
            f"seeded {report.plans} plans, {report.customers} customers, {report.transactions} "
            f"transactions, {report.conversations} conversations, {report.complaints} complaints "
            f"in {report.seconds:.1f} s"
        )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `helpline` app."""
    app.add_typer(db_app, name="db")
    app.command("seed")(seed_command)
