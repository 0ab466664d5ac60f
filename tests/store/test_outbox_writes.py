"""Turns written from the outbox: each by its own key, so two real turns that read alike are two
rows and a turn whose row is already there is not written again; entries queued before turns had
keys keep the rule of the same texts within a second."""

from dataclasses import asdict, replace
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from helpline.store.clock import utcnow
from helpline.store.conversations import add_turn
from helpline.store.db import Database
from helpline.store.models import Conversation
from helpline.store.outbox import Entry, Outbox, QueuedTurn
from helpline.store.outbox_writes import write_entry

SESSION = "s-alike"
APOLOGY = "Maaf kijiye, abhi system mein thodi dikkat aa rahi hai."


def turn(seconds_later: float = 0.0) -> QueuedTurn:
    at = utcnow().replace(microsecond=0) + timedelta(seconds=seconds_later)
    return QueuedTurn(
        phone="",
        customer_name=None,
        user_input="9876543210",
        bot_response=APOLOGY,
        sentiment="neutral",
        intent=None,
        session_id=SESSION,
        channel="text",
        timestamp=at.isoformat(),
    )


def stored(database: Database) -> list[tuple[str, str | None]]:
    with database.sessions() as session:
        rows = session.execute(
            select(Conversation.user_input, Conversation.turn_key)
            .where(Conversation.session_id == SESSION)
            .order_by(Conversation.id)
        )
        return [(line, key) for line, key in rows]


def written_directly(database: Database, queued: QueuedTurn, *, keyed: bool) -> int:
    fields = asdict(queued)
    del fields["timestamp"], fields["complaint_entry"], fields["turn_key"]
    key = queued.turn_key if keyed else None
    at = datetime.fromisoformat(queued.timestamp)
    return add_turn(database.sessions, **fields, timestamp=at, turn_key=key)


def test_two_turns_alike_within_a_second_are_both_written(
    database: Database, tmp_path: Path
) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    first, second = turn(), turn(0.6)
    outbox.put_turn(first)
    outbox.put_turn(second)

    assert outbox.drain(database.sessions, write_entry) == 2
    assert stored(database) == [("9876543210", first.turn_key), ("9876543210", second.turn_key)]


def test_a_turn_whose_row_committed_unheard_is_not_written_again(
    database: Database, tmp_path: Path
) -> None:
    outbox = Outbox(tmp_path / "outbox.sqlite3")
    queued = turn()
    written_directly(database, queued, keyed=True)  # the INSERT landed; its reply did not
    outbox.put_turn(queued)
    outbox.put_turn(replace(queued, turn_key="another-turn"))  # the caller said it again

    assert outbox.drain(database.sessions, write_entry) == 2
    assert stored(database) == [("9876543210", queued.turn_key), ("9876543210", "another-turn")]


def test_a_turn_queued_before_keys_keeps_the_same_texts_rule(database: Database) -> None:
    queued = turn()
    written_directly(database, queued, keyed=False)
    payload = asdict(queued)
    del payload["turn_key"]  # as an outbox file from before keys holds it

    write_entry(database.sessions, Entry("e-old", "turn", payload, queued.timestamp))
    assert stored(database) == [("9876543210", None)]
