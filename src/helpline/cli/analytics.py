"""`helpline kpis`, `summarize` and `emerging`: complaint analytics for managers."""

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from helpline.cli.application import open_app
from helpline.cli.render import progress, safe, stdout

if TYPE_CHECKING:
    from helpline.app.models import KpisPublic, SummaryPublic

Department = Annotated[str | None, typer.Option("--department", help="e.g. Network, Billing.")]
Status = Annotated[
    str | None, typer.Option("--status", help="open, in_progress, resolved, closed.")
]
Priority = Annotated[str | None, typer.Option("--priority", help="HIGH, MEDIUM or LOW.")]
Circle = Annotated[str | None, typer.Option("--circle", help="A telecom circle, e.g. Delhi.")]
Since = Annotated[str | None, typer.Option("--since", help="First day, YYYY-MM-DD (UTC).")]
Until = Annotated[str | None, typer.Option("--until", help="Last day, YYYY-MM-DD, included.")]
AsJson = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def _hours(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.1f} hours" if value < 48 else f"{value / 24:.1f} days"


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{safe(k)} {n}" for k, n in counts.items())


def kpis_command(
    department: Department = None,
    status: Status = None,
    priority: Priority = None,
    circle: Circle = None,
    since: Since = None,
    until: Until = None,
    as_json: AsJson = False,
) -> None:
    """Complaint KPIs for a department, status, priority, circle and date range."""
    analytics = open_app().analytics
    scope = analytics.scope(
        department=department,
        status=status,
        priority=priority,
        circle=circle,
        since=since,
        until=until,
    )
    result = analytics.kpis(scope)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        _show_kpis(result)


def _show_kpis(k: "KpisPublic") -> None:
    r = k.resolution
    table = Table(show_header=False, title=f"KPIs: {safe(k.scope)}", title_justify="left")
    table.add_row("Complaints", f"{k.total} ({k.open} open)")
    table.add_row("By status", _counts(k.by_status))
    table.add_row("By priority", _counts(k.by_priority))
    table.add_row("By department", _counts(k.by_department))
    table.add_row("Time to resolve", f"median {_hours(r.median_hours)}, p90 {_hours(r.p90_hours)}")
    table.add_row("Within target", f"{_pct(r.within_target_share)} of {r.resolved} resolved")
    table.add_row("Past target now", str(r.breaching))
    total = sum(k.sentiment.values())
    mix = ", ".join(f"{safe(s)} {100 * n / total:.1f}%" for s, n in k.sentiment.items())
    table.add_row("Sentiment", mix if total else "-")
    table.add_row("Complainers", f"{k.complainers} ({k.repeat_complainers} more than once)")
    if k.sessions is not None:
        s = k.sessions
        table.add_row("Sessions", str(s.total))
        table.add_row("Handoff rate", _pct(s.handoff_rate))
        table.add_row("Self-service rate", _pct(s.self_service_rate))
    console = stdout()
    console.print(table)
    if k.per_day:
        days = Table("Day (UTC)", "Created", title="Tickets per day (last 14)")
        days.title_justify = "left"
        for day in k.per_day[-14:]:
            days.add_row(day.day.isoformat(), str(day.created))
        console.print(days)


def summarize_command(
    department: Department = None,
    status: Status = None,
    priority: Priority = None,
    circle: Circle = None,
    since: Since = None,
    until: Until = None,
    as_json: AsJson = False,
) -> None:
    """The executive summary of the complaints: top issues, sentiment, actions, timeline."""
    analytics = open_app().analytics
    scope = analytics.scope(
        department=department,
        status=status,
        priority=priority,
        circle=circle,
        since=since,
        until=until,
    )
    with progress(f"Summarising {scope.describe()}", show=not as_json):
        result = analytics.summary(scope)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
    else:
        _show_summary(result)


def _show_summary(s: "SummaryPublic") -> None:
    console = stdout()
    console.print(f"[bold]Complaint summary: {safe(s.scope)}[/] ({safe(s.writer)})")
    console.print(safe(s.executive))
    issues = Table(
        "Issue", "Department", "Count", "Share", "Open", "Typical fix", title="Top issues"
    )
    for i in s.top_issues[:10]:
        issues.add_row(
            safe(i.label),
            safe(i.department),
            str(i.count),
            f"{i.share:g}%",
            str(i.open),
            _hours(i.typical_hours),
        )
    console.print(issues)
    if s.figures.sentiment_pct:
        mix = ", ".join(f"{safe(k)} {v:g}%" for k, v in s.figures.sentiment_pct.items())
        console.print(f"Sentiment: {mix}")
    console.print("[bold]Recommendations[/]")
    for line in s.recommendations:
        console.print(f"  • {safe(line)}")
    t = s.timeline
    clear = f", all expected resolved by {t.clear_by}" if t.clear_by else ""
    console.print(
        f"[bold]Timeline[/]: {t.open} open: {t.within_24h} within a day, {t.within_3d} within "
        f"3 days, {t.within_7d} within a week, {t.later} later; {t.overdue} overdue{clear}."
    )


def emerging_command(
    department: Department = None,
    priority: Priority = None,
    circle: Circle = None,
    as_json: AsJson = False,
) -> None:
    """Departments and circles whose complaints jumped in the last days."""
    analytics = open_app().analytics
    scope = analytics.scope(department=department, priority=priority, circle=circle)
    result = analytics.emerging(scope)
    if as_json:
        typer.echo(result.model_dump_json(indent=2))
        return
    if not result.items:
        stdout().print(f"No emerging issues in {safe(result.scope)}.")
        return
    table = Table("Kind", "Name", "Last 3 days", "Per day", "Baseline/day", "Ratio", "Top type")
    for e in result.items:
        table.add_row(
            safe(e.kind),
            safe(e.name),
            str(e.recent),
            f"{e.recent_per_day:.1f}",
            f"{e.baseline_per_day:.2f}",
            f"{e.ratio:.1f}x",
            safe(e.top_type) or "-",
        )
    stdout().print(table)


def register(app: typer.Typer) -> None:
    """Add this module's commands to the `helpline` app."""
    app.command("kpis")(kpis_command)
    app.command("summarize")(summarize_command)
    app.command("emerging")(emerging_command)
