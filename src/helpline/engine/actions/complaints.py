"""Problems and tickets: file (or update) a complaint with the known fix; read a ticket back."""

import logging
from typing import Any

from sqlalchemy.orm import Session

from helpline.engine.actions.base import Context, Outcome, said
from helpline.engine.actions.triage import Triage
from helpline.engine.facts import FactKey, age_in_words, facts, format_date
from helpline.errors import TicketNotFound
from helpline.language import EntityKind, Intent
from helpline.phone import mask_phone
from helpline.store.complaints import customer_ticket, customer_tickets, file_complaint
from helpline.store.models import SLA_HOURS
from helpline.store.values import TicketInfo

log = logging.getLogger(__name__)
MAX_LISTED_TICKETS = 3
# A line the classifier only half believes is a problem report and that names no known problem
# ("bakwas service hai, bekaar") is venting: a ticket would say nothing an engineer could act on.
MIN_CONFIDENCE_WITHOUT_PROBLEM_WORDS = 0.8
TRIAGE = Triage()
ISSUE_INTENTS = frozenset({Intent.NETWORK_ISSUE, Intent.BILLING_ISSUE, Intent.SIM_ISSUE})


def resolution_time(priority: str) -> str:
    """The promised resolution time, as a customer hears it: '24 ghante', '3 din', '7 din'."""
    hours = SLA_HOURS.get(priority, SLA_HOURS["MEDIUM"])
    return f"{hours} ghante" if hours <= 24 else f"{hours // 24} din"


def _entities(ctx: Context) -> list[dict[str, Any]]:
    text = ctx.utterance.text
    return [
        {"kind": e.kind.value, "value": e.value, "text": text[e.start : e.end]}
        for e in ctx.utterance.entities
    ]


def complain(ctx: Context) -> Outcome:
    """File the problem as a ticket; the same problem within a day updates the open ticket."""
    u, customer = ctx.utterance, ctx.customer
    recognised = TRIAGE.recognise(u)
    # The language layer's triage found a problem under another intent ("staff ne badtameezi
    # ki"): its department says what kind, however unsure the classifier was of the intent.
    triaged = u.department is not None and u.intent not in ISSUE_INTENTS
    if recognised is None and not triaged and u.confidence < MIN_CONFIDENCE_WITHOUT_PROBLEM_WORDS:
        return said(ctx, facts(FactKey.COMPLAINT_UNCLEAR))
    kind = recognised or TRIAGE.classify(u)
    priority = Triage.priority(kind, u)
    ticket, created = file_complaint(
        ctx.db,
        user_id=customer.user_id,
        phone=customer.phone,
        complaint_type=kind.complaint_type,
        department=kind.department,
        priority=priority.value,
        description=u.text,
        entities=_entities(ctx),
        circle=customer.circle,
        sentiment=u.sentiment.value,
    )
    log.info(
        "complaint filed",
        extra={
            "session_id": ctx.state.session_id,
            "phone": mask_phone(customer.phone),
            "complaint_id": ticket.complaint_id,
            "complaint_type": kind.complaint_type,
            "new_ticket": created,
        },
    )
    common = {
        "issue": kind.label,
        "ticket": str(ticket.complaint_id),
        "eta": resolution_time(ticket.priority),
        "due_date": format_date(ticket.due_at) if ticket.due_at else "",
    }
    if created:
        fact = facts(FactKey.COMPLAINT_CREATED, fix=kind.fix, **common)
    else:
        fact = facts(FactKey.COMPLAINT_UPDATED, **common)
    return Outcome((fact,), topic="complaint", keep_pending=True, complaint_id=ticket.complaint_id)


def _ticket_fields(ctx: Context, ticket: TicketInfo) -> dict[str, str]:
    return {
        "ticket": str(ticket.complaint_id),
        "issue": TRIAGE.label(ticket.complaint_type),
        "status": ticket.status,
        "age": age_in_words(ticket.created_at, ctx.now),
        "due_date": format_date(ticket.due_at) if ticket.due_at else "",
    }


def ticket_status(ctx: Context) -> Outcome:
    """Only the caller's own tickets: another customer's number reads as an unknown one."""
    entity = ctx.utterance.first(EntityKind.TICKET)
    session: Session
    with ctx.db() as session:
        if entity is not None:
            try:
                ticket = customer_ticket(session, ctx.customer.user_id, int(entity.value))
            except (TicketNotFound, ValueError):
                return said(
                    ctx, facts(FactKey.TICKET_NOT_FOUND, ticket=str(entity.value)), topic="ticket"
                )
            return said(
                ctx, facts(FactKey.TICKET_STATUS, **_ticket_fields(ctx, ticket)), topic="ticket"
            )
        tickets = customer_tickets(session, ctx.customer.user_id, limit=MAX_LISTED_TICKETS)
    if not tickets:
        return said(ctx, facts(FactKey.NO_TICKETS), topic="ticket")
    if len(tickets) == 1:
        return said(
            ctx, facts(FactKey.TICKET_STATUS, **_ticket_fields(ctx, tickets[0])), topic="ticket"
        )
    items = [_ticket_fields(ctx, t) for t in tickets]
    return said(ctx, facts(FactKey.TICKET_LIST, items, count=len(items)), topic="ticket")
