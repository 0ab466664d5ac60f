"""The hand-off queue for staff: each conversation with its transcript, taking one, closing it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpline.app.convert import utc
from helpline.app.desk_models import HandoffDetail, HandoffLine, HandoffQueue
from helpline.app.errors import HandoffNotFound, InvalidInput, InvalidTransition

if TYPE_CHECKING:
    from helpline.app.core import Context
    from helpline.store.handoff_actions import HandoffRecord

MAX_PAGE = 500
STATUSES = ("queued", "taken", "closed")


def detail(record: HandoffRecord) -> HandoffDetail:
    from helpline.store.handoff_actions import HANDOFF_MOVES

    return HandoffDetail(
        handoff_id=record.handoff_id,
        phone=record.phone,
        session_id=record.session_id,
        reason=record.reason,
        status=record.status,
        created_at=utc(record.created_at),
        transcript=[
            HandoffLine(**{k: str(v) for k, v in line.items() if k in HandoffLine.model_fields})
            for line in record.transcript
        ],
        next_statuses=list(HANDOFF_MOVES.get(record.status, ())),
    )


class Handoffs:
    def __init__(self, context: Context) -> None:
        self._context = context

    def queue(
        self, *, status: str | None = "queued", limit: int = 50, offset: int = 0
    ) -> HandoffQueue:
        """Hand-offs with their transcripts, oldest first (the order to take them in)."""
        from helpline.store.handoff_actions import page_handoff_records

        if status is not None and status not in STATUSES:
            known = ", ".join(STATUSES)
            raise InvalidInput(f"unknown hand-off status '{status}' (one of: {known})")
        if not 1 <= limit <= MAX_PAGE or offset < 0:
            raise InvalidInput(f"limit must be 1 to {MAX_PAGE} and offset 0 or more")
        database = self._context.ready_database()
        with database.sessions() as session:
            items, total = page_handoff_records(session, status=status, limit=limit, offset=offset)
        return HandoffQueue(
            items=[detail(r) for r in items], total=total, limit=limit, offset=offset
        )

    def get(self, handoff_id: int) -> HandoffDetail:
        from helpline.store.handoff_actions import handoff_record

        database = self._context.ready_database()
        with database.sessions() as session:
            record = handoff_record(session, handoff_id)
        if record is None:
            raise HandoffNotFound(f"no hand-off {handoff_id}")
        return detail(record)

    def take(self, handoff_id: int, *, actor: str) -> HandoffDetail:
        """A staff member takes the conversation from the queue."""
        return self._move(handoff_id, "taken", actor)

    def close(self, handoff_id: int, *, actor: str) -> HandoffDetail:
        """The conversation was dealt with."""
        return self._move(handoff_id, "closed", actor)

    def _move(self, handoff_id: int, to: str, actor: str) -> HandoffDetail:
        from helpline.store.handoff_actions import move_handoff

        database = self._context.ready_database()
        result = move_handoff(database.sessions, handoff_id, to, actor=actor)
        if result.record is None:
            raise HandoffNotFound(f"no hand-off {handoff_id}")
        if not result.moved:
            raise InvalidTransition(
                f"hand-off {handoff_id} is {result.record.status}: it cannot become {to}"
            )
        return detail(result.record)
