"""SQL building blocks of the KPIs: range counts, durations and percentiles, on every backend.

SQLite walks an index range about ten times faster than it evaluates expressions or groups rows,
so the KPIs are phrased as many COUNT(*) over index ranges, sent as one statement of scalar
subqueries; the servers run the same SQL.
"""

import math
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, func, select

from helpline.complaints.filters import ComplaintFilter
from helpline.store.kpi_summary import DURATION_BUCKET_HOURS, duration_days
from helpline.store.models import Complaint

BATCH = 100  # scalar subqueries per statement
SCOPE_COLUMNS = ("department", "status", "priority", "circle", "created_at")


def count_many(conn: Connection, table: Any, conditions: Sequence[Sequence[Any]]) -> list[int]:
    """COUNT(*) of `table` under each list of conditions, in a few round trips."""
    out: list[int] = []
    for start in range(0, len(conditions), BATCH):
        chunk = conditions[start : start + BATCH]
        columns = [
            select(func.count()).select_from(table).where(*where).scalar_subquery().label(f"c{i}")
            for i, where in enumerate(chunk)
        ]
        out.extend(int(v or 0) for v in conn.execute(select(*columns)).one())
    return out


def bucket_percentiles(
    conn: Connection,
    scope: ComplaintFilter,
    buckets: Sequence[int],
    quantiles: Sequence[float],
) -> list[float | None]:
    """Quantiles (in days) of the resolution times of the complaints in `scope`.

    `buckets` counts those complaints per resolution-time bucket (the summary tables), so the
    value of a rank is read within its bucket: an ordered walk of that bucket's durations only,
    on SQLite along the duration index that carries the filter's columns.
    """
    count = sum(buckets)
    out: list[float | None] = []
    for q in quantiles:
        if count == 0:
            out.append(None)
            continue
        position = (count - 1) * q
        low = _nth(conn, scope, buckets, math.floor(position))
        high = _nth(conn, scope, buckets, math.ceil(position))
        out.append(low + (high - low) * (position - math.floor(position)))
    return out


def _nth(conn: Connection, scope: ComplaintFilter, buckets: Sequence[int], rank: int) -> float:
    """The rank-th smallest duration (0-based) of the scope, read within its bucket."""
    dialect = conn.dialect.name
    days = duration_days(dialect)
    bucket, below = 0, 0
    while rank >= below + buckets[bucket]:
        below += buckets[bucket]
        bucket += 1
    bounds = []
    # The same bounds as store.kpi_summary.duration_bucket, compared the same way.
    if bucket > 0:
        bounds.append(days >= DURATION_BUCKET_HOURS[bucket - 1] / 24)
    if bucket < len(DURATION_BUCKET_HOURS):
        bounds.append(days < DURATION_BUCKET_HOURS[bucket] / 24)
    # SQLite walks idx_complaint_duration_scope when the ORDER BY is that index's columns and
    # the filter's columns are kept from other indexes (+column). It also reads the ticket's
    # number from the index but would compute a selected duration from the row of every ticket
    # it skips: so the number first, then its duration.
    filters = scope.conditions(unindexed=SCOPE_COLUMNS if dialect == "sqlite" else ())
    cell = (Complaint.department, Complaint.status, Complaint.priority, Complaint.created_at)
    query = (
        select(Complaint.complaint_id)
        .where(*filters, *bounds)
        .order_by(days, *cell)
        .limit(1)
        .offset(rank - below)
    )
    found = conn.execute(query).scalar_one()
    return float(conn.execute(select(days).where(Complaint.complaint_id == found)).scalar_one())
