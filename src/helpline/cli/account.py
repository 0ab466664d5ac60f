"""`helpline customer`, `plans`, `recharge` and `start`: what an operator's agent does."""

import getpass
import sys
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from helpline.cli.application import open_app
from helpline.cli.render import ist, plural, safe, stdout

if TYPE_CHECKING:
    from helpline.app.models import CustomerView, PlanPublic

DEMO_PHONE = "9876543210"
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _plan_line(plan: "PlanPublic | None") -> str:
    if plan is None:
        return "none"
    return safe(f"{plan.plan_name} (₹{plan.price:.0f}, {plan.description or plan.category})")


def show_customer(view: "CustomerView") -> None:
    """The account as tables: the customer, last transactions, open tickets."""
    console = stdout()
    c = view.customer
    table = Table(show_header=False, title=safe(f"{c.name} ({c.phone})"), title_justify="left")
    table.add_row("Plan", _plan_line(c.plan))
    table.add_row("Data left", f"{c.balance_mb / 1024:.2f} GB ({c.balance_mb:.0f} MB)")
    if c.pack_mb and c.pack_expires_at:
        lapses = ist(c.pack_expires_at, "%d %b %Y %H:%M")
        table.add_row("Of it in data packs", f"{c.pack_mb:.0f} MB, first lapses {lapses} IST")
    table.add_row("Main balance", f"₹{c.main_balance:.2f}")
    if c.plan_expires_at:
        expires = ist(c.plan_expires_at, "%d %b %Y %H:%M")
        table.add_row("Validity", f"{plural(c.days_left, 'day')}, expires {expires} IST")
    table.add_row("Circle", safe(c.circle) or "-")
    console.print(table)
    txns = Table("Date (IST)", "Amount", "Status", "Description", title="Last transactions")
    txns.title_justify = "left"
    for t in view.transactions:
        txns.add_row(ist(t.txn_date), f"₹{t.amount:.2f}", safe(t.status), safe(t.description))
    console.print(txns)
    if not view.open_tickets:
        console.print("No open tickets.")
        return
    tickets = Table(
        "Ticket", "Department", "Priority", "Status", "Opened (IST)", "Description",
        title="Open tickets", title_justify="left",
    )  # fmt: skip
    for k in view.open_tickets:
        first_line = (k.description.splitlines() or [""])[0][:60]
        tickets.add_row(
            str(k.complaint_id),
            safe(k.department),
            safe(k.priority),
            safe(k.status),
            ist(k.created_at),
            safe(first_line),
        )
    console.print(tickets)


def customer_command(
    words: Annotated[
        list[str],
        typer.Argument(
            metavar="[erase] PHONE",
            help="10-digit mobile number (+91, 0, spaces allowed); 'erase PHONE' erases the "
            "customer's personal data.",
        ),
    ],
    as_json: AsJson = False,
    yes: Annotated[bool, typer.Option("--yes", help="Erase without asking (scripts).")] = False,
) -> None:
    """Look a customer up as an operator's agent would, or erase their personal data."""
    if len(words) == 2 and words[0] == "erase":
        erase_customer(words[1], as_json=as_json, yes=yes)
        return
    if len(words) != 1:
        raise typer.BadParameter("give one phone number, or 'erase' and a phone number")
    view = open_app().accounts.customer(words[0])
    if as_json:
        typer.echo(view.model_dump_json(indent=2))
    else:
        show_customer(view)


def erase_customer(phone: str, *, as_json: bool, yes: bool) -> None:
    """Erase a customer's personal data (DPDP Act); anonymous aggregates stay."""
    app = open_app()
    if not yes and sys.stdin.isatty():
        typer.confirm(f"Erase every personal record of {phone}? This cannot be undone", abort=True)
    receipt = app.privacy.erase(phone, actor=f"operator-cli:{getpass.getuser()}")
    if as_json:
        typer.echo(receipt.model_dump_json())
        return
    rows = sum(receipt.rows.values())
    stdout().print(
        f"erased customer {receipt.user_id}: {plural(rows, 'row')} anonymised, "
        f"{plural(receipt.sessions, 'live session')} ended; recorded in the audit log"
    )


def recharge_command(
    phone: Annotated[str, typer.Argument(help="The customer's mobile number.")],
    plan: Annotated[str, typer.Option("--plan", help="Price (299), name or #id of the plan.")],
    key: Annotated[
        str | None,
        typer.Option(
            "--key",
            help="Idempotency key: a recharge run again with the same key never pays twice "
            "(default: a new key, printed).",
        ),
    ] = None,
    as_json: AsJson = False,
) -> None:
    """Recharge a customer with a plan, atomically."""
    receipt = open_app().accounts.recharge(phone, plan, operator="operator-cli", key=key)
    if as_json:
        typer.echo(receipt.model_dump_json())
        return
    lapses = receipt.pack_expires_at
    if receipt.replayed:
        stdout().print(f"key {safe(receipt.key)} had paid already; nothing was charged again")
    stdout().print(
        f"{'was recharged' if receipt.replayed else 'recharged'} {receipt.phone} with "
        f"{safe(receipt.plan.plan_name)} "
        f"(₹{receipt.plan.price:.0f}), transaction {receipt.txn_id}, reference "
        f"{safe(receipt.reference)}: data {receipt.balance_mb / 1024:.2f} GB, "
        f"valid till {ist(receipt.plan_expires_at)}"
        + (f", this pack's data till {ist(lapses)}" if lapses else "")
        + f" (key {safe(receipt.key)})"
    )


def plans_command(as_json: AsJson = False) -> None:
    """Show the plan catalogue."""
    catalogue = open_app().accounts.plans()
    if as_json:
        typer.echo(catalogue.model_dump_json(indent=2))
        return
    table = Table("#", "Plan", "Price", "Data", "Validity", "Offer")
    for p in catalogue.plans:
        data = f"{p.daily_data_gb} GB/day" if p.daily_data_gb else f"{p.data_gb} GB"
        table.add_row(
            str(p.plan_id),
            safe(p.plan_name),
            f"₹{p.price:.0f}",
            data,
            plural(p.validity_days, "day"),
            safe(p.offer),
        )
    stdout().print(table)


def start_command() -> None:
    """Start the main app: the demo customer's account, then the chat with the agent."""
    from helpline.cli.chat import chat

    show_customer(open_app().accounts.customer(DEMO_PHONE))
    stdout().print(
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
