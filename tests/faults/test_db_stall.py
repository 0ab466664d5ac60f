"""A database that stops answering with the connection open: the turn still answers, politely."""

import threading
import time

import pytest
from engine_kit import DEMO_PHONE, Outbox, agent_factory, seed_into
from fault_proxy import fault_proxy
from sqlalchemy.engine import make_url

from helpline.config import Settings
from helpline.engine import Turn
from helpline.store.db import open_database

SYSTEM_ERROR = "system mein thodi dikkat"
CACHED = "pehle ki hai"  # the answer from the account read a moment ago, with its age
BUDGET_S = 30.0


@pytest.fixture(
    params=[
        pytest.param("mysql", marks=pytest.mark.mysql),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def server_url(request: pytest.FixtureRequest) -> str:
    """A fresh MariaDB or PostgreSQL database (SQLite has no connection to stall)."""
    return str(request.getfixturevalue(f"{request.param}_url"))


def _turn_within(agent, session: str, line: str, limit: float) -> tuple[Turn | None, float]:
    """The turn, or None when it has not answered within limit seconds."""
    result: list[Turn] = []
    started = time.monotonic()
    worker = threading.Thread(target=lambda: result.append(agent.turn(session, line)), daemon=True)
    worker.start()
    worker.join(limit)
    return (result[0] if result else None), time.monotonic() - started


def test_a_stalled_database_gives_a_polite_reply_well_within_the_budget(server_url: str) -> None:
    seeded = open_database(Settings(database_url=server_url))
    seed_into(seeded)
    seeded.dispose()
    url = make_url(server_url)
    with fault_proxy(url.host or "127.0.0.1", url.port or 0) as proxy:
        database = open_database(Settings(database_url=proxy.url_for(server_url), db_timeout_s=2))
        agent = agent_factory(database, Outbox())()
        session = agent.start(phone=DEMO_PHONE).session_id
        assert "2.5 GB" in agent.turn(session, "mera balance kitna hai").reply
        proxy.stall()
        turn, took = _turn_within(agent, session, "mera balance kitna hai", BUDGET_S)
        assert turn is not None, f"no reply after {BUDGET_S} s"
        assert CACHED in turn.reply or SYSTEM_ERROR in turn.reply, turn.reply
        turn, took = _turn_within(agent, session, "meri complaint ka status batao", BUDGET_S)
        assert turn is not None, f"no reply after {BUDGET_S} s"
        assert SYSTEM_ERROR in turn.reply, turn.reply
        assert took < 15, took
        proxy.up()
        # Once the server answers again, so does the agent (the stalled connections are gone).
        assert "2.5 GB" in agent.turn(session, "mera balance kitna hai").reply
        database.dispose()
