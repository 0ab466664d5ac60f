"""Complaint KPIs for any filter, computed by the database: only counts and a few numbers return.

Figures are counts of index ranges (see sql.py and migration 0002), so a million complaints never
come into Python and SQLite answers without reading the table.
"""

from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, case, func, select

from helpline.complaints.filters import PRIORITIES, ComplaintFilter
from helpline.complaints.sessions import Sessions, count_sessions
from helpline.complaints.sql import count_many, day_of, duration_days, percentiles, resolved
from helpline.store.clock import utcnow
from helpline.store.complaints import OPEN_STATUSES, SLA_HOURS, STATUSES
from helpline.store.db import Database
from helpline.store.models import Complaint, Conversation

SENTIMENTS = ("negative", "neutral", "positive")
OTHER = "other"  # a status or priority outside the known ones, or no sentiment recorded


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
    # Two connections at once: the database works on both while Python waits (SQLite releases
    # the GIL inside a query), which halves the wall time on a two-core machine.
    url = database.engine.url
    # An in-memory SQLite database is private to its connection: no second connection there.
    private = url.get_backend_name() == "sqlite" and url.database in (None, "", ":memory:")
    with ThreadPoolExecutor(max_workers=1) as pool:
        side = (
            _Done(_people(database, scope, sessions))
            if private
            else pool.submit(_people, database, scope, sessions)
        )
        with database.engine.connect() as conn:
            departments = _departments(conn, scope)
            cells = _cells(conn, scope, departments)
            by_status = _totals(cells, 1, STATUSES)
            by_priority = _totals(cells, 2, PRIORITIES)
            per_day = _per_day(conn, scope)
            resolution = _resolution(conn, scope, now, [p for p in by_priority if p != OTHER])
        sentiment, complainers, session_kpis = side.result()
    return Kpis(
        scope=scope.describe(),
        total=sum(cells.values()),
        open=sum(by_status.get(s, 0) for s in OPEN_STATUSES),
        by_status=by_status,
        by_priority=by_priority,
        by_department=_totals(cells, 0, ()),
        per_day=per_day,
        resolution=resolution,
        sentiment=sentiment,
        **complainers,
        sessions=session_kpis,
    )


class _Done:
    """An already computed result with a Future's result()."""

    def __init__(self, value: tuple[dict[str, int], dict[str, int], Sessions | None]) -> None:
        self._value = value

    def result(self) -> tuple[dict[str, int], dict[str, int], Sessions | None]:
        return self._value


def _people(
    database: Database, scope: ComplaintFilter, sessions: bool
) -> tuple[dict[str, int], dict[str, int], Sessions | None]:
    """The KPIs about customers and conversations, on a connection of their own."""
    with database.engine.connect() as conn:
        return (
            _sentiment(conn, scope),
            _complainers(conn, scope),
            count_sessions(conn, scope.start, scope.end) if sessions else None,
        )


def _departments(conn: Connection, scope: ComplaintFilter) -> list[str]:
    """The departments present, found by a loose index scan: one index seek per department."""
    if scope.department:
        return [scope.department]
    found: list[str] = []
    while True:
        query = select(func.min(Complaint.department))
        if found:
            query = query.where(Complaint.department > found[-1])
        name = conn.scalar(query)
        if name is None:
            return found
        found.append(name)


def _cells(
    conn: Connection, scope: ComplaintFilter, departments: list[str]
) -> dict[tuple[str, str, str], int]:
    """Counts by (department, status, priority); unknown statuses or priorities land in OTHER."""
    statuses = [scope.status] if scope.status else list(STATUSES)
    priorities = [scope.priority] if scope.priority else list(PRIORITIES)
    base = scope.conditions()
    keys = [(d, s, p) for d in departments for s in statuses for p in priorities]
    where = [
        [*base, Complaint.department == d, Complaint.status == s, Complaint.priority == p]
        for d, s, p in keys
    ]
    # The whole scope once more: without a filter SQLite counts a table from its page headers.
    *counts, whole = count_many(conn, Complaint, [*where, base])
    cells = {k: n for k, n in zip(keys, counts, strict=True) if n}
    if whole - sum(cells.values()):
        cells[(OTHER, OTHER, OTHER)] = whole - sum(cells.values())
    return cells


def _totals(
    cells: dict[tuple[str, str, str], int], axis: int, known: tuple[str, ...]
) -> dict[str, int]:
    out = dict.fromkeys(known, 0)
    for key, n in cells.items():
        out[key[axis]] = out.get(key[axis], 0) + n
    return out if known else dict(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))


def _per_day(conn: Connection, scope: ComplaintFilter) -> tuple[DayCount, ...]:
    """Tickets created per calendar day (UTC) of the scope, quiet days included."""
    first = scope.since
    last = scope.until
    if first is None or last is None:
        # Two statements: SQLite answers a lone MIN or MAX from the index, not both at once.
        low = conn.scalar(select(func.min(Complaint.created_at)).where(*scope.conditions()))
        high = conn.scalar(select(func.max(Complaint.created_at)).where(*scope.conditions()))
        if low is None:
            return ()
        first = first or _as_day(low)
        last = last or _as_day(high)
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    narrowing = scope.conditions(dates=False)
    if narrowing:
        # A department or status filter: one grouped pass over the filter's rows beats a range
        # count per day, which would walk the filter's index once per day.
        day = day_of(Complaint.created_at)
        rows: list[Any] = list(
            conn.execute(select(day, func.count()).where(*scope.conditions()).group_by(day))
        )
        found = {_as_day(d): int(n) for d, n in rows}
        return tuple(DayCount(d, found.get(d, 0)) for d in days)
    where = []
    for d in days:
        start = datetime(d.year, d.month, d.day)
        where.append(
            [Complaint.created_at >= start, Complaint.created_at < start + timedelta(days=1)]
        )
    counts = count_many(conn, Complaint, where)
    return tuple(DayCount(d, n) for d, n in zip(days, counts, strict=True))


def _as_day(value: Any) -> date:
    # SQLite hands back text for an aggregate over a DateTime column, the servers a datetime.
    return value.date() if isinstance(value, datetime) else date.fromisoformat(str(value)[:10])


def _resolution(
    conn: Connection, scope: ComplaintFilter, now: datetime, priorities: list[str]
) -> Resolution:
    dialect = conn.dialect.name
    base = scope.conditions()
    # Without a filter every figure is an index range (SQLite); under a filter one pass over the
    # filter's rows is cheaper than a lookup per ticket from the duration index.
    days = duration_days(dialect, indexed=not base)
    done_where = [*base, resolved(dialect, indexed=not base)]
    if base:
        done, within, breaching = _resolution_pass(conn, base, days, now)
    else:
        # Short index ranges only: open tickets (NULL durations sort first) and, per priority,
        # tickets that took longer than the target (the far end of each priority's durations).
        where: list[list[Any]] = [[], [days.is_(None)]]
        where += [[Complaint.priority == p, days > _target_days(p)] for p in priorities]
        where += [[Complaint.status == s, Complaint.due_at < now] for s in OPEN_STATUSES]
        whole, unresolved, *counts = count_many(conn, Complaint, where)
        done = whole - unresolved
        within = done - sum(counts[: len(priorities)])
        breaching = sum(counts[len(priorities) :])
    median, p90 = percentiles(conn, days, done_where, done, (0.5, 0.9))
    return Resolution(
        resolved=done,
        median_hours=None if median is None else median * 24,
        p90_hours=None if p90 is None else p90 * 24,
        within_target=within,
        breaching=breaching,
    )


def _target_days(priority: str) -> float:
    return SLA_HOURS.get(priority, SLA_HOURS["MEDIUM"]) / 24


def _resolution_pass(
    conn: Connection, base: list[Any], days: Any, now: datetime
) -> tuple[int, int, int]:
    target = case(
        *((Complaint.priority == p, _target_days(p)) for p in SLA_HOURS),
        else_=_target_days("MEDIUM"),
    )
    is_open = Complaint.status.in_(OPEN_STATUSES)
    row = conn.execute(
        select(
            func.count(Complaint.resolved_at),
            func.sum(case((and_(Complaint.resolved_at.is_not(None), days <= target), 1), else_=0)),
            func.sum(case((and_(is_open, Complaint.due_at < now), 1), else_=0)),
        ).where(*base)
    ).one()
    return int(row[0] or 0), int(row[1] or 0), int(row[2] or 0)


def _sentiment(conn: Connection, scope: ComplaintFilter) -> dict[str, int]:
    if scope.narrows_complaints:
        base = scope.conditions()
        where = [[*base, Complaint.sentiment == s] for s in SENTIMENTS] + [base]
        *counts, total = count_many(conn, Complaint, where)
    else:
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
    # A repeat report folded into an open ticket raises report_count instead of adding a row.
    per_customer = (
        select(func.sum(Complaint.report_count).label("reports"))
        .where(*scope.conditions(), Complaint.phone.is_not(None))
        .group_by(Complaint.phone)
        .subquery()
    )
    row = conn.execute(
        select(func.count(), func.sum(case((per_customer.c.reports > 1, 1), else_=0)))
    ).one()
    return {"complainers": int(row[0] or 0), "repeat_complainers": int(row[1] or 0)}
