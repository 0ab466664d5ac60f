"""The counts behind the complaint KPIs of a scope, from the summary tables of migration 0003.

complaint_kpi_cells holds complaints per created day x department x status x priority x sentiment
and complaint_kpi_durations resolved ones per the same cell and a resolution-time bucket; the
write path (store/complaints.py) keeps both in step, so any filter but a circle is a GROUP BY of
a few thousand summary rows however many complaints there are. A circle (not summarised) groups
its own complaints the same way.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, func, select

from helpline.complaints.filters import PRIORITIES, ComplaintFilter
from helpline.store.complaints import STATUSES
from helpline.store.kpi_summary import duration_bucket, within_target
from helpline.store.models import Complaint, ComplaintKpiCell, ComplaintKpiDuration

SENTIMENTS = ("negative", "neutral", "positive")
OTHER = "other"  # a status or priority outside the known ones, or no sentiment recorded
Cell = tuple[str, str, str]


@dataclass(frozen=True, slots=True)
class Tally:
    cells: dict[Cell, int]  # complaints per (department, status, priority); empty cells left out
    sentiment: dict[str, int]  # complaints per recorded sentiment, OTHER for none or unknown
    resolved: int
    within_target: int
    per_day: dict[date, int]  # days with complaints only
    buckets: list[int]  # resolved complaints per resolution-time bucket, in bucket order


def in_step(conn: Connection) -> bool:
    """Whether the summary tables count every complaint.

    A writer that bypassed store/complaints.py (a bulk load without rebuild_kpi_summary) leaves
    them short; the KPIs then group the complaints themselves.
    """
    summed = conn.scalar(select(func.sum(ComplaintKpiCell.complaints)))
    return int(summed or 0) == int(conn.scalar(select(func.count()).select_from(Complaint)) or 0)


def tally(conn: Connection, scope: ComplaintFilter) -> Tally | None:
    """The scope's counts from the summary tables; None for a circle filter (not summarised)."""
    if scope.circle:
        return None
    t = ComplaintKpiCell
    cell = (t.department, t.status, t.priority)
    rows = conn.execute(
        select(*cell, t.sentiment, func.sum(t.complaints), func.sum(t.resolved))
        .add_columns(func.sum(t.within_target))
        .where(*_where(t, scope))
        .group_by(*cell, t.sentiment)
    ).all()
    days = conn.execute(
        select(t.day, func.sum(t.complaints)).where(*_where(t, scope)).group_by(t.day)
    ).all()
    return _fold(rows, days, _buckets(conn, scope))


def tally_rows(conn: Connection, scope: ComplaintFilter) -> Tally:
    """The same counts from the scope's complaints, grouped by the summary's own expressions.

    For what the summary cannot answer: a circle, or a summary a bulk load left behind.
    """
    dialect = conn.dialect.name
    where = scope.conditions()
    cell = (Complaint.department, Complaint.status, Complaint.priority)
    sentiment = func.coalesce(Complaint.sentiment, "")
    rows = conn.execute(
        select(*cell, sentiment, func.count(), func.count(Complaint.resolved_at))
        .add_columns(func.sum(within_target(dialect)))
        .where(*where)
        .group_by(*cell, sentiment)
    ).all()
    day = func.date(Complaint.created_at)
    days = conn.execute(select(day, func.count()).where(*where).group_by(day)).all()
    bucket = duration_bucket(dialect)
    found = dict(
        conn.execute(
            select(bucket, func.count())
            .where(*where, Complaint.resolved_at.is_not(None))
            .group_by(bucket)
        ).all()
    )
    counts = [int(found.get(b, 0)) for b in range(max(found, default=-1) + 1)]
    return _fold(rows, days, counts)


def _fold(rows: Sequence[Any], days: Sequence[Any], buckets: list[int]) -> Tally:
    """A Tally from (department, status, priority, sentiment, complaints, resolved, within)."""
    cells: dict[Cell, int] = {}
    sentiment = dict.fromkeys(SENTIMENTS, 0)
    resolved = within = 0
    for department, status, priority, mood, n, done, good in rows:
        n = int(n or 0)
        # Like a count of the rows: a status or priority outside the known ones is OTHER.
        known = status in STATUSES and priority in PRIORITIES
        key = (department, status, priority) if known else (OTHER, OTHER, OTHER)
        cells[key] = cells.get(key, 0) + n
        if mood in sentiment:
            sentiment[mood] += n
        resolved += int(done or 0)
        within += int(good or 0)
    cells = {k: n for k, n in cells.items() if n}
    total = sum(cells.values())
    if total - sum(sentiment.values()):
        sentiment[OTHER] = total - sum(sentiment.values())
    return Tally(
        cells=cells,
        sentiment=sentiment,
        resolved=resolved,
        within_target=within,
        per_day={_as_day(d): int(n) for d, n in days if n},
        buckets=buckets,
    )


def _buckets(conn: Connection, scope: ComplaintFilter) -> list[int]:
    t = ComplaintKpiDuration
    rows = conn.execute(
        select(t.bucket, func.sum(t.complaints)).where(*_where(t, scope)).group_by(t.bucket)
    ).all()
    found = {int(b): int(n or 0) for b, n in rows}
    return [found.get(b, 0) for b in range(max(found, default=-1) + 1)]


def _where(table: Any, scope: ComplaintFilter) -> list[Any]:
    out = []
    if scope.department:
        out.append(table.department == scope.department)
    if scope.status:
        out.append(table.status == scope.status)
    if scope.priority:
        out.append(table.priority == scope.priority)
    # A filter's dates are whole UTC days, so the created day decides as created_at would.
    if scope.since:
        out.append(table.day >= scope.since)
    if scope.until:
        out.append(table.day <= scope.until)
    return out


def _as_day(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])
