"""Complaint tickets: create, update, look up (only a customer's own), and change status."""

import re
from collections import Counter
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session, sessionmaker

from helpline.errors import HelplineError, TicketNotFound
from helpline.store.clock import utcnow
from helpline.store.db import transaction
from helpline.store.kpi_summary import kpi_keys, record_session, shift_kpi_summary
from helpline.store.models import (
    SLA_HOURS,
    AuditLog,
    Complaint,
    ComplaintReport,
    ComplaintStatusChange,
)
from helpline.store.sanitize import clean_json, clean_text
from helpline.store.values import TicketInfo

STATUSES = ("open", "in_progress", "resolved", "closed")
OPEN_STATUSES = ("open", "in_progress")
# Resolution targets by priority: HIGH within 24 h (the regulator's target for outages),
# MEDIUM 72 h, LOW 7 days.
# Allowed moves; a resolved ticket may be reopened, a closed one may not.
TRANSITIONS = {
    "open": {"in_progress", "resolved", "closed"},
    "in_progress": {"open", "resolved", "closed"},
    "resolved": {"closed", "open"},
    "closed": set(),
}


def ticket_info(c: Complaint) -> TicketInfo:
    return TicketInfo(
        complaint_id=c.complaint_id,
        complaint_type=c.complaint_type,
        department=c.department,
        priority=c.priority,
        description=c.description,
        status=c.status,
        created_at=c.created_at,
        updated_at=c.updated_at,
        resolved_at=c.resolved_at,
        due_at=c.due_at,
        phone=c.phone,
        report_count=c.report_count,
        entities=c.entities,
    )


def due_at(priority: str, created_at: datetime) -> datetime:
    return created_at + timedelta(hours=SLA_HOURS.get(priority, SLA_HOURS["MEDIUM"]))


# The customer's open ticket of one type since a time, locked: built once, since a report holds
# the database's write lock while it runs.
_OPEN_TICKET = (
    select(Complaint)
    .where(
        Complaint.user_id == bindparam("owner"),
        Complaint.complaint_type == bindparam("kind"),
        Complaint.status.in_(OPEN_STATUSES),
        Complaint.created_at >= bindparam("since"),
    )
    .order_by(Complaint.created_at.desc())
    .limit(1)
    .with_for_update()
)
# Where a repeat report's line starts in a ticket's description: "\n[2026-12-04 21:30] ".
_REPORT_STAMP = re.compile(r"\n\[\d{4}-\d{2}-\d{2} \d{2}:\d{2}\] ")


def file_complaint(
    factory: sessionmaker[Session],
    *,
    user_id: int | None,
    phone: str | None,
    complaint_type: str,
    department: str,
    priority: str,
    description: str,
    entities: list[dict[str, Any]] | None = None,
    conversation_id: int | None = None,
    circle: str | None = None,
    sentiment: str | None = None,
    actor: str = "agent",
    dedupe_hours: int = 24,
    report_key: str | None = None,
) -> tuple[TicketInfo, bool]:
    """File a ticket, or update the customer's open ticket of the same type from the last day.

    Returns the ticket and whether it was newly created. A repeat report raises the priority
    when the new one is higher and counts the report, instead of opening a duplicate. A report
    whose key was recorded before (its COMMIT landed unheard) changes nothing and returns what
    it did then.
    """
    now = utcnow()
    description, entities = clean_text(description), clean_json(entities)
    with transaction(factory) as session:
        if report_key is not None and (earlier := _reported(session, report_key)) is not None:
            return earlier
        existing = None
        if user_id is not None:
            since = now - timedelta(hours=dedupe_hours)
            existing = session.scalars(
                _OPEN_TICKET, {"owner": user_id, "kind": complaint_type, "since": since}
            ).first()
        if existing is not None:
            # Of what a repeat report changes, only a raised priority is in a KPI key or sum
            # (the count, description and entities are not): otherwise the summary stays as is.
            raised = _rank(priority) > _rank(existing.priority)
            before = kpi_keys(session, existing.complaint_id) if raised else None
            existing.report_count += 1
            existing.updated_at = now
            # Words and entities already on the ticket are not written again: a customer who
            # says the same thing twenty times is one line for the agent, counted twenty times.
            if description not in _REPORT_STAMP.split(existing.description):
                existing.description = (
                    f"{existing.description}\n[{now:%Y-%m-%d %H:%M}] {description}"
                )
            if raised:
                existing.priority = priority
                existing.due_at = due_at(priority, existing.created_at)
            known = existing.entities or []
            new = [e for e in entities or [] if e not in known]
            if new:
                existing.entities = [*known, *new]
            session.add(_audit(actor, "complaint.repeat", existing.complaint_id))
            _keep_key(session, report_key, existing.complaint_id, opened=False, at=now)
            session.flush()
            if before is not None:
                shift_kpi_summary(session, before, kpi_keys(session, existing.complaint_id))
            return ticket_info(existing), False
        complaint = Complaint(
            conversation_id=conversation_id,
            complaint_type=complaint_type,
            department=department,
            priority=priority,
            description=description,
            status="open",
            created_at=now,
            updated_at=now,
            due_at=due_at(priority, now),
            entities=entities or [],
            user_id=user_id,
            phone=phone,
            circle=circle,
            sentiment=sentiment,
        )
        session.add(complaint)
        session.flush()
        session.add(
            ComplaintStatusChange(
                complaint_id=complaint.complaint_id,
                old_status=None,
                new_status="open",
                changed_by=actor,
                changed_at=now,
            )
        )
        session.add(_audit(actor, "complaint.create", complaint.complaint_id))
        _keep_key(session, report_key, complaint.complaint_id, opened=True, at=now)
        session.flush()
        shift_kpi_summary(session, Counter(), kpi_keys(session, complaint.complaint_id))
        if conversation_id is not None:
            record_session(session, complaint.complaint_id)
        return ticket_info(complaint), True


def _reported(session: Session, report_key: str) -> tuple[TicketInfo, bool] | None:
    """The ticket a report with this key was filed on, and whether it opened it."""
    report = session.get(ComplaintReport, report_key)
    if report is None:
        return None
    complaint = session.get(Complaint, report.complaint_id)
    assert complaint is not None  # the key's row refers to it
    return ticket_info(complaint), report.opened_ticket


def _keep_key(
    session: Session, report_key: str | None, complaint_id: int, *, opened: bool, at: datetime
) -> None:
    if report_key is not None:
        session.add(
            ComplaintReport(
                report_key=report_key,
                complaint_id=complaint_id,
                opened_ticket=opened,
                reported_at=at,
            )
        )


def link_conversation(
    factory: sessionmaker[Session], complaint_id: int, conversation_id: int
) -> None:
    """Point a ticket at the conversation turn that created it."""
    with transaction(factory) as session:
        link_turn(session, complaint_id, conversation_id)


def link_turn(session: Session, complaint_id: int, conversation_id: int) -> None:
    """link_conversation within the session's own write transaction."""
    complaint = session.get(Complaint, complaint_id)
    if complaint is not None and complaint.conversation_id is None:
        complaint.conversation_id = conversation_id
        session.flush()
        record_session(session, complaint_id)


def change_status(
    factory: sessionmaker[Session],
    complaint_id: int,
    new_status: str,
    *,
    changed_by: str,
    note: str | None = None,
) -> TicketInfo:
    """Move a ticket to a new status, recording who did it and when."""
    if new_status not in STATUSES:
        raise HelplineError(f"unknown status '{new_status}' (one of: {', '.join(STATUSES)})")
    now = utcnow()
    with transaction(factory) as session:
        complaint = session.get(Complaint, complaint_id, with_for_update=True)
        if complaint is None:
            raise TicketNotFound(f"no ticket {complaint_id}")
        if new_status not in TRANSITIONS[complaint.status]:
            raise HelplineError(
                f"ticket {complaint_id} cannot go from {complaint.status} to {new_status}"
            )
        before = kpi_keys(session, complaint_id)
        session.add(
            ComplaintStatusChange(
                complaint_id=complaint_id,
                old_status=complaint.status,
                new_status=new_status,
                changed_by=changed_by,
                changed_at=now,
                note=note,
            )
        )
        complaint.status = new_status
        complaint.updated_at = now
        if new_status in ("resolved", "closed") and complaint.resolved_at is None:
            complaint.resolved_at = now
        elif new_status in OPEN_STATUSES:
            complaint.resolved_at = None
        session.add(_audit(changed_by, f"complaint.{new_status}", complaint_id, note=note))
        session.flush()
        shift_kpi_summary(session, before, kpi_keys(session, complaint_id))
        return ticket_info(complaint)


def customer_ticket(session: Session, user_id: int, complaint_id: int) -> TicketInfo:
    """One ticket, only if it belongs to this customer (others' numbers look like unknown ones)."""
    complaint = session.scalars(
        select(Complaint).where(
            Complaint.complaint_id == complaint_id, Complaint.user_id == user_id
        )
    ).first()
    if complaint is None:
        raise TicketNotFound(f"no ticket {complaint_id} for this customer")
    return ticket_info(complaint)


def customer_tickets(
    session: Session, user_id: int, *, open_only: bool = False, limit: int = 5
) -> list[TicketInfo]:
    """The customer's tickets, newest first."""
    query = select(Complaint).where(Complaint.user_id == user_id)
    if open_only:
        query = query.where(Complaint.status.in_(OPEN_STATUSES))
    query = query.order_by(Complaint.created_at.desc(), Complaint.complaint_id.desc()).limit(limit)
    return [ticket_info(c) for c in session.scalars(query)]


def status_history(session: Session, complaint_id: int) -> list[ComplaintStatusChange]:
    return list(
        session.scalars(
            select(ComplaintStatusChange)
            .where(ComplaintStatusChange.complaint_id == complaint_id)
            .order_by(ComplaintStatusChange.changed_at, ComplaintStatusChange.id)
        )
    )


def _rank(priority: str) -> int:
    return {"LOW": 0, "MEDIUM": 1, "HIGH": 2}.get(priority, 1)


def _audit(actor: str, action: str, complaint_id: int, **details: Any) -> AuditLog:
    return AuditLog(
        actor=actor,
        action=action,
        entity="complaint",
        entity_id=str(complaint_id),
        details={k: v for k, v in details.items() if v is not None},
    )
