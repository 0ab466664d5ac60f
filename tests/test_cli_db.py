"""The `helpline` command run as a user runs it: a real process on a real SQLite file."""

import json
import os
import subprocess
import sys

import pytest
from sqlalchemy import delete, func, select

from helpline.complaints.cells import in_step
from helpline.complaints.kpis import compute_kpis
from helpline.config import Settings
from helpline.store import migrate
from helpline.store.clock import utcnow
from helpline.store.db import open_database
from helpline.store.models import (
    Complaint,
    ComplaintKpiCell,
    ComplaintKpiDuration,
    ComplaintSession,
)

HELPLINE = [sys.executable, "-c", "from helpline.cli import main; main()"]


def run(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HELPLINE_DATABASE_URL": url}
    return subprocess.run([*HELPLINE, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture
def seeded_url(sqlite_url):
    assert run("db", "upgrade", url=sqlite_url).returncode == 0
    assert run("seed", url=sqlite_url).returncode == 0
    return sqlite_url


def test_customer_json_shows_the_demo_account(seeded_url):
    result = run("customer", "9876543210", "--json", url=seeded_url)
    assert result.returncode == 0, result.stderr
    account = json.loads(result.stdout)
    assert account["customer"]["name"] == "Rahul Sharma"
    assert account["customer"]["balance_mb"] == 2560
    assert account["customer"]["plan"]["plan_name"] == "Smart 249"


@pytest.mark.parametrize(
    ("phone", "message", "code"),
    [
        ("9000000001", "no customer with phone 9000000001", 3),
        ("12345", "is not a 10-digit mobile number", 2),
    ],
)
def test_bad_phone_gives_one_clear_line(seeded_url, phone, message, code):
    result = run("customer", phone, url=seeded_url)
    assert result.returncode == code
    assert message in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_seeding_twice_without_reset_is_refused(seeded_url):
    result = run("seed", url=seeded_url)
    assert result.returncode == 2 and "--reset" in result.stderr
    assert run("seed", "--if-empty", url=seeded_url).returncode == 0


def test_unreachable_database_names_the_host_and_hides_the_password():
    result = run(
        "customer", "9876543210", url="mysql+pymysql://root:s3cr3t-pw@127.0.0.1:1/helpline"
    )
    assert result.returncode == 4
    assert "127.0.0.1:1" in result.stderr
    assert "s3cr3t-pw" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_missing_schema_tells_how_to_create_it(sqlite_url):
    result = run("customer", "9876543210", url=sqlite_url)
    assert result.returncode == 2 and "helpline db upgrade" in result.stderr


def test_recharge_by_price_updates_the_account(seeded_url):
    result = run("recharge", "9876543210", "--plan", "299", url=seeded_url)
    assert result.returncode == 0, result.stderr
    assert "Super Saver" in result.stdout
    account = json.loads(run("customer", "9876543210", "--json", url=seeded_url).stdout)
    assert account["customer"]["plan"]["plan_name"] == "Super Saver"
    assert account["customer"]["balance_mb"] == 2560 + 2048


@pytest.mark.parametrize("plan", ["250", "Gold Unlimited", "#999"])
def test_recharge_with_a_plan_that_does_not_exist_is_refused_and_changes_nothing(seeded_url, plan):
    before = run("customer", "9876543210", "--json", url=seeded_url).stdout
    result = run("recharge", "9876543210", "--plan", plan, url=seeded_url)
    assert result.returncode == 3 and "no plan" in result.stderr
    assert "Traceback" not in result.stderr
    assert run("customer", "9876543210", "--json", url=seeded_url).stdout == before


def test_rebuild_kpis_recounts_the_summary_a_bulk_load_left_empty(sqlite_url):
    assert run("db", "upgrade", url=sqlite_url).returncode == 0
    assert run("seed", "--customers", "5", url=sqlite_url).returncode == 0
    database = open_database(Settings(database_url=sqlite_url))
    try:
        with database.engine.begin() as conn:
            for table in (ComplaintKpiCell, ComplaintKpiDuration, ComplaintSession):
                conn.execute(delete(table))
            complaints = conn.scalar(select(func.count()).select_from(Complaint))
            assert complaints and not in_step(conn)
        now = utcnow()
        from_rows = compute_kpis(database, now=now)  # the summary is short: counted from the rows
        result = run("db", "rebuild-kpis", url=sqlite_url)
        assert result.returncode == 0, result.stderr
        assert f"counted {complaints} complaints" in result.stdout
        assert len(result.stdout.strip().splitlines()) == 1
        with database.engine.connect() as conn:
            assert in_step(conn)
        assert compute_kpis(database, now=now) == from_rows
    finally:
        database.dispose()


def test_rebuild_kpis_before_the_summary_migration_tells_how_to_add_it(sqlite_url):
    database = open_database(Settings(database_url=sqlite_url))
    migrate.upgrade(database.engine, "0002")
    database.dispose()
    result = run("db", "rebuild-kpis", url=sqlite_url)
    assert result.returncode == 2 and "helpline db upgrade" in result.stderr
    assert "Traceback" not in result.stderr


def test_rebuild_kpis_on_an_unreachable_database_gives_one_clear_line():
    result = run("db", "rebuild-kpis", url="mysql+pymysql://root:s3cr3t-pw@127.0.0.1:1/helpline")
    assert result.returncode == 4 and "127.0.0.1:1" in result.stderr
    assert "s3cr3t-pw" not in result.stderr + result.stdout
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
