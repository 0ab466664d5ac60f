"""`helpline chat` scripted through a pipe: one reply line per customer line."""

import json
import os
import subprocess
import sys

from engine_kit import DEMO_PHONE

from helpline.store.db import Database

HELPLINE = [sys.executable, "-c", "from helpline.cli import main; main()"]


def run_chat(db: Database, lines: list[str], *args: str) -> list[str]:
    env = {**os.environ, "HELPLINE_DATABASE_URL": str(db.engine.url), "HELPLINE_OTP": "off"}
    env.pop("HELPLINE_REDIS_URL", None)
    done = subprocess.run(
        [*HELPLINE, "chat", *args],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    return done.stdout.splitlines()


def test_piped_chat_answers_line_by_line_in_json(seeded: Database) -> None:
    out = run_chat(
        seeded,
        ["mera balance kitna hai", "", "internet bahut slow chal raha hai", "agent se baat karao"],
        "--phone",
        DEMO_PHONE,
        "--json",
    )
    assert len(out) == 4  # the empty line gets the agent's prompt
    balance, prompt, complaint, handoff = (json.loads(line) for line in out)
    assert set(balance) == {
        "session_id",
        "reply",
        "intent",
        "entities",
        "sentiment",
        "complaint_id",
        "handoff",
        "verified",
    }
    assert prompt["reply"] and prompt["session_id"] == balance["session_id"]
    assert balance["intent"] == "balance" and "2.5 GB" in balance["reply"]
    assert complaint["complaint_id"] is not None
    assert str(complaint["complaint_id"]) in complaint["reply"]
    assert handoff["handoff"] is True


def test_piped_chat_without_phone_verifies_from_the_first_line(seeded: Database) -> None:
    out = run_chat(seeded, [DEMO_PHONE, "mera plan kya hai"])
    assert len(out) == 2
    assert "Rahul" in out[0]
    assert "Smart 249" in out[1]
