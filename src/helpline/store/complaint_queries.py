"""Complaints as a staff queue reads them: pages of tickets, one ticket, its status history."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from helpline.errors import TicketNotFound
from helpline.store.complaints import ticket_info
from helpline.store.models import Complaint, ComplaintStatusChange
from helpline.store.values import TicketInfo


@dataclass(frozen=True, slots=True)
class StatusChange:
    old_status: str | None
    new_status: str
    changed_by: str
    changed_at: datetime
    note: str | None


def page_complaints(
    session: Session,
    where: Sequence[ColumnElement[bool]] = (),
    *,
    limit: int = 50,
    offset: int = 0,
) -> tuple[list[TicketInfo], int]:
    """One page of the tickets matching `where`, newest first, and how many match in all."""
    total = session.scalar(select(func.count()).select_from(Complaint).where(*where)) or 0
    rows = session.scalars(
        select(Complaint)
        .where(*where)
        .order_by(Complaint.created_at.desc(), Complaint.complaint_id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [ticket_info(c) for c in rows], int(total)


def get_ticket(session: Session, complaint_id: int) -> TicketInfo:
    """Any ticket by number (staff see every customer's); raises TicketNotFound."""
    complaint = session.get(Complaint, complaint_id)
    if complaint is None:
        raise TicketNotFound(f"no ticket {complaint_id}")
    return ticket_info(complaint)


def ticket_history(session: Session, complaint_id: int) -> list[StatusChange]:
    """Every status the ticket went through, oldest first."""
    rows = session.scalars(
        select(ComplaintStatusChange)
        .where(ComplaintStatusChange.complaint_id == complaint_id)
        .order_by(ComplaintStatusChange.changed_at, ComplaintStatusChange.id)
    )
    return [
        StatusChange(r.old_status, r.new_status, r.changed_by, r.changed_at, r.note) for r in rows
    ]


def departments(session: Session) -> list[str]:
    """The departments tickets have been filed under, by name."""
    rows = session.scalars(select(Complaint.department).distinct().order_by(Complaint.department))
    return [d for d in rows if d]


def circles(session: Session) -> list[str]:
    """The telecom circles tickets have come from, by name."""
    rows = session.scalars(select(Complaint.circle).distinct().order_by(Complaint.circle))
    return [c for c in rows if c]
