"""`helpline db upgrade`, `helpline seed`, `helpline customer` and `helpline start`."""

import json
import time
from dataclasses import asdict
from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy import inspect

from helpline.config import get_settings
from helpline.errors import HelplineError
from helpline.store import migrate
from helpline.store import seed as seeding
from helpline.store.clock import to_ist, utcnow
from helpline.store.customers import get_account
from helpline.store.db import Database, open_database
from helpline.store.values import Account

console = Console()
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)
DEMO_PHONE = "9876543210"


def _database() -> Database:
    return open_database(get_settings())


def _require_schema(database: Database) -> None:
    if not inspect(database.engine).has_table("users"):
        raise HelplineError("the database has no helpline tables yet: run `helpline db upgrade`")


@db_app.command("upgrade")
def upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Create or migrate the schema to the newest revision."""
    database = _database()
    migrate.upgrade(database.engine, revision)
    console.print(f"schema at revision {migrate.current_revision(database.engine)}")


@db_app.command("current")
def current() -> None:
    """Show the schema revision of the configured database."""
    database = _database()
    console.print(migrate.current_revision(database.engine) or "empty (run `helpline db upgrade`)")


def seed_command(
    reset: Annotated[bool, typer.Option("--reset", help="Delete all data first.")] = False,
    customers: Annotated[int, typer.Option(min=1, help="How many customers to create.")] = 60,
    if_empty: Annotated[
        bool, typer.Option("--if-empty", help="Do nothing if data exists.")
    ] = False,
    random_seed: Annotated[int, typer.Option("--random-seed", help="Seed of the generator.")] = 7,
) -> None:
    """Fill the database with a realistic demo operator."""
    database = _database()
    _require_schema(database)
    if not seeding.is_empty(database.engine):
        if if_empty:
            console.print("database already has data; leaving it as it is")
            return
        if not reset:
            raise HelplineError("the database already has data: add --reset to replace it")
        seeding.reset(database.engine)
    started = time.perf_counter()
    report = seeding.seed(database.engine, customers=customers, random_seed=random_seed)
    took = time.perf_counter() - started
    console.print(
        f"seeded {report.plans} plans, {report.customers} customers, {report.transactions} "
        f"transactions, {report.conversations} conversations, {report.complaints} complaints "
        f"in {took:.1f} s"
    )


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, datetime):
        return to_ist(value).isoformat(timespec="seconds")
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _show(account: Account) -> None:
    c = account.customer
    now = utcnow()
    table = Table(show_header=False, title=f"{c.name} ({c.phone})", title_justify="left")
    plan = c.plan
    table.add_row(
        "Plan", f"{plan.plan_name} (₹{plan.price:.0f}, {plan.description})" if plan else "none"
    )
    table.add_row("Data left", f"{c.balance_mb / 1024:.2f} GB ({c.balance_mb:.0f} MB)")
    table.add_row("Main balance", f"₹{c.main_balance:.2f}")
    if c.plan_expires_at:
        table.add_row(
            "Validity",
            f"{c.days_left(now)} days, expires {to_ist(c.plan_expires_at):%d %b %Y %H:%M} IST",
        )
    table.add_row("Circle", c.circle or "-")
    console.print(table)
    txns = Table(
        "Date (IST)",
        "Amount",
        "Status",
        "Description",
        title="Last transactions",
        title_justify="left",
    )
    for t in account.transactions:
        txns.add_row(
            f"{to_ist(t.txn_date):%d %b %Y}", f"₹{t.amount:.2f}", t.status, t.description or ""
        )
    console.print(txns)
    tickets = Table(
        "Ticket",
        "Department",
        "Priority",
        "Status",
        "Opened (IST)",
        "Description",
        title="Open tickets",
        title_justify="left",
    )
    for k in account.open_tickets:
        tickets.add_row(
            str(k.complaint_id),
            k.department,
            k.priority,
            k.status,
            f"{to_ist(k.created_at):%d %b %Y}",
            k.description.splitlines()[0][:60],
        )
    console.print(tickets if account.open_tickets else "No open tickets.")


def customer_command(
    phone: Annotated[
        str, typer.Argument(help="10-digit mobile number (+91, 0 and spaces allowed).")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Look a customer up as an operator's agent would."""
    database = _database()
    _require_schema(database)
    with database.sessions() as session:
        account = get_account(session, phone)
    if as_json:
        typer.echo(json.dumps(_plain(asdict(account)), ensure_ascii=False, indent=2))
    else:
        _show(account)


def start_command() -> None:
    """Start the main app on the configured database."""
    database = _database()
    _require_schema(database)
    with database.sessions() as session:
        _show(get_account(session, DEMO_PHONE))
    console.print(
        "\nThis is the demo customer. Try:\n"
        "  .venv/bin/helpline customer 9812345670\n"
        "  .venv/bin/helpline seed --reset --customers 1000\n"
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `helpline` app."""
    app.add_typer(db_app, name="db")
    app.command("seed")(seed_command)
    app.command("customer")(customer_command)
    app.command("start")(start_command)
