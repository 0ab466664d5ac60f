"""What engine tests and stories share: seeded demo databases, an OTP outbox, agents built on them.

The demo operator (store/seed_data.yaml) is seeded once per test run into a SQLite file that each
test copies, so every test gets its own database in a few milliseconds.
"""

import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from helpline.config import Settings
from helpline.engine import Agent, build_agent
from helpline.engine.session_store import MemorySessionStore, SessionStore
from helpline.store import migrate, seed
from helpline.store.db import Database, open_database
from helpline.store.models import Complaint, Transaction

DEMO_PHONE = "9876543210"  # Rahul Sharma, M, Smart 249, 2.5 GB, ₹45.50, 15 days left
OTHER_PHONE = "9812345670"  # Priya Verma, F, Super Saver
SEED_CUSTOMERS = 12
REDIS_URL = os.environ.get("HELPLINE_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def unavailable(what: str, reason: str) -> None:
    """Skip outside CI; fail in CI, where every integration test must run (as tests/conftest)."""
    message = f"{what} is not reachable ({reason})"
    if IN_CI:
        pytest.fail(message)
    pytest.skip(message)


def seed_into(database: Database) -> None:
    migrate.upgrade(database.engine)
    seed.seed(database.engine, customers=SEED_CUSTOMERS, random_seed=7)


def seeded_template(directory: Path) -> Path:
    """A seeded SQLite file to copy from."""
    path = directory / "template.db"
    database = open_database(Settings(database_url=f"sqlite:///{path}"))
    seed_into(database)
    database.dispose()
    return path


def copy_database(template: Path, directory: Path) -> Database:
    target = directory / "helpline.db"
    shutil.copy(template, target)
    return open_database(Settings(database_url=f"sqlite:///{target}"))


@dataclass
class Outbox:
    """An OTP sender that keeps what it sent, as a phone would show the SMS."""

    sent: list[tuple[str, str]] = field(default_factory=list)

    def send(self, phone: str, code: str) -> None:
        self.sent.append((phone, code))

    @property
    def last_code(self) -> str:
        return self.sent[-1][1]


AgentFactory = Callable[..., Agent]


def agent_factory(database: Database, outbox: Outbox) -> AgentFactory:
    """Build agents on a database; keyword arguments become settings (otp="on", llm=...)."""

    def make(*, sessions: SessionStore | None = None, **overrides: Any) -> Agent:
        settings = Settings(database_url=str(database.engine.url), **overrides)
        store = sessions or MemorySessionStore(ttl_seconds=settings.session_idle_minutes * 60)
        return build_agent(settings, database=database, sessions=store, otp_sender=outbox)

    return make


def ticket_count(db: Database) -> int:
    """Every complaint in the database: a turn that must not file one leaves it as it was."""
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(Complaint)) or 0


def payment_count(db: Database) -> int:
    """Every transaction in the database: a turn that must not pay leaves it as it was."""
    with db.sessions() as session:
        return session.scalar(select(func.count()).select_from(Transaction)) or 0


def filed_as(db: Database, complaint_id: int) -> tuple[str, str]:
    """The complaint type and department a ticket was filed under."""
    with db.sessions() as session:
        complaint = session.get(Complaint, complaint_id)
        assert complaint is not None
        return complaint.complaint_type, complaint.department
