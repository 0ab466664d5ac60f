"""Emerging issues: a department or circle whose daily complaints jump well above its baseline.

The last few days are compared with the weeks before them. A jump is flagged when the recent rate
is a multiple of the baseline rate and so many complaints would be very unlikely by chance
(Poisson tail at the baseline rate), so a quiet circle with two complaints is not an outbreak.
"""

import math
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select

from helpline.complaints.filters import ComplaintFilter
from helpline.store.clock import utcnow
from helpline.store.db import Database
from helpline.store.models import Complaint

AREAS = {"department": Complaint.department, "circle": Complaint.circle}


@dataclass(frozen=True, slots=True)
class EmergingIssue:
    kind: str  # "department" or "circle"
    name: str
    recent: int  # complaints in the recent window
    recent_per_day: float
    baseline_per_day: float
    ratio: float  # recent rate over baseline rate
    extra: int  # complaints above what the baseline predicts for the window
    top_type: str | None  # the commonest complaint type of the recent window
    p_value: float


@dataclass(frozen=True, slots=True)
class Thresholds:
    recent_days: int = 3
    baseline_days: int = 28
    min_recent: int = 5
    min_ratio: float = 2.0
    max_p: float = 0.001


def detect_emerging(
    database: Database,
    scope: ComplaintFilter | None = None,
    *,
    now: datetime | None = None,
    thresholds: Thresholds = Thresholds(),
) -> list[EmergingIssue]:
    """Departments and circles whose recent complaints jumped, biggest jump first.

    The scope's department, circle, priority and status narrow what is counted; its dates do not
    (the windows end at `now`, or at the end of `until` when that is earlier).
    """
    scope = scope or ComplaintFilter()
    now = now or utcnow()
    if scope.end is not None and scope.end < now:
        now = scope.end
    recent_start = now - timedelta(days=thresholds.recent_days)
    start = recent_start - timedelta(days=thresholds.baseline_days)
    narrowing = ComplaintFilter(
        department=scope.department,
        status=scope.status,
        priority=scope.priority,
        circle=scope.circle,
    ).conditions()
    window = [*narrowing, Complaint.created_at >= start, Complaint.created_at < now]
    is_recent = case((Complaint.created_at >= recent_start, 1), else_=0)
    found: list[EmergingIssue] = []
    with database.engine.connect() as conn:
        for kind, column in AREAS.items():
            counts: dict[str, list[int]] = {}
            rows: Any = conn.execute(
                select(column, is_recent, func.count())
                .where(*window, column.is_not(None))
                .group_by(column, is_recent)
            )
            for name, recent, n in rows:
                counts.setdefault(str(name), [0, 0])[int(recent)] += int(n)
            for name, (before, recent) in counts.items():
                issue = _judge(kind, name, before, recent, thresholds)
                if issue is not None:
                    top = conn.execute(
                        select(Complaint.complaint_type)
                        .where(
                            *narrowing,
                            column == name,
                            Complaint.created_at >= recent_start,
                            Complaint.created_at < now,
                        )
                        .group_by(Complaint.complaint_type)
                        .order_by(func.count().desc(), Complaint.complaint_type)
                        .limit(1)
                    ).scalar()
                    found.append(replace(issue, top_type=top))
    return sorted(found, key=lambda i: (-i.ratio, i.kind, i.name))


def _judge(kind: str, name: str, before: int, recent: int, t: Thresholds) -> EmergingIssue | None:
    # Half a complaint added to the baseline keeps a new area's rate above zero.
    baseline_rate = (before + 0.5) / t.baseline_days
    expected = baseline_rate * t.recent_days
    ratio = (recent / t.recent_days) / baseline_rate
    if recent < t.min_recent or ratio < t.min_ratio:
        return None
    p_value = poisson_tail(recent, expected)
    if p_value > t.max_p:
        return None
    return EmergingIssue(
        kind=kind,
        name=name,
        recent=recent,
        recent_per_day=recent / t.recent_days,
        baseline_per_day=before / t.baseline_days,
        ratio=ratio,
        extra=max(0, round(recent - expected)),
        top_type=None,
        p_value=p_value,
    )


def poisson_tail(k: int, lam: float) -> float:
    """P(X >= k) for X ~ Poisson(lam), summed in log space so large counts do not underflow."""
    if k <= 0:
        return 1.0
    log_lam = math.log(lam)
    first = -lam + k * log_lam - math.lgamma(k + 1)
    # Terms relative to the first: beyond lam they fall off geometrically, so stop when tiny.
    total, relative, i = 1.0, 0.0, k
    while i < k + 100_000:
        i += 1
        relative += log_lam - math.log(i)
        if i > lam and relative < -40:
            break
        total += math.exp(relative)
    return min(1.0, math.exp(first + math.log(total)))
