"""The hand-off queue: conversations waiting for a human agent."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpline.store.models import Handoff


@dataclass(frozen=True, slots=True)
class HandoffInfo:
    handoff_id: int
    phone: str | None
    session_id: str | None
    reason: str
    status: str
    created_at: datetime


def handoff_rows(
    session: Session, *, status: str | None, limit: int, offset: int
) -> tuple[list[Handoff], int]:
    """One page of hand-off rows (oldest first: the queue's order) and how many there are in
    all; the callers turn the rows into their own values before the session closes."""
    where = [Handoff.status == status] if status else []
    total = session.scalar(select(func.count()).select_from(Handoff).where(*where)) or 0
    rows = session.scalars(
        select(Handoff)
        .where(*where)
        .order_by(Handoff.created_at, Handoff.handoff_id)
        .limit(limit)
        .offset(offset)
    )
    return list(rows), int(total)


def page_handoffs(
    session: Session, *, status: str | None = "queued", limit: int = 50, offset: int = 0
) -> tuple[list[HandoffInfo], int]:
    """One page of hand-offs (oldest first: the queue's order) and how many there are in all."""
    rows, total = handoff_rows(session, status=status, limit=limit, offset=offset)
    items = [
        HandoffInfo(h.handoff_id, h.phone, h.session_id, h.reason, h.status, h.created_at)
        for h in rows
    ]
    return items, total
