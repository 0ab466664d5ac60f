"""Writing one outbox entry to the database, exactly once.

The entry's id goes into audit_log (entity "outbox") in the same transaction as its row; an entry
whose id is already there was written before a crash and is only removed from the outbox.
"""

import logging
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import CursorResult, Table, insert, select
from sqlalchemy.orm import Session, sessionmaker

from helpline.store.complaints import file_complaint, link_conversation
from helpline.store.db import transaction
from helpline.store.models import AuditLog, Conversation
from helpline.store.outbox import Entry
from helpline.store.sanitize import clean_text

log = logging.getLogger(__name__)
# The marker is written after the entry was made; this margin absorbs clock steps between
# processes while keeping the look-up on audit_log's time index.
_MARKER_MARGIN = timedelta(hours=1)
_INSERT_TURN = insert(cast(Table, Conversation.__table__))
_SAME_TURN = timedelta(seconds=1)


def _marker(session: Session, entry: Entry) -> dict[str, Any] | None:
    since = datetime.fromisoformat(entry.created_at) - _MARKER_MARGIN
    details = session.scalar(
        select(AuditLog.details).where(
            AuditLog.at >= since, AuditLog.entity == "outbox", AuditLog.entity_id == entry.id
        )
    )
    return None if details is None else dict(details)


def _joined(session: Session) -> sessionmaker[Session]:
    """Sessions on this session's connection and transaction: store functions called with it
    commit nothing of their own, so the row and its marker commit together."""
    return sessionmaker(bind=session.connection(), expire_on_commit=False)


def write_entry(factory: sessionmaker[Session], entry: Entry) -> None:
    """Write a queued turn or complaint unless its marker shows it was written already."""
    with transaction(factory) as session:
        if _marker(session, entry) is not None:
            log.info("outbox entry was written before", extra={"entry": entry.id})
            return
        if entry.kind == "complaint":
            details = _write_complaint(session, entry.payload)
        elif entry.kind == "turn":
            details = _write_turn(session, entry.payload)
        else:
            raise ValueError(f"unknown outbox entry kind {entry.kind!r}")
        session.add(
            AuditLog(
                actor="outbox",
                action=f"outbox.{entry.kind}",
                entity="outbox",
                entity_id=entry.id,
                details=details,
            )
        )


def _write_complaint(session: Session, payload: dict[str, Any]) -> dict[str, Any]:
    ticket, created = file_complaint(_joined(session), **payload)
    # The customer was told the ticket number follows by SMS: this line is what the SMS
    # gateway's feed reads.
    log.warning(
        "queued complaint filed: ticket number to send by SMS",
        extra={"complaint_id": ticket.complaint_id, "new_ticket": created},
    )
    return {"complaint_id": ticket.complaint_id, "created": created, "sms_pending": True}


def _written_before(session: Session, values: dict[str, Any]) -> int | None:
    """The row of a turn whose direct INSERT committed although its reply was lost."""
    if values.get("turn_key") is not None:
        return session.scalar(
            select(Conversation.id).where(Conversation.turn_key == values["turn_key"])
        )
    if not values.get("session_id"):
        return None
    # An entry queued before turns had keys: a row of its session with the same texts within a
    # second is taken for it (two such real turns become one row; keyed entries never do).
    at: datetime = values["timestamp"]
    return session.scalar(
        select(Conversation.id).where(
            Conversation.session_id == values["session_id"],
            # MySQL's DATETIME keeps whole seconds: the same turn is within a second.
            Conversation.timestamp.between(at - _SAME_TURN, at + _SAME_TURN),
            Conversation.user_input == values["user_input"],
            Conversation.bot_response == values["bot_response"],
        )
    )


def _write_turn(session: Session, payload: dict[str, Any]) -> dict[str, Any]:
    values = dict(payload)
    complaint_entry = values.pop("complaint_entry", None)
    values["timestamp"] = datetime.fromisoformat(values["timestamp"])
    for text_field in ("user_input", "bot_response", "customer_name"):
        if values.get(text_field):
            values[text_field] = clean_text(values[text_field])
    earlier = _written_before(session, values)
    if earlier is not None:
        log.info("queued turn was written before", extra={"conversation_id": earlier})
        return {"conversation_id": earlier, "written_before": True}
    result = cast("CursorResult[Any]", session.execute(_INSERT_TURN, values))
    key = result.inserted_primary_key
    assert key is not None  # an INSERT always has one
    conversation_id = int(key[0])
    if complaint_entry is not None:
        filed = _marker(session, Entry(complaint_entry, "complaint", {}, payload["timestamp"]))
        if filed is not None:
            link_conversation(_joined(session), int(filed["complaint_id"]), conversation_id)
    return {"conversation_id": conversation_id}
