"""Defects of the `helpline` command, each checked as a user meets it."""

import pytest
from cli_kit import one_line_error, run
from sqlalchemy import update

from helpline.store.db import Database
from helpline.store.models import Complaint, Transaction, User

HOSTILE = "net [/bold] nahi [red]hai\x1b[2J\x1b]0;pwned\x07 \x9b31m end"


def seeded_url(seeded: Database) -> str:
    return str(seeded.engine.url)


def test_customer_text_is_shown_as_text_never_as_markup_or_escapes(seeded: Database) -> None:
    with seeded.engine.begin() as conn:
        user = conn.execute(update(User).where(User.phone == "9876543210").values(circle=HOSTILE))
        assert user.rowcount == 1
        conn.execute(
            update(Complaint)
            .where(Complaint.phone == "9876543210", Complaint.status.in_(("open", "in_progress")))
            .values(description=HOSTILE)
        )
        conn.execute(update(Transaction).values(description=HOSTILE))
    result = run("customer", "9876543210", url=seeded_url(seeded), env={"COLUMNS": "250"})
    assert result.returncode == 0, result.stderr
    assert "[/bold]" in result.stdout and "[red]" in result.stdout
    for control in ("\x1b", "\x07", "\x9b"):
        assert control not in result.stdout


def test_chat_reads_invalid_utf8_and_still_answers_the_line(seeded: Database) -> None:
    result = run("chat", url=seeded_url(seeded), stdin=b"9876543210\nbalance \xff\xfe batao\n")
    assert result.returncode == 0, result.stderr
    replies = result.stdout.splitlines()
    assert len(replies) == 2 and "2.5 GB" in replies[1]


def test_an_empty_line_in_piped_chat_gets_a_reply_line(seeded: Database) -> None:
    result = run("chat", "--phone", "9876543210", url=seeded_url(seeded), stdin="\nbalance\n")
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.splitlines()
    assert first.strip() and "2.5 GB" in second


@pytest.mark.parametrize(
    "plan", ["sNaN", "inf", "1e999", "99999999999999999999999", "#99999999999999999999"]
)
def test_a_plan_that_is_no_number_is_one_line_and_exit_2(seeded: Database, plan: str) -> None:
    result = run("recharge", "9876543210", "--plan", plan, url=seeded_url(seeded))
    assert result.returncode == 2
    assert plan in one_line_error(result)
