"""The retention job: conversations kept only as long as needed, then stripped of personal text.

An operator keeps what was said only for a while (DPDP Act); after HELPLINE_RETENTION_DAYS the
text, number and name go, while intent, sentiment, channel, time and session id stay for the KPIs.
"""

import logging
import re
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from helpline.store.db import transaction
from helpline.store.models import AuditLog, Conversation, Handoff

log = logging.getLogger(__name__)

ERASED = "[erased]"  # what replaces a text that quoted a person
RETENTION_ACTION = "anonymise_conversations"
BATCH = 500  # rows per statement: bounded IN lists, short locks on big tables
# A handoff reason is normally a code ("customer_asked", "upset"); anything else may quote the
# customer and is erased with the rest.
_REASON_CODE = re.compile(r"^[a-z_]{1,40}$")


def erased_transcript(transcript: Any) -> list[dict[str, Any]]:
    """A handoff transcript with its lines' times and nothing anyone said."""
    entries = transcript if isinstance(transcript, list) else []
    return [
        {"at": e.get("at") if isinstance(e, dict) else None, "customer": ERASED, "agent": ERASED}
        for e in entries
    ]


def erased_reason(reason: str | None) -> str:
    """A handoff reason kept when it is a code, erased when it may quote the customer."""
    return reason if reason and _REASON_CODE.match(reason) else ERASED


def anonymise_conversations_before(
    factory: sessionmaker[Session], cutoff: datetime, *, actor: str
) -> int:
    """The retention job: conversations and handoffs older than cutoff lose their personal text.

    Intent, sentiment, channel, time and session id stay, so the KPIs read the same. Runs in
    batches, each its own short transaction; a run cut short is finished by the next one, and a
    second run changes nothing. Returns the rows anonymised (conversations and handoffs); every
    run leaves one audit row, even when there was nothing left to do.
    """
    conversations = _retire_conversations(factory, cutoff)
    handoffs = _retire_handoffs(factory, cutoff)
    with transaction(factory) as session:
        session.add(
            AuditLog(
                actor=actor,
                action=RETENTION_ACTION,
                entity="conversation",
                entity_id=None,
                details={
                    "cutoff": cutoff.isoformat(timespec="seconds"),
                    "conversations": conversations,
                    "handoffs": handoffs,
                },
            )
        )
    log.info(
        "old conversations anonymised",
        extra={"cutoff": cutoff.isoformat(), "conversations": conversations, "handoffs": handoffs},
    )
    return conversations + handoffs


def _retire_conversations(factory: sessionmaker[Session], cutoff: datetime) -> int:
    personal = or_(
        Conversation.user_input != ERASED,
        Conversation.bot_response != ERASED,
        Conversation.customer_name.is_not(None),
        Conversation.phone != "",
    )
    done, after = 0, 0
    while True:
        with transaction(factory) as session:
            # Walked by id (keyset), so rows already anonymised are never read twice.
            ids = list(
                session.scalars(
                    select(Conversation.id)
                    .where(Conversation.id > after, Conversation.timestamp < cutoff, personal)
                    .order_by(Conversation.id)
                    .limit(BATCH)
                )
            )
            if not ids:
                return done
            session.execute(
                update(Conversation)
                .where(Conversation.id.in_(ids))
                .values(user_input=ERASED, bot_response=ERASED, customer_name=None, phone="")
            )
        done, after = done + len(ids), ids[-1]


def _retire_handoffs(factory: sessionmaker[Session], cutoff: datetime) -> int:
    # Handoffs are few beside conversations: each is read and compared, not updated blindly.
    done, after = 0, 0
    while True:
        with transaction(factory) as session:
            rows = list(
                session.scalars(
                    select(Handoff)
                    .where(Handoff.handoff_id > after, Handoff.created_at < cutoff)
                    .order_by(Handoff.handoff_id)
                    .limit(BATCH)
                )
            )
            if not rows:
                return done
            for row in rows:
                done += _retire_handoff(row)
        after = rows[-1].handoff_id


def _retire_handoff(row: Handoff) -> int:
    transcript = erased_transcript(row.transcript)
    reason = erased_reason(row.reason)
    if (transcript, reason, row.phone) == (row.transcript, row.reason, None):
        return 0
    row.transcript, row.reason, row.phone = transcript, reason, None
    return 1
