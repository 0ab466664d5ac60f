"""Names, phone numbers and what customers say stay out of logs, SQL echo and the reply stream."""

import io
import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest
from engine_kit import DEMO_PHONE, AgentFactory
from sqlalchemy import text

from helpline.logs import configure_logging
from helpline.store.db import Database

HELPLINE = [sys.executable, "-c", "from helpline.cli import main; main()"]


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    configure_logging("INFO", as_json=True)
    stream = io.StringIO()
    logging.getLogger("helpline").handlers[0].setStream(stream)  # type: ignore[attr-defined]
    yield stream
    root = logging.getLogger("helpline")
    root.handlers.clear()
    root.propagate = True
    root.setLevel(logging.NOTSET)


def test_a_failed_write_logs_no_name_number_or_message(
    seeded: Database, make_agent: AgentFactory, log_lines: io.StringIO
) -> None:
    agent = make_agent()
    session = agent.start(phone=DEMO_PHONE).session_id
    with seeded.engine.begin() as conn:
        # The write fails inside the database, as a full disk or a lost server would.
        conn.execute(
            text(
                "CREATE TRIGGER no_turns BEFORE INSERT ON conversations "
                "BEGIN SELECT RAISE(ABORT, 'disk full'); END"
            )
        )
    said = "main Sunita Kumari, mera number 9876543210 hai, mera balance batao"
    turn = agent.turn(session, said)
    assert "2.5 GB" in turn.reply  # the reply survives the lost record
    logged = log_lines.getvalue()
    # The record waits in the outbox (written when the database takes it again).
    assert "database write queued in the outbox" in logged
    for secret in ("Sunita", "Rahul Sharma", DEMO_PHONE, "mera balance batao"):
        assert secret not in logged, secret


def test_sql_echo_goes_to_stderr_with_parameters_hidden(seeded: Database) -> None:
    env = {
        **os.environ,
        "HELPLINE_DATABASE_URL": str(seeded.engine.url),
        "HELPLINE_OTP": "off",
        "HELPLINE_DB_ECHO": "true",
    }
    env.pop("HELPLINE_REDIS_URL", None)
    done = subprocess.run(
        [*HELPLINE, "chat", "--json"],
        input=f"{DEMO_PHONE}\nmera balance kitna hai\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=True,
    )
    replies = [json.loads(line) for line in done.stdout.splitlines()]  # nothing but JSON
    assert replies and "2.5 GB" in replies[-1]["reply"]
    assert "SELECT" in done.stderr and "SELECT" not in done.stdout
    for secret in ("Rahul Sharma", DEMO_PHONE, "mera balance kitna hai"):
        assert secret not in done.stderr, secret
