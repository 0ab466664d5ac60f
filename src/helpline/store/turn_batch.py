"""Turn records written in group commits: one write transaction for the turns that arrive together.

Every turn is stored before its reply is sent, and on SQLite every store takes the file's one
write lock. Under load the worker threads of a process queued for that lock one transaction at a
time, sleeping in SQLite's busy handler between tries, so a turn waited longer for the lock than
it took to write. Here the first thread to arrive writes its own row at once, as before; rows
that arrive while it writes wait, and the next of them to wake writes them all in one
transaction. Each caller still returns only once its own row is committed (or with the error
that stopped it), so "stored before the reply" holds unchanged.
"""

import logging
import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy.exc import DataError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from helpline.store.complaints import link_turn
from helpline.store.conversations import insert_turn
from helpline.store.db import transaction

log = logging.getLogger(__name__)
# Rows in one transaction at most: bounds how long one commit holds the write lock.
MAX_BATCH = 64


@dataclass(eq=False, slots=True)
class _Queued:
    row: dict[str, Any]
    complaint_id: int | None = None  # the ticket this turn filed, linked to it in the same commit
    done: bool = False
    conversation_id: int = 0
    error: BaseException | None = None


class TurnBatcher:
    """Stores turn_row() dicts, each caller waiting for its own row's commit (thread-safe)."""

    def __init__(self, factory: sessionmaker[Session], *, max_batch: int = MAX_BATCH) -> None:
        self._factory = factory
        self._max_batch = max_batch
        self._queue: list[_Queued] = []
        self._writing = False
        self._turn = threading.Condition()

    def add(self, row: dict[str, Any], *, complaint_id: int | None = None) -> int:
        """Store one row (and link the ticket it filed to it); returns its conversations.id, or
        raises what the database raised. A link that fails leaves the turn stored, unlinked."""
        mine = _Queued(row, complaint_id)
        with self._turn:
            self._queue.append(mine)
            while self._writing and not mine.done:
                self._turn.wait()
            if not mine.done:
                # No one is writing: this thread writes its own row and the oldest of the others.
                self._writing = True
                self._queue.remove(mine)
                batch = [mine, *self._queue[: self._max_batch - 1]]
                del self._queue[: self._max_batch - 1]
        if not mine.done:
            try:
                self._write(batch)
            except BaseException as exc:
                # Never leave a waiting caller without an answer, whatever went wrong here.
                _settle([q for q in batch if not q.done], error=exc)
                raise
            finally:
                with self._turn:
                    self._writing = False
                    self._turn.notify_all()
        if mine.error is not None:
            raise mine.error
        return mine.conversation_id

    def _write(self, batch: list[_Queued]) -> None:
        try:
            ids = self._commit(batch)
        except (IntegrityError, DataError) as exc:
            if len(batch) == 1:
                _settle(batch, error=exc)
                return
            # A row the database refuses on its merits must not cost the others theirs.
            for queued in batch:
                self._write([queued])
            return
        except Exception as exc:  # an outage, or a fault of ours: every waiting caller hears it
            _settle(batch, error=exc)
            return
        for queued, conversation_id in zip(batch, ids, strict=True):
            queued.conversation_id = conversation_id
        _settle(batch)

    def _commit(self, batch: list[_Queued]) -> list[int]:
        ids = []
        with transaction(self._factory) as session:
            for queued in batch:
                conversation_id = insert_turn(session, queued.row)
                if queued.complaint_id is not None:
                    _link(session, queued.complaint_id, conversation_id)
                ids.append(conversation_id)
        return ids


def _link(session: Session, complaint_id: int, conversation_id: int) -> None:
    # In a savepoint: a link the database refuses costs neither this turn nor the others.
    try:
        with session.begin_nested():
            link_turn(session, complaint_id, conversation_id)
    except SQLAlchemyError:
        log.exception("turn not linked to its ticket", extra={"complaint_id": complaint_id})


def _settle(batch: list[_Queued], *, error: BaseException | None = None) -> None:
    for queued in batch:
        queued.error = error
        queued.done = True
