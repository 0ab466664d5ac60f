"""Conversations through the application layer: sessions, text turns, the transcript."""

from helpline.app import Helpline
from helpline.app.models import Transcript, TurnPublic


def test_a_text_conversation_and_its_transcript(helpline: Helpline) -> None:
    greeting = helpline.conversations.start()
    assert not greeting.verified
    first = helpline.conversations.text_turn(greeting.session_id, "9876543210")
    balance = helpline.conversations.text_turn(first.session_id, "mera balance kitna hai")
    assert first.verified and "Rahul" in first.reply
    assert balance.intent == "balance" and "2.5 GB" in balance.reply
    assert TurnPublic.model_validate_json(balance.model_dump_json()) == balance
    transcript = helpline.conversations.transcript(greeting.session_id)
    assert [line.user for line in transcript.lines] == ["9876543210", "mera balance kitna hai"]
    assert transcript.lines[1].reply == balance.reply
    assert Transcript.model_validate_json(transcript.model_dump_json()) == transcript


def test_an_empty_line_gets_a_reply(helpline: Helpline) -> None:
    session = helpline.conversations.start(phone="9876543210").session_id
    turn = helpline.conversations.text_turn(session, "")
    assert turn.reply.strip()


def test_a_complaint_and_a_handoff_show_in_the_staff_queues(helpline: Helpline) -> None:
    session = helpline.conversations.start(phone="9876543210").session_id
    ticket = helpline.conversations.text_turn(session, "3 din se network nahi hai")
    handoff = helpline.conversations.text_turn(session, "agent se baat karao")
    assert ticket.complaint_id is not None and handoff.handoff
    detail = helpline.complaints.get(ticket.complaint_id)
    assert detail.complaint.phone == "9876543210"
    queue = helpline.complaints.handoffs()
    assert queue.total >= 1 and any(h.session_id == session for h in queue.items)
