"""`helpline kpis` and `helpline summarize` run as a user runs them, on a seeded SQLite file."""

import json
import os
import subprocess
import sys

import pytest

from helpline.complaints.filters import ComplaintFilter
from helpline.complaints.kpis import compute_kpis
from helpline.config import Settings
from helpline.store.db import open_database

HELPLINE = [sys.executable, "-c", "from helpline.cli import main; main()"]


def run(*args: str, url: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HELPLINE_DATABASE_URL": url, "HELPLINE_LLM": "template"}
    env.pop("HELPLINE_REDIS_URL", None)
    return subprocess.run([*HELPLINE, *args], capture_output=True, text=True, env=env, timeout=120)


@pytest.fixture(scope="module")
def seeded_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('cli') / 'helpline.db'}"
    assert run("db", "upgrade", url=url).returncode == 0
    assert run("seed", url=url).returncode == 0
    return url


def test_kpis_json_matches_the_library(seeded_url):
    result = run("kpis", "--department", "network", "--json", url=seeded_url)
    assert result.returncode == 0, result.stderr
    shown = json.loads(result.stdout)
    database = open_database(Settings(database_url=seeded_url))
    expected = compute_kpis(database, ComplaintFilter.parse(department="Network"))
    assert shown["total"] == expected.total
    assert shown["by_status"] == expected.by_status
    assert shown["resolution"]["resolved"] == expected.resolution.resolved


def test_summarize_prints_the_summary_with_its_top_issue(seeded_url):
    result = run("summarize", "--json", url=seeded_url)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    top = summary["top_issues"][0]
    assert summary["writer"] == "template"
    assert top["key"].replace("_", " ") in summary["executive"]
    table = run("summarize", "--department", "Billing", url=seeded_url)
    assert table.returncode == 0, table.stderr
    assert "Top issues" in table.stdout and "Recommendations" in table.stdout


def test_bad_filter_is_one_clear_line(seeded_url):
    result = run("kpis", "--status", "pending", url=seeded_url)
    assert result.returncode == 2
    assert "unknown status 'pending'" in result.stderr
