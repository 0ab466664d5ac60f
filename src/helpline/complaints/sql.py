"""SQL building blocks of the KPIs: range counts, durations and percentiles, on every backend.

SQLite walks an index range about ten times faster than it evaluates expressions or groups rows,
so the KPIs are phrased as many COUNT(*) over index ranges, sent as one statement of scalar
subqueries; the servers run the same SQL.
"""

import math
from collections.abc import Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Float,
    cast,
    func,
    literal_column,
    select,
)

from helpline.store.models import DURATION_DAYS, Complaint

BATCH = 100  # scalar subqueries per statement


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


def duration_days(dialect: str, *, indexed: bool = True) -> ColumnElement[Any]:
    """resolved_at - created_at in days; NULL while a ticket is open.

    On SQLite, `indexed` phrases it as the index of migration 0002 so that SQLite walks that
    index; under a filter that index would mean a table lookup per ticket, so a filtered query
    asks for a different spelling (+ 0) and SQLite reads the filter's index and sorts instead.
    """
    if dialect == "sqlite":
        return literal_column(f"({DURATION_DAYS})" if indexed else f"({DURATION_DAYS} + 0)", Float)
    start, end = Complaint.created_at, Complaint.resolved_at
    if dialect == "mysql":
        return func.timestampdiff(literal_column("SECOND"), start, end) / 86400.0
    if dialect == "postgresql":
        return cast(func.extract("epoch", end - start), Float) / 86400.0
    raise NotImplementedError(f"no duration expression for {dialect}")


def day_of(column: Any) -> ColumnElement[Any]:
    """The calendar day of a timestamp: DATE() has this name on all three databases."""
    return func.date(column)


def resolved(dialect: str, *, indexed: bool = True) -> ColumnElement[bool]:
    """Resolved tickets, phrased as a range of the duration so that SQLite can use its index."""
    if not indexed:
        return Complaint.resolved_at.is_not(None)
    return duration_days(dialect) >= -1e6


def percentiles(
    conn: Connection,
    value: ColumnElement[float],
    conditions: Sequence[Any],
    count: int,
    quantiles: Sequence[float],
) -> list[float | None]:
    """Quantiles of `value` over the rows matching `conditions`, interpolated like numpy's default.

    `count` is the number of such rows (the caller has it). Each quantile reads at most two values
    at an offset of the sorted values (an index walk on SQLite), so nothing else comes back.
    (Numbering the rows with a window function instead was measured slower on SQLite.)
    """
    out: list[float | None] = []
    for q in quantiles:
        if count == 0:
            out.append(None)
            continue
        position = (count - 1) * q
        low = math.floor(position)
        high = math.ceil(position)
        # Upper quantiles are read from the top end: the walk to the offset is then short.
        from_top = low > count - 1 - high
        order = value.desc() if from_top else value
        offset = count - 1 - high if from_top else low
        rows = (
            conn.execute(
                select(value.label("v"))
                .select_from(Complaint)
                .where(*conditions)
                .order_by(order)
                .limit(1 + high - low)
                .offset(offset)
            )
            .scalars()
            .all()
        )
        values = sorted(float(v) for v in rows)
        fraction = position - low
        out.append(values[0] + (values[-1] - values[0]) * fraction)
    return out
