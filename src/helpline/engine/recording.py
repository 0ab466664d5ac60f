"""Recording turns: straight into conversations, or into the outbox while the database is down."""

import logging
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from helpline.store.conversations import turn_row
from helpline.store.outbox import DATABASE_DOWN, Outbox, QueuedTurn
from helpline.store.outbox_writes import write_entry
from helpline.store.turn_batch import TurnBatcher

log = logging.getLogger(__name__)


class TurnRecorder:
    """Stores each turn once; without an outbox a turn the database refuses is logged and lost."""

    def __init__(self, db: sessionmaker[Session], outbox: Outbox | None) -> None:
        self._db = db
        self.outbox = outbox
        self._batcher = TurnBatcher(db)  # turns stored at once share one commit

    def drain(self) -> int:
        """Write what the outbox holds if the database is back; never fails the caller."""
        if self.outbox is None:
            return 0
        try:
            return self.outbox.drain(self._db, write_entry)
        except Exception:  # a turn must be answered whatever the outbox file does
            log.exception("outbox drain failed")
            return 0

    def record(self, turn: QueuedTurn, complaint_id: int | None) -> None:
        """Store the turn (linked to the ticket it filed); a queued complaint's turn, one the
        database cannot take now, or one behind entries still waiting goes to the outbox (on
        disk before the reply is sent), so turns reach the database in the order they happened."""
        behind = self.outbox is not None and self.outbox.holds_entries
        if turn.complaint_entry is None and not behind:
            try:
                self._insert(turn, complaint_id)
                return
            except DATABASE_DOWN:
                if self.outbox is None:
                    log.exception("turn not recorded", extra={"session_id": turn.session_id})
                    return
            except SQLAlchemyError:
                log.exception("turn not recorded", extra={"session_id": turn.session_id})
                return
        if self.outbox is not None:
            self.outbox.put_turn(turn)

    def _insert(self, turn: QueuedTurn, complaint_id: int | None) -> None:
        row = turn_row(
            phone=turn.phone,
            customer_name=turn.customer_name,
            user_input=turn.user_input,
            bot_response=turn.bot_response,
            sentiment=turn.sentiment,
            intent=turn.intent,
            session_id=turn.session_id,
            channel=turn.channel,
            # The queued copy carries the same time and key: a drain finds the row by its key.
            timestamp=datetime.fromisoformat(turn.timestamp),
            turn_key=turn.turn_key,
        )
        self._batcher.add(row, complaint_id=complaint_id)
