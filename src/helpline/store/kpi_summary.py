"""The complaint KPI summary tables: the SQL of their keys, and keeping them exact on each write.

The KPI summary tables (models.ComplaintKpiCell, ComplaintKpiDuration) hold the same sums a
GROUP BY of the complaints gives, and ComplaintSession the session of each ticket's
conversation. Every key and flag is computed by the database with the expressions below, both
when the tables are rebuilt and when one ticket changes, in the ticket's own transaction
(store/complaints.py calls kpi_keys and shift_kpi_summary), so the analytics' own SQL (the same
expressions) agrees with them to the last float comparison.
A writer that bypasses store/complaints.py (a bulk load) calls rebuild_kpi_summary afterwards
(or `helpline db rebuild-kpis`); until then the KPIs see the summary short of the complaints and
count the rows themselves.
"""

from collections import Counter
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Date,
    Engine,
    Float,
    Select,
    and_,
    bindparam,
    case,
    cast,
    delete,
    func,
    insert,
    literal,
    literal_column,
    select,
)
from sqlalchemy.dialects import mysql, postgresql, sqlite
from sqlalchemy.orm import Session

from helpline.store.models import (
    DURATION_DAYS,
    SLA_HOURS,
    Complaint,
    ComplaintKpiCell,
    ComplaintKpiDuration,
    ComplaintSession,
    Conversation,
)

Rows = Select[*tuple[Any, ...]]  # a SELECT of any columns

# Time-to-resolution buckets of complaint_kpi_durations, in hours: fine where most tickets are
# resolved, so that no bucket holds more than a few tens of thousands of a million tickets.
DURATION_BUCKET_HOURS: tuple[int, ...] = (2, 4, 6, 8, 10, 12, 15, 18, 21, 24, 30, 36, 42, 48, 60)
DURATION_BUCKET_HOURS += (72, 96, 120, 168, 240, 336, 720)


def duration_days(dialect: str, *, indexed: bool = True) -> ColumnElement[Any]:
    """resolved_at - created_at in days; NULL while a ticket is open.

    On SQLite, `indexed` spells it as the expression of the duration indexes (models.py) so that
    SQLite reads it from there; `indexed=False` (+ 0) makes SQLite read a filter's index instead.
    """
    if dialect == "sqlite":
        return literal_column(f"({DURATION_DAYS})" if indexed else f"({DURATION_DAYS} + 0)", Float)
    start, end = Complaint.created_at, Complaint.resolved_at
    if dialect == "mysql":
        return func.timestampdiff(literal_column("SECOND"), start, end) / 86400.0
    if dialect == "postgresql":
        return cast(func.extract("epoch", end - start), Float) / 86400.0
    raise NotImplementedError(f"no duration expression for {dialect}")


def target_days(priority: str) -> float:
    """The resolution target of a priority in days; an unknown priority gets MEDIUM's."""
    return SLA_HOURS.get(priority, SLA_HOURS["MEDIUM"]) / 24


def within_target(dialect: str) -> ColumnElement[int]:
    """1 for a ticket resolved within its priority's target, else 0."""
    days = duration_days(dialect)
    target = case(
        *((Complaint.priority == p, target_days(p)) for p in SLA_HOURS),
        else_=target_days("MEDIUM"),
    )
    return case((and_(Complaint.resolved_at.is_not(None), days <= target), 1), else_=0)


def duration_bucket(dialect: str) -> ColumnElement[int]:
    """The index into DURATION_BUCKET_HOURS of the first bound above the duration."""
    return _bucket_between(duration_days(dialect), 0, len(DURATION_BUCKET_HOURS))


def _bucket_between(days: ColumnElement[Any], low: int, high: int) -> ColumnElement[int]:
    # A binary search of nested CASEs: five comparisons a row instead of up to twenty-two, each
    # of which computes the duration again when a filter's rows are grouped (a circle).
    if low == high:
        return literal(low)
    middle = (low + high) // 2
    return case(
        (days < DURATION_BUCKET_HOURS[middle] / 24, _bucket_between(days, low, middle)),
        else_=_bucket_between(days, middle + 1, high),
    )


def kpi_cell_rows(dialect: str, *where: Any) -> Rows:
    day = func.date(Complaint.created_at, type_=Date)
    keys = (day, Complaint.department, Complaint.status, Complaint.priority)
    sentiment = func.coalesce(Complaint.sentiment, "")
    return (
        select(*keys, sentiment, func.count(), func.count(Complaint.resolved_at))
        .add_columns(func.sum(within_target(dialect)))
        .where(*where)
        .group_by(*keys, sentiment)
    )


def kpi_duration_rows(dialect: str, *where: Any) -> Rows:
    day = func.date(Complaint.created_at, type_=Date)
    keys = (day, Complaint.department, Complaint.status, Complaint.priority)
    bucket = duration_bucket(dialect)
    return (
        select(*keys, bucket, func.count())
        .where(Complaint.resolved_at.is_not(None), *where)
        .group_by(*keys, bucket)
    )


_CELL_COLUMNS = ("day", "department", "status", "priority", "sentiment")
_CELL_SUMS = ("complaints", "resolved", "within_target")
_DURATION_COLUMNS = ("day", "department", "status", "priority", "bucket", "complaints")
_SESSION_COLUMNS = ("complaint_id", "session_id", "timestamp")


def rebuild_kpi_summary(conn: Connection) -> None:
    """Recount the KPI summary tables from the complaints (after a bulk insert, or a repair)."""
    dialect = conn.dialect.name
    conn.execute(delete(ComplaintKpiCell))
    conn.execute(delete(ComplaintKpiDuration))
    cells = kpi_cell_rows(dialect)
    conn.execute(insert(ComplaintKpiCell).from_select([*_CELL_COLUMNS, *_CELL_SUMS], cells))
    durations = insert(ComplaintKpiDuration).from_select(
        list(_DURATION_COLUMNS), kpi_duration_rows(dialect)
    )
    conn.execute(durations)
    conn.execute(delete(ComplaintSession))
    conn.execute(insert(ComplaintSession).from_select(_SESSION_COLUMNS, _session_rows()))


def recount_kpi_summary(engine: Engine) -> int:
    """Rebuild the summary in a transaction of its own; returns how many complaints it counted."""
    with engine.begin() as conn:
        rebuild_kpi_summary(conn)
        counted = conn.scalar(select(func.sum(ComplaintKpiCell.complaints)))
    return int(counted or 0)


def _session_rows(*where: Any) -> Rows:
    return (
        select(Complaint.complaint_id, Conversation.session_id, Conversation.timestamp)
        .join(Conversation, Conversation.id == Complaint.conversation_id)
        .where(Conversation.session_id.is_not(None), *where)
    )


# Built once, the ticket a parameter: a new ticket and a ticket's link to its turn run them while
# they hold the database's write lock.
# On the table, not the entity: with the ORM, a dict of parameters would make the INSERT a bulk one.
_SESSIONS = ComplaintSession.metadata.tables[ComplaintSession.__tablename__]
_FORGET_SESSION = delete(_SESSIONS).where(_SESSIONS.c.complaint_id == bindparam("ticket"))
_NOTE_SESSION = insert(_SESSIONS).from_select(
    _SESSION_COLUMNS, _session_rows(Complaint.complaint_id == bindparam("ticket"))
)


def record_session(session: Session, complaint_id: int) -> None:
    """Note the session of the ticket's conversation (complaint_sessions), replacing any old one."""
    session.execute(_FORGET_SESSION, {"ticket": complaint_id})
    session.execute(_NOTE_SESSION, {"ticket": complaint_id})


@lru_cache(maxsize=8)
def _one_ticket_rows(dialect: str) -> tuple[Rows, Rows]:
    # Built once per dialect, the ticket a parameter: building the nested CASEs took longer
    # than running both queries (measured: most of a complaint's cost on an API turn).
    here = Complaint.complaint_id == bindparam("complaint_id")
    return kpi_cell_rows(dialect, here), kpi_duration_rows(dialect, here)


def kpi_keys(session: Session, complaint_id: int) -> Counter[tuple[Any, ...]]:
    """What one ticket adds to the summary tables: (table, key..., sum...) with a count each."""
    cells, durations = _one_ticket_rows(session.get_bind().dialect.name)
    ticket = {"complaint_id": complaint_id}
    out: Counter[tuple[Any, ...]] = Counter()
    for row in session.execute(cells, ticket):
        out[("cell", *row)] += 1
    for row in session.execute(durations, ticket):
        out[("duration", *row)] += 1
    return out


def shift_kpi_summary(
    session: Session, before: Counter[tuple[Any, ...]], after: Counter[tuple[Any, ...]]
) -> None:
    """Take a ticket's old rows out of the summary and put its new ones in, in its transaction."""
    changes = [*((r, -1) for r in before - after), *((r, 1) for r in after - before)]
    # In key order, so that two writers touching the same summary rows lock them in one order.
    for row, sign in sorted(changes, key=lambda change: change[0]):
        table = ComplaintKpiCell if row[0] == "cell" else ComplaintKpiDuration
        columns = _CELL_COLUMNS + _CELL_SUMS if row[0] == "cell" else _DURATION_COLUMNS
        _add(session, table, dict(zip(columns, row[1:], strict=True)), sign)


def _add(session: Session, table: Any, values: dict[str, Any], sign: int) -> None:
    sums = [c for c in ("complaints", "resolved", "within_target") if c in values]
    values = {k: v * sign if k in sums else v for k, v in values.items()}
    dialect = session.get_bind().dialect.name
    # An upsert, so that two writers of a new key on MySQL or PostgreSQL do not collide.
    if dialect == "mysql":
        my = mysql.insert(table).values(values)
        added = {c: table.__table__.c[c] + my.inserted[c] for c in sums}
        session.execute(my.on_duplicate_key_update(added))
        return
    up = (sqlite.insert if dialect == "sqlite" else postgresql.insert)(table).values(values)
    keys = [c for c in values if c not in sums]
    session.execute(
        up.on_conflict_do_update(
            index_elements=keys, set_={c: table.__table__.c[c] + up.excluded[c] for c in sums}
        )
    )
