"""Erasure of a customer's personal data (DPDP Act), and the retention job for old conversations.

What is erased is the text that identifies or quotes a person: names, numbers, what they said and
what was said to them. What is kept is what the operator's figures and books need: ids, dates,
amounts, departments, types, priorities, statuses, circles, sentiments, intents, channels and
session ids, so every KPI and aggregate reads the same before and after.
"""

import json
import logging
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any, cast

from sqlalchemy import CursorResult, String, delete, or_, select, update
from sqlalchemy import cast as sql_cast
from sqlalchemy.orm import Session, sessionmaker

from helpline.errors import CustomerNotFound
from helpline.phone import mask_phone, normalize_phone
from helpline.store.clock import utcnow
from helpline.store.db import transaction
from helpline.store.models import (
    AuditLog,
    Complaint,
    ComplaintStatusChange,
    Conversation,
    Handoff,
    RateCounter,
    Transaction,
    User,
)
from helpline.store.outbox import HeldEntries, Outbox
from helpline.store.outbox_erasure import QueuedPerson, erase_queued
from helpline.store.retention import (
    BATCH,
    ERASED,
    anonymise_conversations_before,
    erased_reason,
    erased_transcript,
)

log = logging.getLogger(__name__)

__all__ = [
    "ERASED",
    "ErasureReport",
    "anonymise_conversations_before",
    "erase_customer",
    "erased_phone",
    "phone_pattern",
]

ERASED_NAME = "Erased customer"
ERASE_ACTION = "erase_personal_data"


@dataclass(frozen=True, slots=True)
class ErasureReport:
    """What erase_customer did: the customer's id, rows anonymised per table, and when."""

    user_id: int
    counts: MappingProxyType[str, int]
    at: datetime

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def erased_phone(user_id: int) -> str:
    """The number an erased customer's rows carry instead of theirs: unique, never a phone.

    Letters make it fail normalize_phone, so no lookup by a real number can ever match it; it
    stays unique per customer so that counts of distinct complainers do not change.
    """
    placeholder = f"erased-{user_id}"
    return placeholder if len(placeholder) <= 15 else f"e-{user_id:x}"  # String(15)


def phone_pattern(number: str) -> re.Pattern[str]:
    """The 10-digit number as people write it: 9876543210, 98765 43210, +91-98765-43210, 0..."""
    digits = r"[\s.-]?".join(re.escape(d) for d in number)
    return re.compile(rf"(?<!\d)(?:\+?91[\s-]?|0)?{digits}(?!\d)")


@dataclass(frozen=True, slots=True)
class _Target:
    user_id: int
    number: str
    name: str
    placeholder: str

    def quoted_in(self, text: str) -> bool:
        return bool(phone_pattern(self.number).search(text)) or (
            bool(self.name) and self.name.casefold() in text.casefold()
        )


def erase_customer(
    factory: sessionmaker[Session], phone: str, *, actor: str, outbox: Outbox | None = None
) -> ErasureReport:
    """Anonymise every row of the customer with this number, in one transaction; audit-logged.

    Raises InvalidPhone for a malformed number and CustomerNotFound when no customer has it,
    which is also what a second erasure of the same number gets: the number is gone. Live
    sessions and caches are not in the database: forget them (SessionStore.forget_phone, the
    summary cache's clear) before calling this, so that no turn writes the number again. The
    customer's entries in the local `outbox` are anonymised too; it is held from before the
    first row is read until the transaction commits, so no drain writes one in between.
    """
    number = normalize_phone(phone)
    at = utcnow()
    held: AbstractContextManager[HeldEntries | None] = (
        nullcontext() if outbox is None else outbox.held()
    )
    with held as queued, transaction(factory) as session:
        user = session.scalars(select(User).where(User.phone == number).with_for_update()).first()
        if user is None:
            raise CustomerNotFound(f"no customer with phone {mask_phone(number)}")
        target = _Target(user.user_id, number, user.name, erased_phone(user.user_id))
        typed = _typed_turns(session, number)
        sessions = _session_ids(session, number, typed)
        complaints = _complaint_ids(session, target)
        counts = {
            "conversations": _erase_conversations(session, target, sessions, typed),
            "complaints": _erase_complaints(session, target, complaints),
            "complaint_status_history": _erase_notes(session, complaints),
            "handoffs": _erase_handoffs(session, target, sessions),
            "transactions": _erase_transactions(session, target),
            "audit_log": _erase_audit(session, target),
            "rate_counters": _drop_counters(session, number),
            "users": _erase_user(user, target),
        }
        if queued is not None:
            person = QueuedPerson(target.user_id, number, phone_pattern(number), target.placeholder)
            counts["outbox"] = erase_queued(queued, person, sessions)
        session.add(
            AuditLog(
                at=at,
                actor=actor,
                action=ERASE_ACTION,
                entity="user",
                entity_id=str(target.user_id),
                details={"counts": counts},
            )
        )
    log.info("customer erased", extra={"user_id": target.user_id, "counts": counts})
    return ErasureReport(target.user_id, MappingProxyType(counts), at)


def _chunks(items: Sequence[Any], size: int = BATCH) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _session_ids(session: Session, number: str, typed: list[tuple[str | None, int]]) -> list[str]:
    """Sessions in which the customer was verified, or gave their number without being verified
    (a wrong code, a call cut short): the turns before verification quote the number."""
    query = select(Conversation.session_id).where(
        Conversation.phone == number, Conversation.session_id.is_not(None)
    )
    found = {sid for sid in session.scalars(query.distinct()) if sid}
    return sorted(found | {sid for sid, _ in typed if sid})


def _typed_turns(session: Session, number: str) -> list[tuple[str | None, int]]:
    """Unverified turns (stored without a number) whose line gives this number, however spaced.

    Only those turns are read (a range of idx_phone), and of them only lines with the number's
    last two digits, which every way of writing it keeps together.
    """
    pattern = phone_pattern(number)
    query = select(Conversation.session_id, Conversation.id, Conversation.user_input).where(
        Conversation.phone == "", Conversation.user_input.contains(number[-2:])
    )
    return [(sid, id_) for sid, id_, line in session.execute(query) if pattern.search(line)]


def _ids_where(session: Session, column: Any, conditions: Iterable[Any]) -> list[int]:
    found: set[int] = set()
    for condition in conditions:
        found.update(session.scalars(select(column).where(condition)))
    return sorted(found)


def _rowcount(result: Any) -> int:
    return int(cast("CursorResult[Any]", result).rowcount)


def _erase_conversations(
    session: Session, target: _Target, sessions: list[str], typed: list[tuple[str | None, int]]
) -> int:
    conditions = [Conversation.phone == target.number] + [
        Conversation.session_id.in_(chunk) for chunk in _chunks(sessions)
    ]
    ids = sorted({id_ for _, id_ in typed}.union(_ids_where(session, Conversation.id, conditions)))
    for chunk in _chunks(ids):
        # Turns before verification carry "" as their number; they stay without one.
        session.execute(
            update(Conversation)
            .where(Conversation.id.in_(chunk), Conversation.phone != "")
            .values(phone=target.placeholder)
        )
        session.execute(
            update(Conversation)
            .where(Conversation.id.in_(chunk))
            .values(user_input=ERASED, bot_response=ERASED, customer_name=None)
        )
    return len(ids)


def _complaint_ids(session: Session, target: _Target) -> list[int]:
    conditions = [Complaint.user_id == target.user_id, Complaint.phone == target.number]
    return _ids_where(session, Complaint.complaint_id, conditions)


def _erase_complaints(session: Session, target: _Target, ids: list[int]) -> int:
    # Department, type, priority, status, circle, sentiment, dates and report_count stay: the
    # KPIs and the summary tables count them. The placeholder keeps complainers distinct.
    # updated_at stays too: erasure is not a change of the ticket.
    for chunk in _chunks(ids):
        session.execute(
            update(Complaint)
            .where(Complaint.complaint_id.in_(chunk))
            .values(description=ERASED, entities=[], phone=target.placeholder)
        )
    return len(ids)


def _erase_notes(session: Session, complaint_ids: list[int]) -> int:
    changed = 0
    for chunk in _chunks(complaint_ids):
        changed += _rowcount(
            session.execute(
                update(ComplaintStatusChange)
                .where(
                    ComplaintStatusChange.complaint_id.in_(chunk),
                    ComplaintStatusChange.note.is_not(None),
                )
                .values(note=ERASED)
            )
        )
    return changed


def _erase_handoffs(session: Session, target: _Target, sessions: list[str]) -> int:
    conditions = [Handoff.user_id == target.user_id, Handoff.phone == target.number] + [
        Handoff.session_id.in_(chunk) for chunk in _chunks(sessions)
    ]
    ids = _ids_where(session, Handoff.handoff_id, conditions)
    for chunk in _chunks(ids):
        for row in session.scalars(select(Handoff).where(Handoff.handoff_id.in_(chunk))):
            row.transcript = erased_transcript(row.transcript)
            row.phone = target.placeholder
            row.reason = erased_reason(row.reason)
    return len(ids)


def _erase_transactions(session: Session, target: _Target) -> int:
    # Amounts, dates, plans and references are the operator's books and stay; a description
    # that quotes the customer does not.
    quoting = [Transaction.description.contains(target.number, autoescape=True)]
    if target.name:
        quoting.append(Transaction.description.contains(target.name, autoescape=True))
    query = update(Transaction).where(Transaction.user_id == target.user_id, or_(*quoting))
    return _rowcount(session.execute(query.values(description=ERASED)))


def _scrub(value: Any, target: _Target) -> Any:
    """The value with every string that quotes the customer replaced."""
    if isinstance(value, str):
        return ERASED if target.quoted_in(value) else value
    if isinstance(value, list):
        return [_scrub(v, target) for v in value]
    if isinstance(value, dict):
        return {k: _scrub(v, target) for k, v in value.items()}
    return value


def _erase_audit(session: Session, target: _Target) -> int:
    details = sql_cast(AuditLog.details, String)
    # SQLite keeps JSON as ASCII, a name with other letters as \u escapes: look for both.
    needles = {target.number, target.name, json.dumps(target.name)[1:-1]} - {""}
    quoting = [details.contains(n, autoescape=True) for n in needles]
    quoting.append(AuditLog.actor.contains(target.number, autoescape=True))
    changed = 0
    for row in session.scalars(select(AuditLog).where(or_(*quoting))):
        scrubbed = _scrub(row.details, target)
        actor = ERASED if target.quoted_in(row.actor) else row.actor
        if scrubbed != row.details or actor != row.actor:
            row.details, row.actor = scrubbed, actor
            changed += 1
    return changed


def _drop_counters(session: Session, number: str) -> int:
    # Keys name the number they count ("otp-fail:9876543210"); they only ever guard it.
    query = delete(RateCounter).where(RateCounter.key.endswith(f":{number}", autoescape=True))
    return _rowcount(session.execute(query))


def _erase_user(user: User, target: _Target) -> int:
    # Gender only chose "sir" or "madam": personal, and of no use once the person is gone.
    # The circle stays: it is an area of the operator's network, as on the complaints, and the
    # plan and balances are the account's books.
    user.name = ERASED_NAME
    user.phone = target.placeholder
    user.gender = None
    user.status = "erased"
    return 1
