"""Complaints for staff: pages of tickets, one ticket with its history, status changes that
follow the lifecycle, and the queue of conversations handed to a human."""

from datetime import date

from helpline.app import convert
from helpline.app.core import Context
from helpline.app.errors import InvalidInput, InvalidTransition
from helpline.app.models import (
    ComplaintDetail,
    ComplaintPage,
    HandoffPage,
    HandoffPublic,
    StatusChangePublic,
)
from helpline.app.scope import parse_scope
from helpline.store.complaint_queries import get_ticket, page_complaints, ticket_history
from helpline.store.complaints import STATUSES, TRANSITIONS, change_status
from helpline.store.handoffs import page_handoffs

MAX_PAGE = 500


class Complaints:
    def __init__(self, context: Context) -> None:
        self._context = context

    def list(
        self,
        *,
        department: str | None = None,
        status: str | None = None,
        priority: str | None = None,
        circle: str | None = None,
        since: date | str | None = None,
        until: date | str | None = None,
        phone: str | None = None,
        limit: int = 50,
        offset: int = 0,
    ) -> ComplaintPage:
        """Tickets matching the filters (`phone`: one customer's), newest first, by pages."""
        _check_page(limit, offset)
        scope = parse_scope(
            self._context,
            department=department,
            status=status,
            priority=priority,
            circle=circle,
            since=since,
            until=until,
        )
        conditions = scope.conditions()
        if phone is not None and phone.strip():
            from helpline.phone import normalize_phone
            from helpline.store.models import Complaint

            conditions.append(Complaint.phone == normalize_phone(phone))
        database = self._context.ready_database()
        with database.sessions() as session:
            items, total = page_complaints(session, conditions, limit=limit, offset=offset)
        return ComplaintPage(
            items=[convert.complaint(t) for t in items], total=total, limit=limit, offset=offset
        )

    def get(self, complaint_id: int) -> ComplaintDetail:
        """One ticket with every status it went through; raises TicketNotFound."""
        database = self._context.ready_database()
        with database.sessions() as session:
            ticket = get_ticket(session, complaint_id)
            history = ticket_history(session, complaint_id)
        return ComplaintDetail(
            complaint=convert.complaint(ticket),
            history=[
                StatusChangePublic(
                    old_status=h.old_status,
                    new_status=h.new_status,
                    changed_by=h.changed_by,
                    changed_at=convert.utc(h.changed_at),
                    note=h.note,
                )
                for h in history
            ],
            next_statuses=sorted(TRANSITIONS.get(ticket.status, ())),
        )

    def change_status(
        self, complaint_id: int, status: str, *, actor: str, note: str | None = None
    ) -> ComplaintDetail:
        """Move a ticket along open -> in_progress -> resolved -> closed (or reopen it).

        A move the lifecycle does not allow raises InvalidTransition naming the allowed ones.
        """
        wanted = status.strip().lower()
        if wanted not in STATUSES:
            raise InvalidInput(f"unknown status '{status}' (one of: {', '.join(STATUSES)})")
        current = self.get(complaint_id).complaint.status
        allowed = sorted(TRANSITIONS.get(current, ()))
        if wanted not in allowed:
            raise InvalidTransition(
                f"ticket {complaint_id} is {current}: it cannot move to {wanted} "
                f"(allowed: {', '.join(allowed) or 'none, it is final'})"
            )
        database = self._context.ready_database()
        change_status(database.sessions, complaint_id, wanted, changed_by=actor, note=note)
        return self.get(complaint_id)

    def handoffs(
        self, *, status: str | None = "queued", limit: int = 50, offset: int = 0
    ) -> HandoffPage:
        """Conversations handed to a human, oldest first (the order to take them in)."""
        _check_page(limit, offset)
        database = self._context.ready_database()
        with database.sessions() as session:
            items, total = page_handoffs(session, status=status, limit=limit, offset=offset)
        return HandoffPage(
            items=[
                HandoffPublic(
                    handoff_id=h.handoff_id,
                    phone=h.phone,
                    session_id=h.session_id,
                    reason=h.reason,
                    status=h.status,
                    created_at=convert.utc(h.created_at),
                )
                for h in items
            ],
            total=total,
            limit=limit,
            offset=offset,
        )


def _check_page(limit: int, offset: int) -> None:
    if not 1 <= limit <= MAX_PAGE:
        raise InvalidInput(f"limit must be between 1 and {MAX_PAGE}, not {limit}")
    if offset < 0:
        raise InvalidInput(f"offset must be 0 or more, not {offset}")
