"""The offline summary of the seeded demo operator finds the complaint themes the seed wrote."""

import pytest
from complaints_kit import NOW

from helpline.complaints.brief import summarize
from helpline.complaints.filters import ComplaintFilter
from helpline.complaints.grouping import tokens
from helpline.config import Settings
from helpline.store import migrate
from helpline.store.db import open_database
from helpline.store.seed import seed, seed_data


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('seed') / 'helpline.db'}"
    database = open_database(Settings(database_url=url))
    migrate.upgrade(database.engine)
    report = seed(database.engine, customers=300, now=NOW)
    yield database, report
    database.dispose()


def test_summary_names_each_seeded_theme_with_its_count(seeded):
    database, report = seeded
    summary = summarize(database, settings=Settings(llm="template"), now=NOW)
    assert {i.key: i.count for i in summary.top_issues} == report.by_theme
    assert summary.figures.total == report.complaints
    assert [i.count for i in summary.top_issues] == sorted(report.by_theme.values(), reverse=True)
    assert sum(i.share for i in summary.top_issues) == pytest.approx(100, abs=0.5)
    assert summary.writer == "template"


def test_each_group_is_named_from_words_its_own_theme_uses(seeded):
    database, _ = seeded
    summary = summarize(database, settings=Settings(llm="template"), now=NOW)
    themes = seed_data()["complaint_themes"]
    for issue in summary.top_issues:
        own = set(tokens(" ".join(themes[issue.key]["descriptions"])))
        assert len(issue.words) == 3
        assert set(issue.words) <= own, (issue.key, issue.words)
        # Telling words: each is used more by this theme's descriptions than by the average theme.
        for word in issue.words:
            rates = {
                name: sum(tokens(d).count(word) for d in spec["descriptions"])
                / len(spec["descriptions"])
                for name, spec in themes.items()
            }
            assert rates[issue.key] > sum(rates.values()) / len(rates), (issue.key, word)


def test_executive_summary_states_the_real_figures(seeded):
    database, report = seeded
    summary = summarize(database, settings=Settings(llm="template"), now=NOW)
    top_key, top_count = max(report.by_theme.items(), key=lambda kv: kv[1])
    text = summary.executive
    assert f"{report.complaints} complaints" in text
    assert top_key.replace("_", " ") in text and f"{top_count} complaints" in text
    assert 3 <= text.count(". ") + 1 <= 4
    assert summary.recommendations, "a manager always gets at least one action"
    assert summary.timeline.open == summary.figures.open


def test_department_summary_only_holds_that_departments_groups(seeded):
    database, report = seeded
    summary = summarize(
        database, ComplaintFilter.parse(department="Billing"), settings=Settings(), now=NOW
    )
    themes = seed_data()["complaint_themes"]
    billing = {k: n for k, n in report.by_theme.items() if themes[k]["department"] == "Billing"}
    assert {i.key: i.count for i in summary.top_issues} == billing
