"""A reply the caller cut short is noted on its turn, on every database."""

from helpline.store.conversations import add_turn, interrupted_turns, note_interrupted
from helpline.store.db import Database


def _turn(database: Database, session_id: str, reply: str) -> int:
    return add_turn(
        database.sessions,
        phone="9876543210",
        customer_name=None,
        user_input="mera balance kitna hai",
        bot_response=reply,
        sentiment="neutral",
        intent="balance",
        session_id=session_id,
        channel="voice",
    )


def test_the_latest_turn_of_the_session_is_noted_and_others_are_not(database: Database) -> None:
    _turn(database, "call-1", "Aapka balance ₹45.50 hai.")
    second = _turn(database, "call-1", "Aapka plan 30 din ka hai.")
    _turn(database, "call-2", "Namaste!")
    assert note_interrupted(database.sessions, "call-1", played_ms=1_200, reply_ms=4_000) == second
    with database.sessions() as session:
        assert interrupted_turns(session, "call-1") == [second]
        assert interrupted_turns(session, "call-2") == []


def test_a_session_with_no_stored_turn_notes_nothing(database: Database) -> None:
    assert note_interrupted(database.sessions, "nobody", played_ms=0, reply_ms=0) is None
    with database.sessions() as session:
        assert interrupted_turns(session, "nobody") == []
