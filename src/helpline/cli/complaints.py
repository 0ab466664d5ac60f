"""`helpline complaints list|show|status` and `helpline handoffs`: the staff queues."""

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from helpline.cli.analytics import AsJson, Circle, Department, Priority, Since, Status, Until
from helpline.cli.application import open_app
from helpline.cli.render import ist, safe, stdout

if TYPE_CHECKING:
    from helpline.app.models import ComplaintDetail, ComplaintPublic

complaints_app = typer.Typer(help="Complaint tickets for staff.", no_args_is_help=True)
Limit = Annotated[int, typer.Option("--limit", min=1, max=500, help="Rows per page.")]
Offset = Annotated[int, typer.Option("--offset", min=0, help="Rows to skip.")]


def _table(items: "list[ComplaintPublic]", title: str) -> Table:
    table = Table(
        "Ticket", "Opened (IST)", "Department", "Priority", "Status", "Phone", "Description",
        title=title, title_justify="left",
    )  # fmt: skip
    for c in items:
        table.add_row(
            str(c.complaint_id),
            ist(c.created_at),
            safe(c.department),
            safe(c.priority),
            safe(c.status),
            safe(c.phone) or "-",
            safe((c.description.splitlines() or [""])[0][:60]),
        )
    return table


@complaints_app.command("list")
def list_command(
    department: Department = None,
    status: Status = None,
    priority: Priority = None,
    circle: Circle = None,
    since: Since = None,
    until: Until = None,
    limit: Limit = 20,
    offset: Offset = 0,
    as_json: AsJson = False,
) -> None:
    """Tickets matching the filters, newest first, a page at a time."""
    page = open_app().complaints.list(
        department=department,
        status=status,
        priority=priority,
        circle=circle,
        since=since,
        until=until,
        limit=limit,
        offset=offset,
    )
    if as_json:
        typer.echo(page.model_dump_json(indent=2))
        return
    shown = f"{offset + 1}-{offset + len(page.items)}" if page.items else "none"
    stdout().print(_table(page.items, f"Tickets {shown} of {page.total}"))


def _show(detail: "ComplaintDetail") -> None:
    console = stdout()
    console.print(_table([detail.complaint], f"Ticket {detail.complaint.complaint_id}"))
    console.print(safe(detail.complaint.description))
    history = Table("When (IST)", "From", "To", "By", "Note", title="History")
    history.title_justify = "left"
    for h in detail.history:
        when = ist(h.changed_at, "%d %b %Y %H:%M")
        history.add_row(
            when, safe(h.old_status) or "-", safe(h.new_status), safe(h.changed_by), safe(h.note)
        )
    console.print(history)
    console.print(f"Next: {', '.join(detail.next_statuses) or 'none (closed is final)'}")


@complaints_app.command("show")
def show_command(
    complaint_id: Annotated[int, typer.Argument(help="The ticket number.")],
    as_json: AsJson = False,
) -> None:
    """One ticket with its status history."""
    detail = open_app().complaints.get(complaint_id)
    if as_json:
        typer.echo(detail.model_dump_json(indent=2))
    else:
        _show(detail)


@complaints_app.command("status")
def status_command(
    complaint_id: Annotated[int, typer.Argument(help="The ticket number.")],
    status: Annotated[str, typer.Argument(help="in_progress, resolved, closed, or open.")],
    note: Annotated[str | None, typer.Option("--note", help="Why, for the history.")] = None,
    actor: Annotated[str, typer.Option("--by", help="Who makes the change.")] = "operator-cli",
    as_json: AsJson = False,
) -> None:
    """Move a ticket along its lifecycle: open -> in_progress -> resolved -> closed (or reopen)."""
    detail = open_app().complaints.change_status(complaint_id, status, actor=actor, note=note)
    if as_json:
        typer.echo(detail.model_dump_json(indent=2))
    else:
        stdout().print(f"ticket {complaint_id} is now {safe(detail.complaint.status)}")


def handoffs_command(limit: Limit = 20, offset: Offset = 0, as_json: AsJson = False) -> None:
    """Conversations waiting for a human agent, oldest first."""
    page = open_app().complaints.handoffs(limit=limit, offset=offset)
    if as_json:
        typer.echo(page.model_dump_json(indent=2))
        return
    table = Table("#", "Queued (IST)", "Phone", "Reason", title=f"Hand-offs waiting: {page.total}")
    table.title_justify = "left"
    for h in page.items:
        when = ist(h.created_at, "%d %b %Y %H:%M")
        table.add_row(str(h.handoff_id), when, safe(h.phone) or "-", safe(h.reason))
    stdout().print(table)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `helpline` app."""
    app.add_typer(complaints_app, name="complaints")
    app.command("handoffs")(handoffs_command)
