from pathlib import Path

from pydantic import SecretStr

from helpline.config import Settings
from helpline.store.db import safe_url

ROOT = Path(__file__).resolve().parents[1]


def test_env_example_documents_every_setting():
    documented = (ROOT / ".env.example").read_text()
    missing = [
        f"HELPLINE_{name.upper()}"
        for name in Settings.model_fields
        if f"HELPLINE_{name.upper()}=" not in documented
    ]
    assert not missing


def test_settings_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("HELPLINE_DATABASE_URL", "mysql+pymysql://u:pw@h:4000/d")
    monkeypatch.setenv("HELPLINE_OTP", "on")
    settings = Settings()
    assert settings.otp == "on"
    assert isinstance(settings.database_url, SecretStr)
    assert "pw" not in repr(settings)


def test_database_url_is_shown_without_its_password():
    assert "pw" not in safe_url("mysql+pymysql://user:pw@host:4000/db")
