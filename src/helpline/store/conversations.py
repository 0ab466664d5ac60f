"""Conversation turns and hand-offs to the human queue."""

from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, insert, select
from sqlalchemy.orm import Session, sessionmaker

from helpline.store.clock import utcnow
from helpline.store.db import transaction
from helpline.store.models import AuditLog, Conversation, Handoff
from helpline.store.sanitize import clean_json, clean_text


def record_turn(
    factory: sessionmaker[Session],
    *,
    phone: str,
    customer_name: str | None,
    user_input: str,
    bot_response: str,
    sentiment: str | None,
    intent: str | None,
    session_id: str | None,
    channel: str = "text",
) -> int:
    """Store one exchange; returns its conversations.id."""
    with transaction(factory) as session:
        row = Conversation(
            phone=phone,
            customer_name=clean_text(customer_name) if customer_name else customer_name,
            user_input=clean_text(user_input),
            bot_response=clean_text(bot_response),
            timestamp=utcnow(),
            sentiment=sentiment,
            intent=intent,
            session_id=session_id,
            channel=channel,
        )
        session.add(row)
        session.flush()
        return row.id


def create_handoff(
    factory: sessionmaker[Session],
    *,
    user_id: int | None,
    phone: str | None,
    session_id: str | None,
    reason: str,
    transcript: list[dict[str, Any]],
) -> int:
    """Queue the conversation for a human agent; returns the hand-off id."""
    with transaction(factory) as session:
        row = Handoff(
            user_id=user_id,
            phone=phone,
            session_id=session_id,
            reason=reason,
            transcript=clean_json(transcript),
            status="queued",
            created_at=utcnow(),
        )
        session.add(row)
        session.flush()
        session.add(
            AuditLog(
                actor="agent",
                action="handoff",
                entity="handoff",
                entity_id=str(row.handoff_id),
                details={"reason": reason},
            )
        )
        return row.handoff_id


def session_turns(session: Session, session_id: str) -> list[Conversation]:
    return list(
        session.scalars(
            select(Conversation)
            .where(Conversation.session_id == session_id)
            .order_by(Conversation.id)
        )
    )


def session_phones(session: Session, session_id: str) -> set[str]:
    """The numbers verified in a session (a turn is stored with its phone only once verified)."""
    found = session.scalars(
        select(Conversation.phone)
        .where(Conversation.session_id == session_id, Conversation.phone != "")
        .distinct()
    )
    return set(found)


_INSERT_TURN = insert(cast(Table, Conversation.__table__))


def turn_row(
    *,
    phone: str,
    customer_name: str | None,
    user_input: str,
    bot_response: str,
    sentiment: str | None,
    intent: str | None,
    session_id: str | None,
    channel: str = "text",
    timestamp: datetime | None = None,
    turn_key: str | None = None,
) -> dict[str, Any]:
    """The values of the conversations row record_turn writes, cleaned for storing."""
    return {
        "phone": phone,
        "customer_name": clean_text(customer_name) if customer_name else customer_name,
        "user_input": clean_text(user_input),
        "bot_response": clean_text(bot_response),
        "timestamp": timestamp or utcnow(),
        "sentiment": sentiment,
        "intent": intent,
        "session_id": session_id,
        "channel": channel,
        "turn_key": turn_key,
    }


def insert_turn(session: Session, row: dict[str, Any]) -> int:
    """INSERT one turn_row() in the session's transaction; returns its conversations.id."""
    # On the connection, past the ORM's execution layer: a plain INSERT needs none of it.
    result = session.connection().execute(_INSERT_TURN, row)
    key = result.inserted_primary_key
    assert key is not None  # an INSERT always has one
    return int(key[0])


def add_turn(factory: sessionmaker[Session], **fields: Any) -> int:
    """The row record_turn writes (turn_row's fields), as one plain INSERT in its own
    transaction; returns its conversations.id.

    The engine stores every turn while the customer waits: this costs about half the ORM path.
    `turn_key` is the turn's own key, the one its copy in the outbox carries.
    """
    row = turn_row(**fields)
    with transaction(factory) as session:
        return insert_turn(session, row)


INTERRUPTED = "reply.interrupted"


def note_interrupted(
    factory: sessionmaker[Session], session_id: str, *, played_ms: float, reply_ms: float
) -> int | None:
    """Note that the caller cut the session's latest reply short (an audit-log entry on its
    turn, which stays as it was stored); returns that turn's conversations.id, or None when the
    session has no stored turn yet."""
    with transaction(factory) as session:
        turn_id = session.scalar(
            select(Conversation.id)
            .where(Conversation.session_id == session_id)
            .order_by(Conversation.id.desc())
            .limit(1)
        )
        if turn_id is None:
            return None
        session.add(
            AuditLog(
                actor="caller",
                action=INTERRUPTED,
                entity="conversation",
                entity_id=str(turn_id),
                details={"played_ms": round(played_ms), "reply_ms": round(reply_ms)},
            )
        )
        return int(turn_id)


def interrupted_turns(session: Session, session_id: str) -> list[int]:
    """conversations.id of the session's turns whose reply the caller cut short, oldest first."""
    ids = [
        str(i)
        for i in session.scalars(
            select(Conversation.id).where(Conversation.session_id == session_id)
        )
    ]
    if not ids:
        return []
    rows = session.scalars(
        select(AuditLog.entity_id).where(
            AuditLog.action == INTERRUPTED,
            AuditLog.entity == "conversation",
            AuditLog.entity_id.in_(ids),
        )
    )
    return sorted(int(r) for r in rows if r is not None)
