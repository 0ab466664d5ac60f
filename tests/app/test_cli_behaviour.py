"""What a CLI user expects: version, exit codes, clear lines, no stray files, fast start."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from cli_kit import one_line_error, run

from helpline.store.db import Database

LIGHT_START = """
import sys
import helpline.cli
heavy = ["sklearn", "numpy", "sqlalchemy", "helpline.engine", "helpline.store.models",
         "faster_whisper", "pydantic_settings"]
print(json.dumps([m for m in heavy if m in sys.modules]))
"""


def test_version_and_python_dash_m() -> None:
    from helpline import __version__

    assert run("--version").stdout.strip() == f"helpline {__version__}"
    done = subprocess.run(
        [sys.executable, "-m", "helpline", "--help"], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "Usage: helpline" in done.stdout


def test_the_command_starts_without_the_heavy_libraries() -> None:
    done = subprocess.run(
        [sys.executable, "-c", "import json\n" + LIGHT_START],
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert json.loads(done.stdout) == []


def test_a_bad_setting_is_one_line_naming_the_variable() -> None:
    result = run("plans", env={"HELPLINE_DB_POOL_SIZE": "abc"})
    assert result.returncode == 2
    assert one_line_error(result).startswith("error: HELPLINE_DB_POOL_SIZE='abc' is not valid")


def test_read_only_commands_create_no_database_file(tmp_path: Path) -> None:
    where = tmp_path / "data" / "helpline.db"
    url = f"sqlite:///{where}"
    for args in (["plans"], ["customer", "9876543210"], ["kpis"], ["summarize"], ["chat"]):
        result = run(*args, url=url, stdin="")
        assert result.returncode == 2, (args, result.stderr)
        assert "helpline db upgrade" in one_line_error(result)
    current = run("db", "current", url=url)
    assert current.returncode == 0 and "empty" in current.stdout
    assert not where.parent.exists()


def test_an_unknown_revision_is_one_line_and_creates_nothing(tmp_path: Path) -> None:
    where = tmp_path / "helpline.db"
    result = run("db", "upgrade", "9999", url=f"sqlite:///{where}")
    assert result.returncode == 2
    assert "unknown schema revision '9999'" in one_line_error(result)
    assert not where.exists()


def test_the_default_database_is_in_the_users_data_folder(tmp_path: Path) -> None:
    env = {"XDG_DATA_HOME": str(tmp_path / "xdg")}
    elsewhere = tmp_path / "some" / "folder"
    elsewhere.mkdir(parents=True)
    result = run("db", "current", "--json", env=env, cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["database"] == f"sqlite:///{tmp_path}/xdg/helpline/helpline.db"
    assert run("db", "upgrade", env=env, cwd=elsewhere).returncode == 0
    assert (tmp_path / "xdg" / "helpline" / "helpline.db").exists()
    assert list(elsewhere.iterdir()) == []


@pytest.mark.parametrize(
    ("args", "choices"),
    [
        (["kpis", "--department", "Netwrk"], "one of: Network, Billing"),
        (["summarize", "--status", "pending"], "one of: open, in_progress"),
        (["complaints", "list", "--department", "nope"], "one of: Network"),
    ],
)
def test_an_unknown_filter_is_refused_with_the_choices(
    seeded: Database, args: list[str], choices: str
) -> None:
    result = run(*args, url=str(seeded.engine.url))
    assert result.returncode == 2 and choices in one_line_error(result)


def test_plans_say_one_day_not_one_days(seeded: Database) -> None:
    result = run("plans", url=str(seeded.engine.url), env={"COLUMNS": "200"})
    assert result.returncode == 0, result.stderr
    assert "1 day " in result.stdout and "1 days" not in result.stdout
    assert "28 days" in result.stdout


def test_an_invalid_status_change_is_one_line(seeded: Database) -> None:
    url = str(seeded.engine.url)
    assert run("complaints", "status", "1", "closed", url=url).returncode == 0
    result = run("complaints", "status", "1", "open", url=url)
    assert result.returncode == 2 and "cannot move to open" in one_line_error(result)
    missing = run("complaints", "show", "999999", url=url)
    assert missing.returncode == 3 and "no ticket 999999" in one_line_error(missing)
