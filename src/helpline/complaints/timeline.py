"""Predicted resolution timeline: how long similar tickets took, applied to the open ones."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Integer, cast, func, select

from helpline.complaints.filters import ComplaintFilter
from helpline.store.complaints import OPEN_STATUSES
from helpline.store.kpi_summary import duration_days
from helpline.store.models import Complaint

HISTORY_DAYS = 180  # "similar tickets": the same type, resolved in the last six months
BUCKETS_PER_DAY = 240  # durations are read back in 6-minute steps: enough for a forecast
OPEN_LIMIT = 50_000


@dataclass(frozen=True, slots=True)
class TypeHistory:
    resolved: int
    median_hours: float
    p90_hours: float


@dataclass(frozen=True, slots=True)
class Forecast:
    open: int
    within_24h: int  # open tickets expected to be resolved within the next day
    within_3d: int
    within_7d: int
    later: int
    overdue: int  # older than 90% of similar tickets took
    clear_by: date | None  # when the open tickets (overdue ones aside) should all be resolved


def history_by_type(conn: Connection, now: datetime) -> dict[str, TypeHistory]:
    """Median and 90th percentile resolution time per complaint type, from a duration histogram."""
    days = duration_days(conn.dialect.name, indexed=False)
    bucket = cast(days * BUCKETS_PER_DAY, Integer)
    rows = conn.execute(
        select(Complaint.complaint_type, bucket, func.count())
        .where(
            Complaint.resolved_at.is_not(None),
            Complaint.created_at >= now - timedelta(days=HISTORY_DAYS),
        )
        .group_by(Complaint.complaint_type, bucket)
    ).all()
    histograms: dict[str, list[tuple[int, int]]] = {}
    for kind, step, n in rows:
        histograms.setdefault(kind, []).append((int(step), int(n)))
    return {kind: _history(sorted(h)) for kind, h in histograms.items()}


def _history(histogram: list[tuple[int, int]]) -> TypeHistory:
    total = sum(n for _, n in histogram)

    def quantile(q: float) -> float:
        rank, seen = q * total, 0
        for step, n in histogram:
            seen += n
            if seen >= rank:
                return (step + 0.5) * 24 / BUCKETS_PER_DAY
        return (histogram[-1][0] + 0.5) * 24 / BUCKETS_PER_DAY

    return TypeHistory(total, quantile(0.5), quantile(0.9))


def forecast(
    conn: Connection,
    scope: ComplaintFilter,
    history: dict[str, TypeHistory],
    now: datetime,
) -> Forecast:
    """Each open ticket is expected to take as long as the median similar ticket took."""
    rows = conn.execute(
        select(Complaint.complaint_type, Complaint.created_at)
        .where(*scope.conditions(), Complaint.status.in_(OPEN_STATUSES))
        .order_by(Complaint.created_at.desc())
        .limit(OPEN_LIMIT)
    ).all()
    fallback = _overall(history)
    counts = {"within_24h": 0, "within_3d": 0, "within_7d": 0, "later": 0, "overdue": 0}
    clear_by: datetime | None = None
    for kind, created in rows:
        typical = history.get(kind, fallback)
        age = (now - _moment(created)).total_seconds() / 3600
        if typical is None:
            counts["later"] += 1
            continue
        if age > typical.p90_hours:
            counts["overdue"] += 1
            continue
        left = max(typical.median_hours - age, 0.0)
        key = (
            "within_24h"
            if left <= 24
            else "within_3d"
            if left <= 72
            else "within_7d"
            if left <= 168
            else "later"
        )
        counts[key] += 1
        done = _moment(created) + timedelta(hours=typical.p90_hours)
        clear_by = done if clear_by is None or done > clear_by else clear_by
    return Forecast(open=len(rows), clear_by=clear_by.date() if clear_by else None, **counts)


def _overall(history: dict[str, TypeHistory]) -> TypeHistory | None:
    if not history:
        return None
    total = sum(h.resolved for h in history.values())
    median = sum(h.median_hours * h.resolved for h in history.values()) / total
    p90 = sum(h.p90_hours * h.resolved for h in history.values()) / total
    return TypeHistory(total, median, p90)


def _moment(value: Any) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))
