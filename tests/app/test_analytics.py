"""Analytics and database administration through the application layer."""

from pathlib import Path

import pytest

from helpline.app import Helpline, load_settings
from helpline.app.errors import (
    CustomerNotFound,
    DatabaseUnavailable,
    ErrorKind,
    InvalidInput,
    SchemaMissing,
    SettingsInvalid,
    kind_of,
)
from helpline.app.models import KpisPublic, SummaryPublic


def test_kpis_summary_and_emerging_issues_are_typed(helpline: Helpline) -> None:
    scope = helpline.analytics.scope(department="network")
    kpis = helpline.analytics.kpis(scope)
    assert kpis.total == sum(kpis.by_status.values()) > 0
    assert set(kpis.by_department) == {"Network"}
    assert KpisPublic.model_validate_json(kpis.model_dump_json()) == kpis
    summary = helpline.analytics.summary()
    assert summary.top_issues and summary.writer == "template"
    assert SummaryPublic.model_validate_json(summary.model_dump_json()) == summary
    emerging = helpline.analytics.emerging()
    assert {(e.kind, e.name) for e in emerging.items} >= {("department", "Network")}


def test_reading_a_missing_sqlite_file_creates_nothing(tmp_path: Path, helpline_at) -> None:
    where = tmp_path / "nowhere" / "helpline.db"
    app = helpline_at(f"sqlite:///{where}")
    with pytest.raises(SchemaMissing, match="helpline db upgrade"):
        app.accounts.plans()
    assert app.database.current().revision is None
    with pytest.raises(InvalidInput, match="unknown schema revision 'nope'"):
        app.database.upgrade("nope")
    assert not where.parent.exists()
    assert app.database.upgrade().up_to_date
    assert where.exists()


def test_seed_and_rebuild_report_what_they_did(tmp_path: Path, helpline_at) -> None:
    app = helpline_at(f"sqlite:///{tmp_path / 'h.db'}")
    app.database.upgrade()
    seen: list[tuple[int, int]] = []
    report = app.database.seed(
        customers=20, progress=lambda done, total: seen.append((done, total))
    )
    assert report.customers == 20 and report.complaints > 0 and seen[-1] == (20, 20)
    assert not app.database.seed(if_empty=True).seeded
    assert app.database.rebuild_kpis().complaints == report.complaints


def test_a_bad_setting_is_one_line_naming_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPLINE_DB_POOL_SIZE", "abc")
    with pytest.raises(SettingsInvalid) as caught:
        load_settings()
    assert str(caught.value).startswith("HELPLINE_DB_POOL_SIZE='abc' is not valid")
    assert "\n" not in str(caught.value)


def test_a_bad_secret_setting_is_named_without_its_value(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HELPLINE_GEMINI_API_KEY", "")
    monkeypatch.setenv("HELPLINE_LLM_ATTEMPTS", "99")
    with pytest.raises(SettingsInvalid, match="HELPLINE_LLM_ATTEMPTS"):
        load_settings()


def test_errors_have_a_kind_front_ends_map() -> None:
    assert kind_of(CustomerNotFound("x")) is ErrorKind.NOT_FOUND
    assert kind_of(DatabaseUnavailable("x")) is ErrorKind.UNAVAILABLE
    assert kind_of(InvalidInput("x")) is ErrorKind.INVALID
