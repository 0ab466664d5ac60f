"""The conversation set: loading it, running one conversation, and judging each turn.

Each conversation runs on its own copy of the seeded demo database, so recharges and tickets of
one never change another's facts.
"""

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from engine_kit import Outbox, agent_factory, copy_database
from sqlalchemy import func, select, update

from helpline.engine import Turn
from helpline.engine.facts import format_date
from helpline.store.clock import utcnow
from helpline.store.db import Database
from helpline.store.models import Complaint, DataPack, Handoff, Plan, Transaction, User
from helpline.store.plans import find_plan_by_price
from helpline.store.recharge import apply_recharge

HERE = Path(__file__).parent
TURN_KEYS = {"say", "intent", "has", "any", "lacks", "lang", "db", "ticket", "handoff"}
SETUP_KEYS = {"balance_mb", "plan_expired_days_ago", "main_balance", "booster"}
_DAYS_FROM_NOW = re.compile(r"\{date\+(\d+)\}")
_WORD = re.compile(r"[a-z]+")
# Words that mark a reply as Roman Hinglish; an English reply has none of them.
HINGLISH_MARKERS = frozenset(
    [
        "aap",
        "aapka",
        "aapke",
        "aapki",
        "hai",
        "hain",
        "kijiye",
        "karein",
        "karoon",
        "hoon",
        "mein",
        "nahi",
        "raha",
        "rahi",
        "gaya",
        "gayi",
        "bataiye",
        "kripya",
        "shukriya",
        "dhanyavaad",
        "ji",
        "ka",
        "ki",
        "ke",
    ]
)


@dataclass(frozen=True)
class Conversation:
    cls: str
    name: str
    customer: str
    setup: dict[str, Any]
    turns: tuple[dict[str, Any], ...]

    @property
    def id(self) -> str:
        return f"{self.cls}/{self.name}"


def load_set(directory: Path = HERE) -> list[Conversation]:
    """Every conversation of every class file, in file order."""
    found = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for spec in data["conversations"]:
            found.append(
                Conversation(
                    cls=data["class"],
                    name=spec["name"],
                    customer=str(spec["customer"]),
                    setup=dict(spec.get("setup", {})),
                    turns=tuple(spec["turns"]),
                )
            )
    return found


@dataclass
class Counts:
    transactions: int
    complaints: int
    handoffs: int
    plan: str | None


def counts(db: Database, phone: str) -> Counts:
    with db.sessions() as session:
        user = session.scalars(select(User).where(User.phone == phone)).one()
        plan = session.get(Plan, user.plan_id) if user.plan_id else None

        def count(model: Any) -> int:
            query = select(func.count()).select_from(model).where(model.user_id == user.user_id)
            return session.scalar(query) or 0

        return Counts(count(Transaction), count(Complaint), count(Handoff), plan and plan.plan_name)


def apply_setup(db: Database, phone: str, setup: dict[str, Any]) -> None:
    """Put the customer's row in the state the conversation starts from."""
    values: dict[str, Any] = {}
    if "balance_mb" in setup:
        values["balance_mb"] = Decimal(str(setup["balance_mb"]))
    if "main_balance" in setup:
        values["main_balance"] = Decimal(str(setup["main_balance"]))
    if "plan_expired_days_ago" in setup:
        values["plan_expires_at"] = utcnow() - timedelta(days=setup["plan_expired_days_ago"])
        values["balance_mb"] = Decimal(0)
    if values:
        with db.sessions.begin() as session:
            session.execute(update(User).where(User.phone == phone).values(**values))
    if "booster" in setup:
        _bought_earlier(db, phone, **setup["booster"])


def _bought_earlier(db: Database, phone: str, *, price: int, days_ago: int) -> None:
    """A data pack bought `days_ago` days ago, as the recharge would have written it then."""
    with db.sessions() as session:
        plan_id = find_plan_by_price(session, price).plan_id
    txn_id = apply_recharge(db.sessions, phone, plan_id).txn_id
    back = timedelta(days=days_ago)
    with db.sessions.begin() as session:
        pack = session.scalars(select(DataPack).where(DataPack.txn_id == txn_id)).one()
        pack.bought_at -= back
        pack.valid_until -= back
        pack.expires_at -= back
        payment = session.get(Transaction, txn_id)
        assert payment is not None
        payment.txn_date -= back


@dataclass
class TurnResult:
    conversation: str
    number: int
    said: str
    reply: str
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def _fill(text: str, values: dict[str, str]) -> str:
    text = _DAYS_FROM_NOW.sub(
        lambda m: format_date(utcnow() + timedelta(days=int(m.group(1)))), text
    )
    # A value an earlier failed turn never set stays a placeholder: that check fails, not the run.
    return text.format_map(_Known(values)) if "{" in text else text


class _Known(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def judge(
    step: dict[str, Any], turn: Turn, before: Counts, after: Counts, values: dict[str, str]
) -> list[str]:
    """What went wrong in one turn (empty: handled right)."""
    reply, low = turn.reply, turn.reply.lower()
    wrong = []
    if "intent" in step and turn.intent != step["intent"]:
        wrong.append(f"intent {turn.intent}, expected {step['intent']}")
    wrong += [f"missing {h!r}" for h in step.get("has", []) if _fill(h, values).lower() not in low]
    groups = step.get("any", [])
    if groups and not isinstance(groups[0], list):
        groups = [groups]
    for group in groups:
        if not any(_fill(g, values).lower() in low for g in group):
            wrong.append(f"none of {group}")
    wrong += [f"holds {x!r}" for x in step.get("lacks", []) if _fill(x, values).lower() in low]
    lang = step.get("lang")
    marked = bool(HINGLISH_MARKERS & set(_WORD.findall(low)))
    if lang == "en" and marked:
        wrong.append("reply is not English")
    if lang == "hinglish" and not marked:
        wrong.append("reply is not Hinglish")
    if "handoff" in step and turn.handoff is not step["handoff"]:
        wrong.append(f"handoff {turn.handoff}")
    ticket = step.get("ticket")
    if ticket == "new" and (turn.complaint_id is None or str(turn.complaint_id) not in reply):
        wrong.append("no new ticket said")
    if ticket == "same" and str(turn.complaint_id) != values.get("last_ticket"):
        wrong.append(f"ticket {turn.complaint_id}, expected {values.get('last_ticket')}")
    if ticket == "none" and turn.complaint_id is not None:
        wrong.append(f"unexpected ticket {turn.complaint_id}")
    changes = step.get("db", {})
    # A new ticket is a new complaint row and a hand-off a new hand-off row, unless the turn
    # says otherwise (a second request for a person reuses the first hand-off).
    implied = {"complaints": int(ticket == "new"), "handoffs": int(step.get("handoff") is True)}
    for name in ("transactions", "complaints", "handoffs"):
        change = getattr(after, name) - getattr(before, name)
        if change != changes.get(name, implied.get(name, 0)):
            wrong.append(f"{name} changed by {change}")
    if "plan" in changes and after.plan != changes["plan"]:
        wrong.append(f"plan is {after.plan}")
    return wrong


def run(conversation: Conversation, template: Path, workdir: Path) -> Iterator[TurnResult]:
    """Run one conversation on a fresh copy of the seeded database, judging every turn."""
    db = copy_database(template, workdir)
    try:
        apply_setup(db, conversation.customer, conversation.setup)
        agent = agent_factory(db, Outbox())()
        turn = agent.start(f"conv-{conversation.name}", phone=conversation.customer)
        values: dict[str, str] = {}
        for n, step in enumerate(conversation.turns, 1):
            before = counts(db, conversation.customer)
            turn = agent.turn(turn.session_id, _fill(str(step["say"]), values))
            after = counts(db, conversation.customer)
            if step.get("ticket") == "new" and turn.complaint_id is not None:
                values["last_ticket"] = str(turn.complaint_id)
            failures = judge(step, turn, before, after, values)
            yield TurnResult(conversation.id, n, str(step["say"]), turn.reply, failures)
    finally:
        db.dispose()
