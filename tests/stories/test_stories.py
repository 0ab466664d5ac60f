"""Conversations as data: every YAML story in this folder, run through the real engine.

A story names the customer (or none: the conversation starts unverified), optional settings, and
turns: what the customer says, the intent expected, text the reply must and must not hold, and
the changes the database must show afterwards. Recharge and complaint stories also run on
MariaDB.
"""

import re
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from engine_kit import Outbox, agent_factory
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from helpline.engine import Turn
from helpline.engine.facts import format_date
from helpline.store.clock import utcnow
from helpline.store.db import Database
from helpline.store.models import Complaint, Conversation, Handoff, Plan, Transaction, User

HERE = Path(__file__).parent
STORIES = sorted(HERE.glob("*.yaml"))
SERVER_TAGS = {"recharge", "complaint"}
MAX_SENTENCES = 3
_SENTENCE_END = re.compile(r"[.?!](?:\s|$)")
_DAYS_FROM_NOW = re.compile(r"\{date\+(\d+)\}")


def load(path: Path) -> dict[str, Any]:
    story: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert story.get("turns"), f"{path.name}: no turns"
    return story


def cases() -> list[Any]:
    out = []
    for path in STORIES:
        out.append(pytest.param(path, "sqlite", id=f"{path.stem}-sqlite"))
        if SERVER_TAGS & set(load(path).get("tags", [])):
            out.append(
                pytest.param(path, "mysql", id=f"{path.stem}-mysql", marks=pytest.mark.mysql)
            )
    return out


@dataclass
class Counts:
    transactions: int
    complaints: int
    handoffs: int
    plan: str | None
    linked_turns: int


def counts(db: Database, phone: str | None) -> Counts:
    session: Session
    with db.sessions() as session:
        user = session.scalars(select(User).where(User.phone == phone)).first() if phone else None
        uid = user.user_id if user else -1
        plan = session.get(Plan, user.plan_id) if user and user.plan_id else None
        return Counts(
            transactions=session.scalar(
                select(func.count()).select_from(Transaction).where(Transaction.user_id == uid)
            )
            or 0,
            complaints=session.scalar(
                select(func.count()).select_from(Complaint).where(Complaint.user_id == uid)
            )
            or 0,
            handoffs=session.scalar(
                select(func.count()).select_from(Handoff).where(Handoff.user_id == uid)
            )
            or 0,
            plan=plan.plan_name if plan else None,
            linked_turns=session.scalar(
                select(func.count())
                .select_from(Complaint)
                .join(Conversation, Complaint.conversation_id == Conversation.id)
                .where(Complaint.user_id == uid)
            )
            or 0,
        )


@dataclass
class Story:
    db: Database
    outbox: Outbox
    phone: str | None
    values: dict[str, str] = field(default_factory=dict)

    def fill(self, text: str) -> str:
        text = _DAYS_FROM_NOW.sub(
            lambda m: format_date(utcnow() + timedelta(days=int(m.group(1)))), text
        )
        if "{otp}" in text or "{wrong_otp}" in text:
            code = self.outbox.last_code
            self.values["otp"] = code
            self.values["wrong_otp"] = f"{(int(code) + 1) % 10**6:06d}"
        return text.format_map(self.values)


def other_customers_ticket(db: Database, phone: str) -> str:
    session: Session
    with db.sessions() as session:
        ticket = session.scalar(
            select(Complaint.complaint_id)
            .where(Complaint.phone != phone)
            .order_by(Complaint.complaint_id)
            .limit(1)
        )
    assert ticket is not None, "the seed has no tickets"
    return str(ticket)


def check_turn(step: dict[str, Any], turn: Turn, story: Story, before: Counts, where: str) -> None:
    reply = turn.reply
    lowered = reply.lower()
    if "intent" in step:
        assert turn.intent == step["intent"], f"{where}: intent {turn.intent!r}: {reply}"
    for expected in step.get("reply_has", []):
        assert story.fill(str(expected)).lower() in lowered, (
            f"{where}: {expected!r} not in: {reply}"
        )
    for unwanted in step.get("reply_lacks", []):
        assert story.fill(str(unwanted)).lower() not in lowered, (
            f"{where}: {unwanted!r} in: {reply}"
        )
    assert len(_SENTENCE_END.findall(reply)) <= step.get("sentences", MAX_SENTENCES), (
        f"{where}: too long: {reply}"
    )
    if "verified" in step:
        assert turn.verified is step["verified"], f"{where}: verified {turn.verified}"
    if "handoff" in step:
        assert turn.handoff is step["handoff"], f"{where}: handoff {turn.handoff}: {reply}"
    complaint = step.get("complaint")
    if complaint == "new":
        assert turn.complaint_id is not None, f"{where}: no ticket: {reply}"
        assert str(turn.complaint_id) in reply, f"{where}: ticket number not said: {reply}"
        story.values["last_ticket"] = str(turn.complaint_id)
    elif complaint == "same":
        assert str(turn.complaint_id) == story.values["last_ticket"], f"{where}: {reply}"
    elif complaint == "none":
        assert turn.complaint_id is None, f"{where}: unexpected ticket: {reply}"
    after = counts(story.db, story.phone)
    changes = step.get("db", {})
    for name in ("transactions", "complaints", "handoffs"):
        change = getattr(after, name) - getattr(before, name)
        assert change == changes.get(name, 0), f"{where}: {name} changed by {change}"
    if "plan" in changes:
        assert after.plan == changes["plan"], f"{where}: plan is {after.plan}"
    if changes.get("complaints"):
        assert after.linked_turns - before.linked_turns == changes["complaints"], (
            f"{where}: the new ticket is not linked to its conversation turn"
        )


@pytest.mark.parametrize(("path", "story_database"), cases(), indirect=["story_database"])
def test_story(path: Path, story_database: Database) -> None:
    spec = load(path)
    outbox = Outbox()
    agent = agent_factory(story_database, outbox)(**spec.get("settings", {}))
    phone = spec.get("customer")
    story = Story(story_database, outbox, phone or spec.get("login"))
    if phone:
        story.values["other_ticket"] = other_customers_ticket(story_database, phone)
    # A fixed session id makes the template variants, and so the run, repeatable.
    turn = agent.start(f"story-{path.stem}-{story_database.backend}", phone=phone)
    if phone and spec.get("settings", {}).get("otp") != "on":
        assert turn.verified, f"{path.name}: {phone} did not verify: {turn.reply}"
    for n, step in enumerate(spec["turns"], 1):
        before = counts(story_database, story.phone)
        turn = agent.turn(turn.session_id, story.fill(str(step["say"])))
        check_turn(step, turn, story, before, f"{path.stem} turn {n} ({step['say']!r})")


def test_there_are_enough_stories_and_every_intent_is_covered() -> None:
    from helpline.language import Intent

    assert len(STORIES) >= 30
    said = {step.get("intent") for p in STORIES for step in load(p)["turns"]}
    missing = {i.value for i in Intent} - said
    assert not missing, f"no story expects: {sorted(missing)}"
