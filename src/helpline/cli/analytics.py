"""`helpline kpis` and `helpline summarize`: complaint analytics for managers, on the terminal."""

import json
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from helpline.cli.db import database, require_schema
from helpline.complaints.brief import summarize
from helpline.complaints.cache import make_cache
from helpline.complaints.filters import ComplaintFilter
from helpline.complaints.kpis import Kpis, compute_kpis
from helpline.complaints.prose import hours_text, issue_label
from helpline.complaints.summary import Summary
from helpline.config import get_settings

console = Console()

Department = Annotated[str | None, typer.Option("--department", help="e.g. Network, Billing.")]
Status = Annotated[
    str | None, typer.Option("--status", help="open, in_progress, resolved, closed.")
]
Priority = Annotated[str | None, typer.Option("--priority", help="HIGH, MEDIUM or LOW.")]
Since = Annotated[str | None, typer.Option("--since", help="First day, YYYY-MM-DD (UTC).")]
Until = Annotated[str | None, typer.Option("--until", help="Last day, YYYY-MM-DD, included.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _hours(value: float | None) -> str:
    return "-" if value is None else hours_text(value)


def kpis_command(
    department: Department = None,
    status: Status = None,
    priority: Priority = None,
    since: Since = None,
    until: Until = None,
    as_json: AsJson = False,
) -> None:
    """Complaint KPIs for a department, status, priority and date range."""
    scope = ComplaintFilter.parse(
        department=department, status=status, priority=priority, since=since, until=until
    )
    db = database()
    require_schema(db)
    result = compute_kpis(db, scope)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), indent=2))
        return
    _show_kpis(result)


def _show_kpis(k: Kpis) -> None:
    r = k.resolution
    table = Table(show_header=False, title=f"KPIs: {k.scope}", title_justify="left")
    table.add_row("Complaints", f"{k.total} ({k.open} open)")
    table.add_row("By status", ", ".join(f"{s} {n}" for s, n in k.by_status.items()))
    table.add_row("By priority", ", ".join(f"{p} {n}" for p, n in k.by_priority.items()))
    table.add_row("By department", ", ".join(f"{d} {n}" for d, n in k.by_department.items()))
    table.add_row("Time to resolve", f"median {_hours(r.median_hours)}, p90 {_hours(r.p90_hours)}")
    table.add_row("Within target", f"{_pct(r.within_target_share)} of {r.resolved} resolved")
    table.add_row("Past target now", str(r.breaching))
    total = sum(k.sentiment.values())
    mix = ", ".join(f"{s} {100 * n / total:.1f}%" for s, n in k.sentiment.items()) if total else "-"
    table.add_row("Sentiment", mix)
    table.add_row("Complainers", f"{k.complainers} ({k.repeat_complainers} more than once)")
    if k.sessions is not None:
        s = k.sessions
        table.add_row("Sessions", str(s.total))
        table.add_row("Handoff rate", _pct(s.handoff_rate))
        table.add_row("Self-service rate", _pct(s.self_service_rate))
    console.print(table)
    if k.per_day:
        days = Table(
            "Day (UTC)", "Created", title="Tickets per day (last 14)", title_justify="left"
        )
        for day in k.per_day[-14:]:
            days.add_row(day.day.isoformat(), str(day.created))
        console.print(days)


def summarize_command(
    department: Department = None,
    status: Status = None,
    priority: Priority = None,
    since: Since = None,
    until: Until = None,
    as_json: AsJson = False,
) -> None:
    """The executive summary of the complaints: top issues, sentiment, actions, timeline."""
    scope = ComplaintFilter.parse(
        department=department, status=status, priority=priority, since=since, until=until
    )
    settings = get_settings()
    db = database()
    require_schema(db)
    result = summarize(db, scope, settings=settings, cache=make_cache(settings))
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    _show_summary(result)


def _show_summary(s: Summary) -> None:
    console.print(f"[bold]Complaint summary: {s.scope}[/] ({s.writer})")
    console.print(s.executive, highlight=False)
    issues = Table(
        "Issue", "Department", "Count", "Share", "Open", "Typical fix", title="Top issues"
    )
    for i in s.top_issues[:10]:
        issues.add_row(
            issue_label(i),
            i.department,
            str(i.count),
            f"{i.share:g}%",
            str(i.open),
            _hours(i.typical_hours),
        )
    console.print(issues)
    if s.figures.sentiment_pct:
        console.print(
            "Sentiment: " + ", ".join(f"{k} {v:g}%" for k, v in s.figures.sentiment_pct.items())
        )
    console.print("[bold]Recommendations[/]")
    for line in s.recommendations:
        console.print(f"  • {line}", highlight=False)
    t = s.timeline
    clear = f", all expected resolved by {t.clear_by}" if t.clear_by else ""
    console.print(
        f"[bold]Timeline[/]: {t.open} open: {t.within_24h} within a day, {t.within_3d} within "
        f"3 days, {t.within_7d} within a week, {t.later} later; {t.overdue} overdue{clear}.",
        highlight=False,
    )


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `helpline` app."""
    app.command("kpis")(kpis_command)
    app.command("summarize")(summarize_command)
