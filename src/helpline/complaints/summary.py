"""The complaint summary of the original design, built from real figures.

Executive summary, top recurring issues with counts and share, sentiment ratio, recommendations
and a predicted resolution timeline. The figures come from SQL; the prose from templates, or from
the configured LLM when its text passes the grounding check (see writer.py).
"""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict
from sqlalchemy import Connection, func, select

from helpline.complaints.emerging import detect_emerging
from helpline.complaints.filters import ComplaintFilter
from helpline.complaints.grouping import Group, TextCount, group_texts
from helpline.complaints.kpis import Kpis, compute_kpis
from helpline.complaints.timeline import TypeHistory, forecast, history_by_type
from helpline.store.clock import utcnow
from helpline.store.complaints import OPEN_STATUSES
from helpline.store.db import Database
from helpline.store.models import Complaint

MAX_TEXTS = 20_000  # distinct descriptions read for naming and clustering; counts stay exact


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True)


class Issue(_Frozen):
    key: str
    name: str
    words: tuple[str, ...]
    department: str
    count: int
    share: float  # percent of the complaints in scope
    open: int
    typical_hours: float | None  # median resolution time of similar tickets
    p90_hours: float | None
    examples: tuple[str, ...]


class Emerging(_Frozen):
    kind: str
    name: str
    recent: int
    recent_per_day: float
    baseline_per_day: float
    ratio: float
    extra: int
    top_type: str | None


class Timeline(_Frozen):
    open: int
    within_24h: int
    within_3d: int
    within_7d: int
    later: int
    overdue: int
    clear_by: date | None


class Figures(_Frozen):
    """Every number the prose may use."""

    scope: str
    total: int
    open: int
    resolved: int
    median_hours: float | None
    p90_hours: float | None
    within_target_pct: float | None
    breaching: int
    repeat_complainers: int
    sentiment_pct: dict[str, float]
    by_department: dict[str, int]
    open_by_department: dict[str, int]


class Summary(_Frozen):
    scope: str
    generated_at: datetime
    figures: Figures
    executive: str
    top_issues: tuple[Issue, ...]
    recommendations: tuple[str, ...]
    timeline: Timeline
    emerging: tuple[Emerging, ...]
    writer: str  # "template", or the LLM whose prose passed the grounding check


def gather(
    database: Database, scope: ComplaintFilter, *, now: datetime | None = None
) -> tuple[Figures, tuple[Issue, ...], Timeline, tuple[Emerging, ...]]:
    """The figures, groups, timeline and emerging issues of a scope: everything but the prose."""
    now = now or utcnow()
    kpis = compute_kpis(database, scope, now=now, sessions=False)
    with database.engine.connect() as conn:
        groups = group_texts(_texts(conn, scope), exact_counts=_type_counts(conn, scope))
        history = history_by_type(conn, now)
        open_by_type = _open_by_type(conn, scope)
        open_by_department = _open_by_department(conn, scope)
        ahead = forecast(conn, scope, history, now)
    emerging = detect_emerging(database, scope, now=now)
    issues = tuple(_issue(g, kpis.total, open_by_type, history) for g in groups)
    return (
        _figures(kpis, open_by_department),
        issues,
        Timeline(**{f: getattr(ahead, f) for f in Timeline.model_fields}),
        tuple(Emerging(**{f: getattr(e, f) for f in Emerging.model_fields}) for e in emerging),
    )


def _figures(kpis: Kpis, open_by_department: dict[str, int]) -> Figures:
    res = kpis.resolution
    known = sum(kpis.sentiment.values())
    return Figures(
        scope=kpis.scope,
        total=kpis.total,
        open=kpis.open,
        resolved=res.resolved,
        median_hours=None if res.median_hours is None else round(res.median_hours, 1),
        p90_hours=None if res.p90_hours is None else round(res.p90_hours, 1),
        within_target_pct=None
        if res.within_target_share is None
        else round(100 * res.within_target_share, 1),
        breaching=res.breaching,
        repeat_complainers=kpis.repeat_complainers,
        sentiment_pct={s: round(100 * n / known, 1) for s, n in kpis.sentiment.items()}
        if known
        else {},
        by_department=kpis.by_department,
        open_by_department=open_by_department,
    )


def _issue(
    group: Group, total: int, open_by_type: dict[str, int], history: dict[str, TypeHistory]
) -> Issue:
    typical = history.get(group.key)
    return Issue(
        key=group.key,
        name=group.name,
        words=group.words,
        department=group.department,
        count=group.count,
        share=round(100 * group.count / total, 1) if total else 0.0,
        open=open_by_type.get(group.key, 0),
        typical_hours=round(typical.median_hours, 1) if typical else None,
        p90_hours=round(typical.p90_hours, 1) if typical else None,
        examples=group.examples,
    )


def _texts(conn: Connection, scope: ComplaintFilter) -> list[TextCount]:
    n = func.count().label("n")
    rows = conn.execute(
        select(Complaint.complaint_type, Complaint.department, Complaint.description, n)
        .where(*scope.conditions())
        .group_by(Complaint.complaint_type, Complaint.department, Complaint.description)
        .order_by(n.desc())
        .limit(MAX_TEXTS)
    )
    return [TextCount(t, d, text, int(c)) for t, d, text, c in rows]


def _type_counts(conn: Connection, scope: ComplaintFilter) -> dict[str, int]:
    rows = conn.execute(
        select(Complaint.complaint_type, func.count())
        .where(*scope.conditions())
        .group_by(Complaint.complaint_type)
    )
    return {t: int(n) for t, n in rows if t is not None}


def _open_by_type(conn: Connection, scope: ComplaintFilter) -> dict[str, int]:
    rows = conn.execute(
        select(Complaint.complaint_type, func.count())
        .where(*scope.conditions(), Complaint.status.in_(OPEN_STATUSES))
        .group_by(Complaint.complaint_type)
    )
    return {t: int(n) for t, n in rows if t is not None}


def _open_by_department(conn: Connection, scope: ComplaintFilter) -> dict[str, int]:
    rows = conn.execute(
        select(Complaint.department, func.count())
        .where(*scope.conditions(), Complaint.status.in_(OPEN_STATUSES))
        .group_by(Complaint.department)
    )
    return dict(sorted(((d, int(n)) for d, n in rows), key=lambda kv: (-kv[1], kv[0])))
