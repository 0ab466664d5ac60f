"""`helpline web` refuses, with the command that fixes it, a database without helpline's tables,
and hands the application it checked to the web app's first visitor."""

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner
from web_kit import log_in_customer

from helpline.app import Helpline
from helpline.app.errors import SchemaMissing
from helpline.app.held import hold, take
from helpline.cli import app
from helpline.config import Settings
from helpline.web.backend import InProcessBackend, backend


@pytest.mark.parametrize("made", [False, True])
def test_web_refuses_a_database_without_the_schema(
    made: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "helpline.db"
    if made:
        path.write_bytes(b"")  # an empty SQLite file: no tables
    monkeypatch.setenv("HELPLINE_DATABASE_URL", f"sqlite:///{path}")
    monkeypatch.delenv("HELPLINE_API_URL", raising=False)
    result = CliRunner().invoke(app, ["web", "--port", "8599"])
    assert isinstance(result.exception, SchemaMissing)
    assert "helpline db upgrade" in str(result.exception)
    assert "helpline web:" not in result.output  # refused before announcing the server
    assert path.exists() == made  # reading never creates the file


def test_the_first_visitor_uses_the_application_the_command_checked(
    web_url: str, customer: Callable[[], AppTest]
) -> None:
    checked = Helpline()  # as `helpline web` opens it, from the environment
    checked.context.ready_database()
    hold(checked)
    at = log_in_customer(customer())
    assert "Log in" not in " ".join(m.value for m in at.markdown)
    assert take(web_url) is None  # the page took it: no second application was built
    served = backend()
    assert isinstance(served, InProcessBackend) and served.helpline is checked
    served.helpline.close()


def test_a_held_application_goes_only_to_its_own_database(tmp_path: Path) -> None:
    first = Helpline(Settings(database_url=f"sqlite:///{tmp_path / 'a.db'}"))
    hold(first)
    assert take(f"sqlite:///{tmp_path / 'b.db'}") is None
    assert take(f"sqlite:///{tmp_path / 'a.db'}") is first
    assert take(f"sqlite:///{tmp_path / 'a.db'}") is None  # handed over once
    first.close()
