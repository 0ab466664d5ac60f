"""Erasure in the local outbox: a customer's queued turns and complaints lose what erasure takes
from their rows in the database, so that writing them later brings nothing of the person back.

The same rule as store/erasure.py: a turn of the customer's number, of one of their sessions, or
an unverified turn that gives the number loses its text, name and number; a complaint of the
customer loses its text, entities and number. Types, priorities, times, sentiments, intents and
session ids stay, so the complaint and the turns are still counted when they are written.
"""

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from helpline.store.outbox import Entry, HeldEntries
from helpline.store.retention import ERASED


@dataclass(frozen=True, slots=True)
class QueuedPerson:
    """Whose entries to erase, and the number their rows carry instead."""

    user_id: int
    number: str
    number_written: re.Pattern[str]  # the number however it is written in a line
    placeholder: str


def erase_queued(held: HeldEntries, person: QueuedPerson, sessions: Collection[str]) -> int:
    """Anonymise the person's entries in a held outbox; returns how many were changed.

    `sessions` are the person's sessions found in the database; those only in the outbox (a
    whole conversation taken while the database was down) are found here.
    """
    entries = held.entries()
    turns = [e for e in entries if e.kind == "turn"]
    theirs = {e.id for e in turns if _gives_number(e.payload, person)}
    session_ids = set(sessions) | {e.payload.get("session_id") for e in turns if e.id in theirs}
    session_ids.discard(None)
    changed = 0
    for entry in entries:
        if entry.kind == "turn" and (
            entry.id in theirs or entry.payload.get("session_id") in session_ids
        ):
            held.replace(entry, _erased_turn(entry.payload, person))
        elif entry.kind == "complaint" and _complains(entry, person):
            held.replace(entry, _erased_complaint(entry.payload, person))
        else:
            continue
        changed += 1
    return changed


def _gives_number(turn: dict[str, Any], person: QueuedPerson) -> bool:
    """A verified turn of the number, or an unverified one whose line gives it."""
    if turn.get("phone"):
        return bool(turn["phone"] == person.number)
    return bool(person.number_written.search(turn.get("user_input") or ""))


def _complains(entry: Entry, person: QueuedPerson) -> bool:
    payload = entry.payload
    return bool(payload.get("user_id") == person.user_id or payload.get("phone") == person.number)


def _erased_turn(turn: dict[str, Any], person: QueuedPerson) -> dict[str, Any]:
    # Turns before verification carry "" as their number; they stay without one.
    phone = person.placeholder if turn.get("phone") else turn.get("phone")
    return {
        **turn,
        "phone": phone,
        "customer_name": None,
        "user_input": ERASED,
        "bot_response": ERASED,
    }


def _erased_complaint(complaint: dict[str, Any], person: QueuedPerson) -> dict[str, Any]:
    return {**complaint, "phone": person.placeholder, "description": ERASED, "entities": []}
