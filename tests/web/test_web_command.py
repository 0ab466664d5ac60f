"""`helpline web` refuses, with the command that fixes it, a database without helpline's tables."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from helpline.app.errors import SchemaMissing
from helpline.cli import app


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
