from pathlib import Path

import pytest
from pydantic import SecretStr

from helpline.app.core import load_settings
from helpline.app.errors import SettingsInvalid
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


def test_the_api_url_must_be_an_http_address_and_blank_means_unset(monkeypatch):
    monkeypatch.setenv("HELPLINE_API_URL", "http://127.0.0.1:8000")
    assert str(load_settings().api_url) == "http://127.0.0.1:8000/"
    monkeypatch.setenv("HELPLINE_API_URL", "  ")
    assert load_settings().api_url is None
    for bad in ("ftp://api.example", "127.0.0.1:8000", "not a url"):
        monkeypatch.setenv("HELPLINE_API_URL", bad)
        with pytest.raises(SettingsInvalid, match="HELPLINE_API_URL"):
            load_settings()


def test_a_database_wait_must_fit_in_half_the_turn_budget():
    assert Settings().db_timeout_s * 2 <= Settings().turn_budget_s
    with pytest.raises(ValueError, match="HELPLINE_TURN_BUDGET_S"):
        Settings(db_timeout_s=6)
    assert Settings(db_timeout_s=6, turn_budget_s=12).turn_budget_s == 12
