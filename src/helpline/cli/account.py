"""`helpline customer`, `helpline recharge` and `helpline start`: what an operator's agent does."""

import json
from dataclasses import asdict
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table
from sqlalchemy.orm import Session

from helpline.cli.chat import chat
from helpline.cli.db import database, require_schema
from helpline.errors import PlanNotFound
from helpline.store.clock import to_ist, utcnow
from helpline.store.customers import get_account
from helpline.store.plans import find_plan_by_name, find_plan_by_price, get_plan, list_plans
from helpline.store.recharge import apply_recharge
from helpline.store.values import Account, PlanInfo

console = Console()
DEMO_PHONE = "9876543210"


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
    table = Table(show_header=False, title=f"{c.name} ({c.phone})", title_justify="left")
    plan = c.plan
    table.add_row(
        "Plan", f"{plan.plan_name} (₹{plan.price:.0f}, {plan.description})" if plan else "none"
    )
    table.add_row("Data left", f"{c.balance_mb / 1024:.2f} GB ({c.balance_mb:.0f} MB)")
    table.add_row("Main balance", f"₹{c.main_balance:.2f}")
    if c.plan_expires_at:
        expires = to_ist(c.plan_expires_at)
        table.add_row(
            "Validity", f"{c.days_left(utcnow())} days, expires {expires:%d %b %Y %H:%M} IST"
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
    if not account.open_tickets:
        console.print("No open tickets.")
        return
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
    console.print(tickets)


def customer_command(
    phone: Annotated[str, typer.Argument(help="10-digit mobile number (+91, 0, spaces allowed).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Look a customer up as an operator's agent would."""
    db = database()
    require_schema(db)
    with db.sessions() as session:
        account = get_account(session, phone)
    if as_json:
        typer.echo(json.dumps(_plain(asdict(account)), ensure_ascii=False, indent=2))
    else:
        _show(account)


def _find_plan(session: Session, plan: str) -> PlanInfo:
    """A plan by id ("#7"), price ("299") or exact name ("Super Saver")."""
    text = plan.strip().lstrip("₹")
    if text.startswith("#") and text[1:].isdigit():
        return get_plan(session, int(text[1:]))
    try:
        return find_plan_by_price(session, Decimal(text))
    except (InvalidOperation, ValueError):
        return find_plan_by_name(session, plan.strip())
    except PlanNotFound:
        raise PlanNotFound(f"no plan at ₹{text} (see the catalogue: helpline plans)") from None


def recharge_command(
    phone: Annotated[str, typer.Argument(help="The customer's mobile number.")],
    plan: Annotated[str, typer.Option("--plan", help="Price (299), name or #id of the plan.")],
) -> None:
    """Recharge a customer with a plan, atomically."""
    db = database()
    require_schema(db)
    with db.sessions() as session:
        chosen = _find_plan(session, plan)
    result = apply_recharge(db.sessions, phone, chosen.plan_id, actor="operator-cli")
    console.print(
        f"recharged {phone} with {result.plan.plan_name} (₹{result.plan.price:.0f}), "
        f"reference {result.reference}: data {result.balance_mb / 1024:.2f} GB, "
        f"valid till {to_ist(result.plan_expires_at):%d %b %Y}"
    )


def plans_command() -> None:
    """Show the plan catalogue."""
    db = database()
    require_schema(db)
    with db.sessions() as session:
        plans = list_plans(session)
    table = Table("#", "Plan", "Price", "Data", "Validity", "Offer")
    for p in plans:
        data = f"{p.daily_data_gb} GB/day" if p.daily_data_gb else f"{p.data_gb} GB"
        table.add_row(
            str(p.plan_id),
            p.plan_name,
            f"₹{p.price:.0f}",
            data,
            f"{p.validity_days} days",
            p.offer or "",
        )
    console.print(table)


def start_command() -> None:
    """Start the main app: the demo customer's account, then the chat with the agent."""
    db = database()
    require_schema(db)
    with db.sessions() as session:
        _show(get_account(session, DEMO_PHONE))
    console.print(
        f"\nThis is the demo customer. Give the agent {DEMO_PHONE} when it asks for your number,"
        " then try: 'mera balance kitna hai', '199 wala recharge kar do',"
        " '3 din se network nahi hai'. Type 'exit' to leave.\n"
    )
    chat(phone=None, as_json=False)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `helpline` app."""
    app.command("customer")(customer_command)
    app.command("plans")(plans_command)
    app.command("recharge")(recharge_command)
    app.command("start")(start_command)
