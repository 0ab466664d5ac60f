"""`helpline db upgrade|current|rebuild-kpis` and `helpline seed`."""

import time
from typing import Annotated

import typer
from rich.console import Console
from sqlalchemy import inspect

from helpline.config import get_settings
from helpline.errors import HelplineError
from helpline.store import migrate
from helpline.store import seed as seeding
from helpline.store.db import Database, open_database
from helpline.store.kpi_summary import recount_kpi_summary

console = Console()
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
DEMO_PHONE = "9876543210"


def database() -> Database:
    """The configured database, proven to answer."""
    return open_database(get_settings())


def require_schema(db: Database) -> None:
    """Refuse, with the command that fixes it, to work on a database without our tables."""
    if not inspect(db.engine).has_table("users"):
        raise HelplineError("the database has no helpline tables yet: run `helpline db upgrade`")


@db_app.command("upgrade")
def upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Create or migrate the schema to the newest revision."""
    db = database()
    migrate.upgrade(db.engine, revision)
    console.print(f"schema at revision {migrate.current_revision(db.engine)}")


@db_app.command("current")
def current() -> None:
    """Show the schema revision of the configured database."""
    db = database()
    console.print(migrate.current_revision(db.engine) or "empty (run `helpline db upgrade`)")


@db_app.command("rebuild-kpis")
def rebuild_kpis() -> None:
    """Recount the complaint KPI summary from the complaints (after a bulk load done elsewhere)."""
    db = database()
    require_schema(db)
    if not inspect(db.engine).has_table("complaint_kpi_cells"):
        raise HelplineError("the database has no KPI summary tables yet: run `helpline db upgrade`")
    started = time.perf_counter()
    counted = recount_kpi_summary(db.engine)
    took = time.perf_counter() - started
    console.print(f"counted {counted} complaints into the KPI summary in {took:.1f} s")


def seed_command(
    reset: Annotated[bool, typer.Option("--reset", help="Delete all data first.")] = False,
    customers: Annotated[int, typer.Option(min=1, help="How many customers to create.")] = 60,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing if data exists.")
    ] = False,
    random_seed: Annotated[int, typer.Option("--random-seed", help="Seed of the generator.")] = 7,
) -> None:
    """Fill the database with a realistic demo operator."""
    db = database()
    require_schema(db)
    if not seeding.is_empty(db.engine):
        if if_empty:
            console.print("database already has data; leaving it as it is")
            return
        if not reset:
            raise HelplineError("the database already has data: add --reset to replace it")
        seeding.reset(db.engine)
    started = time.perf_counter()
    report = seeding.seed(db.engine, customers=customers, random_seed=random_seed)
    took = time.perf_counter() - started
    console.print(
        f"seeded {report.plans} plans, {report.customers} customers, {report.transactions} "
        f"transactions, {report.conversations} conversations, {report.complaints} complaints "
        f"in {took:.1f} s"
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `helpline` app."""
    app.add_typer(db_app, name="db")
    app.command("seed")(seed_command)
