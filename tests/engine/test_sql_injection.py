"""SQL in what a customer types or an operator passes is only ever text: on every backend the
tables stay whole, nobody else's data shows, and the words are stored as they were typed."""

import pytest
from engine_kit import DEMO_PHONE, Outbox, agent_factory, seed_into
from sqlalchemy import func, select

from helpline.app import Helpline
from helpline.app.errors import HelplineError
from helpline.config import Settings
from helpline.store.db import Database
from helpline.store.models import Complaint, Conversation, Plan, Transaction, User

INJECTIONS = (
    "'; DROP TABLE users; --",
    "network nahi hai'); DELETE FROM complaints WHERE ('1'='1",
    "1 OR 1=1; UPDATE users SET main_balance = 99999 --",
    '" OR ""="',
    "balance batao' UNION SELECT phone, name FROM users --",
)


def _whole(database: Database) -> tuple[int, int, int, int]:
    with database.sessions() as s:
        return (
            s.scalar(select(func.count()).select_from(User)) or 0,
            s.scalar(select(func.count()).select_from(Plan)) or 0,
            s.scalar(select(func.count()).select_from(Transaction)) or 0,
            int(s.scalar(select(func.max(User.main_balance))) or 0),
        )


@pytest.fixture
def seeded_any(database: Database) -> Database:
    seed_into(database)
    return database


def test_sql_typed_in_a_conversation_is_only_text(seeded_any: Database) -> None:
    before = _whole(seeded_any)
    agent = agent_factory(seeded_any, Outbox())()
    unverified = agent.start().session_id
    for line in INJECTIONS:
        reply = agent.turn(unverified, line).reply
        assert "Priya" not in reply and "Rahul" not in reply  # nobody's account is read out
    session = agent.start(phone=DEMO_PHONE).session_id
    for line in INJECTIONS:
        assert agent.turn(session, line).reply
    assert _whole(seeded_any) == before
    with seeded_any.sessions() as s:
        said = set(
            s.scalars(select(Conversation.user_input).where(Conversation.session_id == session))
        )
        assert set(INJECTIONS) <= said, "every line is recorded as it was typed"
        filed = s.scalars(select(Complaint.description).where(Complaint.phone == DEMO_PHONE)).all()
    assert any(INJECTIONS[1] in text for text in filed)  # the complaint kept its words


@pytest.mark.parametrize("value", INJECTIONS)
def test_sql_passed_by_an_operator_is_refused_or_found_nothing(
    seeded_any: Database, value: str
) -> None:
    before = _whole(seeded_any)
    url = seeded_any.engine.url.render_as_string(hide_password=False)
    with Helpline(Settings(database_url=url)) as app:
        for call in (
            lambda: app.accounts.customer(value),
            lambda: app.accounts.recharge(value, "199"),
            lambda: app.accounts.recharge(DEMO_PHONE, value),
            lambda: app.complaints.list(department=value),
            lambda: app.complaints.list(phone=value),
        ):
            with pytest.raises(HelplineError):
                call()
    assert _whole(seeded_any) == before
