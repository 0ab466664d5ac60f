"""Session KPIs of a period: how many conversations reached a ticket, a human, or neither."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, case, exists, func, select

from helpline.store.models import Complaint, Conversation, Handoff


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


def count_sessions(conn: Connection, start: datetime | None, end: datetime | None) -> Sessions:
    """One pass over the period's conversations, grouped by session on its index."""
    period: list[Any] = [Conversation.session_id.is_not(None)]
    if start:
        period.append(Conversation.timestamp >= start)
    if end:
        period.append(Conversation.timestamp < end)
    ticket = exists().where(Complaint.conversation_id == Conversation.id)
    handoff = exists().where(Handoff.session_id == Conversation.session_id)
    per_session = (
        select(
            func.max(case((ticket, 1), else_=0)).label("ticket"),
            func.max(case((handoff, 1), else_=0)).label("handoff"),
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
