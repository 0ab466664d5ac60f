"""Turns stored in group commits: every caller gets its own row's id once that row is committed,
rows that arrive together share a commit, and one row the database refuses costs no other row."""

import sqlite3
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.exc import IntegrityError

from helpline.store.complaints import file_complaint
from helpline.store.conversations import turn_row
from helpline.store.db import Database
from helpline.store.models import Complaint, ComplaintSession, Conversation
from helpline.store.turn_batch import TurnBatcher


def row(line: str, key: str | None = None) -> dict[str, Any]:
    return turn_row(
        phone="9876543210",
        customer_name="Asha",
        user_input=line,
        bot_response=f"reply to {line}",
        sentiment="neutral",
        intent="check_balance",
        session_id="s-batch",
        turn_key=key or uuid.uuid4().hex,
    )


def counted_commits(database: Database) -> list[object]:
    """A list that grows by one at each COMMIT the database's engine sends."""
    commits: list[object] = []
    event.listen(database.engine, "commit", commits.append)
    return commits


def stored(database: Database) -> dict[int, tuple[str, str | None]]:
    with database.sessions() as session:
        rows = session.execute(
            select(Conversation.id, Conversation.user_input, Conversation.turn_key)
        )
        return {cid: (line, key) for cid, line, key in rows}


def test_rows_from_many_threads_are_each_stored_once_under_their_own_id(
    database: Database,
) -> None:
    commits = counted_commits(database)
    batcher = TurnBatcher(database.sessions)
    rows = [row(f"line {n}") for n in range(240)]
    with ThreadPoolExecutor(8) as pool:
        ids = list(pool.map(batcher.add, rows))

    assert len(set(ids)) == len(rows)
    table = stored(database)
    assert len(table) == len(rows)
    for conversation_id, sent in zip(ids, rows, strict=True):
        assert table[conversation_id] == (sent["user_input"], sent["turn_key"])
    # Eight threads writing at once shared commits: fewer commits than rows.
    assert len(commits) < len(rows), len(commits)


def _hold_sqlite_write_lock(path: Path, held: threading.Event, release: threading.Event) -> None:
    # A writer that does not pass through helpline's gate (another program on the same file).
    raw = sqlite3.connect(path, isolation_level=None)
    raw.execute("BEGIN IMMEDIATE")
    held.set()
    release.wait(10)
    raw.execute("COMMIT")
    raw.close()


def test_a_row_the_database_refuses_costs_no_other_row_of_its_commit(
    sqlite_database: Database, tmp_path: Path
) -> None:
    batcher = TurnBatcher(sqlite_database.sessions)
    taken = batcher.add(row("first", "key-taken"))
    held, release = threading.Event(), threading.Event()
    holder = threading.Thread(
        target=_hold_sqlite_write_lock, args=(tmp_path / "helpline.db", held, release)
    )
    holder.start()
    assert held.wait(5)
    with ThreadPoolExecutor(3) as pool:
        # The first waits for SQLite's lock with its own row; the two after it queue behind it
        # and are then written together: one good, one with a key already stored.
        leader = pool.submit(batcher.add, row("leader"))
        time.sleep(0.3)
        good = pool.submit(batcher.add, row("good"))
        duplicate = pool.submit(batcher.add, row("again", "key-taken"))
        time.sleep(0.3)
        release.set()
        leader_id, good_id = leader.result(10), good.result(10)
        with pytest.raises(IntegrityError):
            duplicate.result(10)
    holder.join()

    lines = {line for line, _ in stored(sqlite_database).values()}
    assert lines == {"first", "leader", "good"}
    assert len({taken, leader_id, good_id}) == 3


def test_a_turn_that_filed_a_ticket_is_linked_to_it_in_its_own_commit(seeded: Database) -> None:
    ticket, _ = file_complaint(
        seeded.sessions,
        user_id=None,
        phone="9876543210",
        complaint_type="slow_data",
        department="Network",
        priority="MEDIUM",
        description="net slow hai",
    )
    commits = counted_commits(seeded)
    conversation_id = TurnBatcher(seeded.sessions).add(
        row("net slow hai"), complaint_id=ticket.complaint_id
    )

    assert len(commits) == 1
    with seeded.sessions() as session:
        filed = session.get(Complaint, ticket.complaint_id)
        assert filed is not None and filed.conversation_id == conversation_id
        noted = session.scalars(
            select(ComplaintSession.session_id).where(
                ComplaintSession.complaint_id == ticket.complaint_id
            )
        ).all()
    assert noted == ["s-batch"]


def test_more_callers_than_one_commit_takes_each_get_their_own_row(
    sqlite_database: Database,
) -> None:
    batcher = TurnBatcher(sqlite_database.sessions, max_batch=3)
    rows = [row(f"line {n}") for n in range(120)]
    with ThreadPoolExecutor(40) as pool:
        ids = list(pool.map(batcher.add, rows))

    table = stored(sqlite_database)
    assert len(set(ids)) == len(rows) == len(table)
    for conversation_id, sent in zip(ids, rows, strict=True):
        assert table[conversation_id] == (sent["user_input"], sent["turn_key"])
