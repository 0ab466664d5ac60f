"""Session KPIs of a period: how many conversations reached a ticket, a human, or neither."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, case, distinct, func, select

from helpline.store.models import Complaint, ComplaintSession, Conversation, Handoff


@dataclass(frozen=True, slots=True)
class Sessions:
    """Conversation sessions of the period (a session has no department: filters do not apply)."""

    total: int
    with_ticket: int
    with_handoff: int
    self_service: int  # ended without a ticket or a handoff

    @property
    def handoff_rate(self) -> float | None:
        return self.with_handoff / self.total if self.total else None

    @property
    def self_service_rate(self) -> float | None:
        return self.self_service / self.total if self.total else None


def count_sessions(
    conn: Connection, start: datetime | None, end: datetime | None, *, kept: bool = True
) -> Sessions:
    """The period's sessions; `kept` when complaint_sessions is in step with the complaints.

    Then four counts of distinct sessions, each along one index: all sessions, those with a
    ticket (complaint_sessions), those with a handoff, and those with both, which are few.
    Otherwise one pass over the conversations probing complaints and handoffs for each.
    """
    if kept:
        return _from_indexes(conn, start, end)

    period: list[Any] = [Conversation.session_id.is_not(None)]
    if start:
        period.append(Conversation.timestamp >= start)
    if end:
        period.append(Conversation.timestamp < end)
    # EXISTS of an indexed column, not of *: SQLite then answers from the index alone.
    ticket = select(Complaint.conversation_id).where(Complaint.conversation_id == Conversation.id)
    handoff = select(Handoff.session_id).where(Handoff.session_id == Conversation.session_id)
    per_session = (
        select(
            func.max(case((ticket.exists(), 1), else_=0)).label("ticket"),
            func.max(case((handoff.exists(), 1), else_=0)).label("handoff"),
        )
        .where(*period)
        .group_by(Conversation.session_id)
        .subquery()
    )
    either = case(((per_session.c.ticket + per_session.c.handoff) > 0, 1), else_=0)
    row = conn.execute(
        select(
            func.count(),
            func.sum(per_session.c.ticket),
            func.sum(per_session.c.handoff),
            func.sum(either),
        )
    ).one()
    total, with_ticket, with_handoff, reached = (int(v or 0) for v in row)
    return Sessions(total, with_ticket, with_handoff, total - reached)


def _from_indexes(conn: Connection, start: datetime | None, end: datetime | None) -> Sessions:
    conversations = _distinct_sessions(conn, Conversation, start, end)
    tickets = _distinct_sessions(conn, ComplaintSession, start, end)
    # Handoffs are few beside conversations: each one's session is looked up in the period.
    handed = _handoff_sessions(conn, Conversation, start, end)
    both = _handoff_sessions(conn, ComplaintSession, start, end)
    reached = tickets + handed - both
    return Sessions(conversations, tickets, handed, conversations - reached)


def _distinct_sessions(
    conn: Connection, table: Any, start: datetime | None, end: datetime | None
) -> int:
    # ">= ''" holds for every session id, as IS NOT NULL does, but SQLite takes it as a range
    # of the (session_id, timestamp) index: the distinct count then walks that index alone,
    # in order, rather than looking up every conversation of the period from idx_timestamp.
    period = [table.session_id >= "", *_period(table, start, end)]
    return int(conn.scalar(select(func.count(distinct(table.session_id))).where(*period)) or 0)


def _handoff_sessions(
    conn: Connection, table: Any, start: datetime | None, end: datetime | None
) -> int:
    """Sessions with a handoff and a row of `table` in the period."""
    seen = select(table.session_id).where(
        table.session_id == Handoff.session_id, *_period(table, start, end)
    )
    query = select(func.count(distinct(Handoff.session_id))).where(seen.exists())
    return int(conn.scalar(query) or 0)


def _period(table: Any, start: datetime | None, end: datetime | None) -> list[Any]:
    out = []
    if start:
        out.append(table.timestamp >= start)
    if end:
        out.append(table.timestamp < end)
    return out
