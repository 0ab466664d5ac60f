"""Problems and tickets: file (or update) a complaint with the known fix; read a ticket back."""

import logging
import uuid
from dataclasses import asdict, replace
from typing import Any

from sqlalchemy.orm import Session

from helpline.engine.actions.base import Context, Outcome, said
from helpline.engine.actions.diagnose import diagnose
from helpline.engine.actions.triage import ProblemKind, Triage
from helpline.engine.facts import FactKey, age_in_words, facts, format_date
from helpline.engine.policy import WHICH_TICKET
from helpline.errors import TicketNotFound
from helpline.language import EntityKind, Intent
from helpline.language.types import Request
from helpline.phone import mask_phone
from helpline.store.complaints import (
    OPEN_STATUSES,
    change_status,
    customer_ticket,
    customer_tickets,
    file_complaint,
)
from helpline.store.models import SLA_HOURS
from helpline.store.outbox import DATABASE_DOWN, QueuedComplaint
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
    """File the problem as a ticket; the same problem within a day updates the open ticket.

    The account is read first: a network or data problem of a customer whose plan has expired
    or whose data is used up is that fact and a recharge offer, not a ticket (said once: the
    same report again is filed)."""
    u = ctx.utterance
    recognised = TRIAGE.recognise(u)
    feedback = _feedback_kind(ctx)
    if feedback is not None:
        return _file(ctx, feedback)
    diagnosis = None if ctx.state.diagnosed else diagnose(ctx, recognised)
    if diagnosis is not None:
        return diagnosis
    # The language layer's triage found a problem under another intent ("staff ne badtameezi
    # ki"): its department says what kind, however unsure the classifier was of the intent.
    triaged = u.department is not None and u.intent not in ISSUE_INTENTS
    # "complaint darj karo" names no problem: ask what it is rather than guess a type.
    unnamed = u.intent is Intent.COMPLAINT_STATUS and u.cues.new_complaint
    unsure = u.confidence < MIN_CONFIDENCE_WITHOUT_PROBLEM_WORDS
    if recognised is None and not triaged and (unsure or unnamed):
        return said(ctx, facts(FactKey.COMPLAINT_UNCLEAR))
    return _file(ctx, recognised or TRIAGE.classify(u))


def _feedback_kind(ctx: Context) -> ProblemKind | None:
    """A suggestion or complaint about the service itself: a Customer Service ticket."""
    u = ctx.utterance
    requests = {u.cues.request, *(p.cues.request for p in u.parts)}
    for request in (Request.SUGGESTION, Request.FEEDBACK):
        if request in requests:
            return TRIAGE.kind(request.value)
    return None


def _file(ctx: Context, kind: ProblemKind) -> Outcome:
    u, customer = ctx.utterance, ctx.customer
    priority = Triage.priority(kind, u)
    complaint = QueuedComplaint(
        user_id=customer.user_id,
        phone=customer.phone,
        complaint_type=kind.complaint_type,
        department=kind.department,
        priority=priority.value,
        description=u.text,
        entities=_entities(ctx),
        circle=customer.circle,
        sentiment=u.sentiment.value,
        # One key per report: if the COMMIT lands but its reply is lost, the copy queued below
        # carries the same key and is not counted again when the outbox writes it.
        report_key=uuid.uuid4().hex,
    )
    try:
        ticket, created = file_complaint(ctx.db, **asdict(complaint))
    except DATABASE_DOWN:
        if ctx.outbox is None:
            raise
        return _queued(ctx, complaint, kind.label, kind.fix)
    log.info(
        "complaint filed",
        extra={
            "session_id": ctx.state.session_id,
            "phone": mask_phone(customer.phone),
            "complaint_id": ticket.complaint_id,
            "complaint_type": kind.complaint_type,
            "new_ticket": created,  # "created" is a LogRecord attribute: logging refuses it
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
    return Outcome(
        (fact,),
        topic="complaint",
        keep_pending=True,
        complaint_id=ticket.complaint_id,
        ticket_type=kind.complaint_type,
    )


def add_detail(ctx: Context) -> Outcome:
    """Since when, where, another symptom: added to the session's open ticket, not a new one."""
    kind = TRIAGE.kind(ctx.state.ticket_type or "")
    if kind is None:
        return complain(ctx)
    outcome = _file(ctx, kind)
    if outcome.complaint_id is None:
        return outcome
    assert outcome.facts
    fields = dict(outcome.facts[0].fields)
    fact = facts(
        FactKey.COMPLAINT_DETAIL, **{k: fields[k] for k in ("ticket", "issue", "due_date")}
    )
    return replace(outcome, facts=(fact,))


def _queued(ctx: Context, complaint: QueuedComplaint, issue: str, fix: str) -> Outcome:
    """The database is down: keep the complaint in the outbox and say honestly that the ticket
    number follows by SMS, since none exists yet."""
    assert ctx.outbox is not None
    log.exception("complaint not filed: database down, kept in the outbox")
    entry = ctx.outbox.put_complaint(complaint)
    fact = facts(
        FactKey.COMPLAINT_QUEUED, issue=issue, fix=fix, eta=resolution_time(complaint.priority)
    )
    return Outcome((fact,), topic="complaint", keep_pending=True, queued_complaint=entry)


def _ticket_fields(ctx: Context, ticket: TicketInfo) -> dict[str, str]:
    return {
        "ticket": str(ticket.complaint_id),
        "issue": TRIAGE.label(ticket.complaint_type),
        "status": ticket.status,
        "age": age_in_words(ticket.created_at, ctx.now),
        "due_date": format_date(ticket.due_at) if ticket.due_at else "",
        "eta": resolution_time(ticket.priority),
    }


def _number_named(ctx: Context) -> int | None:
    """The ticket number the line names, if any."""
    number = ctx.utterance.cues.ticket
    if number is None and (entity := ctx.utterance.first(EntityKind.TICKET)) is not None:
        number = int(entity.value)
    return number


def _own_ticket(ctx: Context, session: Session, number: int) -> TicketInfo | None:
    """The caller's ticket of that number; None for another customer's, as for no ticket."""
    try:
        return customer_ticket(session, ctx.customer.user_id, number)
    except (TicketNotFound, ValueError):
        return None


def _not_found(ctx: Context, number: int) -> Outcome:
    return said(ctx, facts(FactKey.TICKET_NOT_FOUND, ticket=str(number)), topic="ticket")


def ticket_status(ctx: Context) -> Outcome:
    """Only the caller's own tickets: another customer's number reads as an unknown one. With
    no number, "kab tak theek hoga" or "refund kab milega" is about this session's ticket."""
    number = _number_named(ctx)
    own = number is None and ctx.state.ticket is not None
    if own:
        number = ctx.state.ticket
    session: Session
    with ctx.db() as session:
        if number is not None:
            ticket = _own_ticket(ctx, session, number)
            if ticket is None:
                return _not_found(ctx, number)
            key = FactKey.TICKET_ETA if own else FactKey.TICKET_STATUS
            if ticket.status not in OPEN_STATUSES:  # no due date to promise any more
                key = FactKey.TICKET_ALREADY_CLOSED
            read = said(ctx, facts(key, **_ticket_fields(ctx, ticket)), topic="ticket")
            return replace(read, ticket_read=ticket.complaint_id, ticket_type=ticket.complaint_type)
        tickets = customer_tickets(session, ctx.customer.user_id, limit=MAX_LISTED_TICKETS)
    if not tickets:
        return said(ctx, facts(FactKey.NO_TICKETS), topic="ticket")
    if len(tickets) == 1:
        return said(
            ctx, facts(FactKey.TICKET_STATUS, **_ticket_fields(ctx, tickets[0])), topic="ticket"
        )
    items = [_ticket_fields(ctx, t) for t in tickets]
    return said(ctx, facts(FactKey.TICKET_LIST, items, count=len(items)), topic="ticket")


def close_ticket(ctx: Context) -> Outcome:
    """The customer says the problem is gone, or asks to close a complaint: the ticket named, or
    this session's, is marked resolved by the customer (a resolved ticket can still be reopened
    by the desk). With neither, the only open ticket is resolved on an explicit request; any
    other case reads the open tickets back and asks which one."""
    cues = ctx.utterance.cues
    named = _number_named(ctx)
    if named is None:
        named = ctx.decision.ticket  # a bare number answering "which one?"
    number = named if named is not None else ctx.state.ticket
    session: Session
    with ctx.db() as session:
        if number is not None:
            ticket = _own_ticket(ctx, session, number)
            if ticket is None:
                return _not_found(ctx, number)
            tickets = [ticket]
        else:
            tickets = customer_tickets(session, ctx.customer.user_id, open_only=True)
    if not tickets:
        return said(ctx, facts(FactKey.NO_OPEN_TICKETS), topic="ticket")
    if number is None and (len(tickets) > 1 or not (cues.closes_ticket or cues.closes_it)):
        items = [_ticket_fields(ctx, t) for t in tickets[:MAX_LISTED_TICKETS]]
        return said(ctx, facts(FactKey.TICKET_CLOSE_WHICH, items), topic=WHICH_TICKET)
    ticket = tickets[0]
    if ticket.status not in OPEN_STATUSES:
        return said(ctx, facts(FactKey.TICKET_ALREADY_CLOSED, **_ticket_fields(ctx, ticket)))
    resolved = change_status(
        ctx.db,
        ticket.complaint_id,
        "resolved",
        changed_by="customer",
        note="the customer said the problem is fixed",
    )
    fields = _ticket_fields(ctx, resolved)
    fact = facts(FactKey.TICKET_RESOLVED, **{k: fields[k] for k in ("ticket", "issue")})
    return said(ctx, fact, topic="ticket")
