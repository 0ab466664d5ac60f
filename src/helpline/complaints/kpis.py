"""Complaint KPIs for any filter, computed by the database: only counts and a few numbers return.

Most figures add up rows of the KPI summary tables (cells.py, migration 0003); the rest are
counts of index ranges (sql.py, migration 0002), so a million complaints never come into Python.
"""

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, case, func, select

from helpline.complaints.cells import OTHER, SENTIMENTS, Tally, in_step, tally, tally_rows
from helpline.complaints.filters import PRIORITIES, ComplaintFilter
from helpline.complaints.sessions import Sessions, count_sessions
from helpline.complaints.sql import SCOPE_COLUMNS, bucket_percentiles, count_many
from helpline.store.clock import utcnow
from helpline.store.complaints import OPEN_STATUSES, STATUSES
from helpline.store.db import Database
from helpline.store.models import Complaint, Conversation


@dataclass(frozen=True, slots=True)
class DayCount:
    day: date
    created: int


@dataclass(frozen=True, slots=True)
class Resolution:
    """How fast tickets are resolved, and how they stand against their priority's target."""

    resolved: int
    median_hours: float | None
    p90_hours: float | None
    within_target: int  # resolved within SLA_HOURS of their priority (HIGH 24 h ... LOW 7 days)
    breaching: int  # still open now and past their due time

    @property
    def within_target_share(self) -> float | None:
        return self.within_target / self.resolved if self.resolved else None


@dataclass(frozen=True, slots=True)
class Kpis:
    scope: str
    total: int
    open: int
    by_status: dict[str, int]
    by_priority: dict[str, int]
    by_department: dict[str, int]
    per_day: tuple[DayCount, ...]
    resolution: Resolution
    # Conversations of the period; when the filter names a department, status or priority,
    # the sentiment recorded on the complaints in scope (a conversation has no department).
    sentiment: dict[str, int]
    complainers: int
    repeat_complainers: int  # customers with more than one report in scope
    sessions: Sessions | None

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values, rates included."""
        out = asdict(self)
        out["per_day"] = [{"day": d.day.isoformat(), "created": d.created} for d in self.per_day]
        out["resolution"]["within_target_share"] = self.resolution.within_target_share
        if self.sessions is not None:
            out["sessions"]["handoff_rate"] = self.sessions.handoff_rate
            out["sessions"]["self_service_rate"] = self.sessions.self_service_rate
        return out


def compute_kpis(
    database: Database,
    scope: ComplaintFilter | None = None,
    *,
    now: datetime | None = None,
    sessions: bool = True,
) -> Kpis:
    """Every KPI of the complaints in scope; `now` decides which open tickets breach.

    `sessions=False` leaves out the session KPIs (handoff and self-service rates), which read
    every conversation of the period and cost the most on large databases.
    """
    scope = scope or ComplaintFilter()
    now = now or utcnow()
    # One connection: a second one would gain nothing on SQLite, where every transaction
    # begins IMMEDIATE (store/db.py) and so waits for the first to end.
    with database.engine.connect() as conn:
        kept = in_step(conn)
        counted = (tally(conn, scope) if kept else None) or tally_rows(conn, scope)
        cells = counted.cells
        by_status = _totals(cells, 1, STATUSES)
        # A department, status, priority or circle: the complaints' own recorded sentiment.
        sentiment = counted.sentiment if scope.narrows_complaints else _sentiment(conn, scope)
        resolution = _resolution(conn, scope, now, counted)
        complainers = _complainers(conn, scope)
        session_kpis = count_sessions(conn, scope.start, scope.end, kept=kept) if sessions else None
    return Kpis(
        scope=scope.describe(),
        total=sum(cells.values()),
        open=sum(by_status.get(s, 0) for s in OPEN_STATUSES),
        by_status=by_status,
        by_priority=_totals(cells, 2, PRIORITIES),
        by_department=_totals(cells, 0, ()),
        per_day=_days_between(scope, counted.per_day),
        resolution=resolution,
        sentiment=sentiment,
        **complainers,
        sessions=session_kpis,
    )


def _totals(
    cells: dict[tuple[str, str, str], int], axis: int, known: tuple[str, ...]
) -> dict[str, int]:
    out = dict.fromkeys(known, 0)
    for key, n in cells.items():
        out[key[axis]] = out.get(key[axis], 0) + n
    return out if known else dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def _days_between(scope: ComplaintFilter, found: dict[date, int]) -> tuple[DayCount, ...]:
    """Every day of the scope (from its first to its last complaint when open-ended) with counts."""
    if not found and (scope.since is None or scope.until is None):
        return ()
    first = scope.since or min(found)
    last = scope.until or max(found)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    return tuple(DayCount(d, found.get(d, 0)) for d in days)


def _resolution(
    conn: Connection, scope: ComplaintFilter, now: datetime, counted: Tally
) -> Resolution:
    """Resolution figures from the counts; only the breaching count depends on `now`."""
    open_ones = [s for s in OPEN_STATUSES if scope.status in (None, s)]
    # Open tickets are few: a range of idx_complaint_due (or the filter's index) per status.
    late = [[*scope.conditions(), Complaint.status == s, Complaint.due_at < now] for s in open_ones]
    breaching = sum(count_many(conn, Complaint, late))
    median, p90 = bucket_percentiles(conn, scope, counted.buckets, (0.5, 0.9))
    return Resolution(
        resolved=counted.resolved,
        median_hours=None if median is None else median * 24,
        p90_hours=None if p90 is None else p90 * 24,
        within_target=counted.within_target,
        breaching=breaching,
    )


def _sentiment(conn: Connection, scope: ComplaintFilter) -> dict[str, int]:
    """The sentiment mix of the period's conversations: a range of their sentiment index each."""
    period = []
    if scope.start:
        period.append(Conversation.timestamp >= scope.start)
    if scope.end:
        period.append(Conversation.timestamp < scope.end)
    where = [[Conversation.sentiment == s, *period] for s in SENTIMENTS]
    where.append(period)  # without a period SQLite counts the table from its pages
    *counts, total = count_many(conn, Conversation, where)
    out = dict(zip(SENTIMENTS, counts, strict=True))
    if total - sum(counts):
        out[OTHER] = total - sum(counts)
    return out


def _complainers(conn: Connection, scope: ComplaintFilter) -> dict[str, int]:
    # SQLite groups the phones in the order of an index that holds the filter's columns too:
    # idx_complaint_people (department first) for a department, else idx_complaint_phone_scope.
    # Other filter columns are kept from their own indexes (+column), or SQLite would look up
    # every ticket of, say, a status in the table and sort the phones.
    # A circle is the exception: its own index (idx_complaint_circle) holds few enough tickets.
    unindexed: tuple[str, ...] = ()
    if conn.dialect.name == "sqlite":
        seekable = {"department": scope.department, "circle": scope.circle}
        unindexed = tuple(c for c in SCOPE_COLUMNS if not seekable.get(c))
    # A repeat report folded into an open ticket raises report_count instead of adding a row.
    per_customer = (
        select(func.sum(Complaint.report_count).label("reports"))
        .where(*scope.conditions(unindexed=unindexed), Complaint.phone.is_not(None))
        .group_by(Complaint.phone)
        .subquery()
    )
    row = conn.execute(
        select(func.count(), func.sum(case((per_customer.c.reports > 1, 1), else_=0)))
    ).one()
    return {"complainers": int(row[0] or 0), "repeat_complainers": int(row[1] or 0)}
