"""Hand-offs as staff work them: the queue with transcripts, taking one and closing it.

A hand-off goes queued -> taken -> closed (or straight from queued to closed); each move is
audited with who made it, in the same transaction.
"""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from helpline.store.db import transaction
from helpline.store.handoffs import handoff_rows
from helpline.store.models import Handoff
from helpline.store.staff import audit_row

# status -> the statuses a staff member may move it to
HANDOFF_MOVES: dict[str, tuple[str, ...]] = {
    "queued": ("taken", "closed"),
    "taken": ("closed",),
    "closed": (),
}


@dataclass(frozen=True, slots=True)
class HandoffRecord:
    handoff_id: int
    phone: str | None
    session_id: str | None
    reason: str
    status: str
    created_at: datetime
    transcript: list[dict[str, Any]]


@dataclass(frozen=True, slots=True)
class HandoffMove:
    """The result of a move: the hand-off after it, or why it was refused."""

    record: HandoffRecord | None  # None: no such hand-off
    moved: bool


def _record(row: Handoff) -> HandoffRecord:
    lines = row.transcript if isinstance(row.transcript, list) else []
    return HandoffRecord(
        row.handoff_id,
        row.phone,
        row.session_id,
        row.reason,
        row.status,
        row.created_at,
        [line for line in lines if isinstance(line, dict)],
    )


def handoff_record(session: Session, handoff_id: int) -> HandoffRecord | None:
    row = session.get(Handoff, handoff_id)
    return None if row is None else _record(row)


def page_handoff_records(
    session: Session, *, status: str | None, limit: int, offset: int
) -> tuple[list[HandoffRecord], int]:
    """One page of hand-offs with their transcripts, oldest first (the queue's order)."""
    rows, total = handoff_rows(session, status=status, limit=limit, offset=offset)
    return [_record(r) for r in rows], total


def move_handoff(
    factory: sessionmaker[Session], handoff_id: int, to: str, *, actor: str
) -> HandoffMove:
    """Move a hand-off to `to` when its lifecycle allows it, and audit the move."""
    with transaction(factory) as session:
        row = session.get(Handoff, handoff_id, with_for_update=True)
        if row is None:
            return HandoffMove(None, moved=False)
        if to not in HANDOFF_MOVES.get(row.status, ()):
            return HandoffMove(_record(row), moved=False)
        old = row.status
        row.status = to
        session.add(audit_row(actor, f"handoff.{to}", "handoff", str(handoff_id), old_status=old))
        session.flush()
        return HandoffMove(_record(row), moved=True)
