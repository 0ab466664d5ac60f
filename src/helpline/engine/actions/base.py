"""What every action receives and returns."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.orm import Session, sessionmaker

from helpline.engine.account_cache import AccountSnapshot
from helpline.engine.catalogue import Catalogue
from helpline.engine.facts import Facts
from helpline.engine.policy import Decision
from helpline.engine.session import Pending, SessionState
from helpline.language import Utterance
from helpline.store.outbox import Outbox
from helpline.store.values import Customer


@dataclass(frozen=True, slots=True)
class Context:
    """One verified turn: who is asking, what they said, and what the policy decided."""

    db: sessionmaker[Session]
    catalogue: Catalogue
    state: SessionState
    customer: Customer
    utterance: Utterance
    decision: Decision
    now: datetime  # naive UTC, as the database stores times
    outbox: Outbox | None = None  # where a complaint waits while the database is down
    offline: AccountSnapshot | None = None  # set when the database is down: the cached account


@dataclass(frozen=True, slots=True)
class Outcome:
    """What an action did: the facts for the reply and what the session should remember."""

    facts: tuple[Facts, ...]
    topic: str | None = None  # None: keep the previous topic and plans
    plans: tuple[int, ...] = ()
    pending: Pending | None = None
    keep_pending: bool = False
    complaint_id: int | None = None
    handoff_id: int | None = None
    queued_complaint: str | None = None  # outbox entry of a complaint taken while the DB was down
    ticket_type: str | None = None  # the complaint type of the ticket filed or updated
    ticket_read: int | None = None  # a ticket read back by its number: "usko band karo" next
    diagnosed: bool = False  # a problem answered from the account's state instead of filed


def said(
    ctx: Context, *facts: Facts, topic: str | None = None, plans: tuple[int, ...] = ()
) -> Outcome:
    """An answer that leaves an open question open (it is asked again after the answer)."""
    return Outcome(tuple(facts), topic=topic, plans=plans, keep_pending=True)
