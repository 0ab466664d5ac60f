"""Emerging issues: the seed's tower outage in UP East is found; quiet areas are not flagged."""

from datetime import timedelta

import pytest
from complaints_kit import NOW
from sqlalchemy import insert

from helpline.complaints.emerging import detect_emerging, poisson_tail
from helpline.store.models import Complaint
from helpline.store.seed import seed, seed_data


@pytest.mark.parametrize("random_seed", [7, 11])
def test_seeded_outage_is_flagged_with_the_size_of_the_jump(sqlite_database, random_seed):
    seed(sqlite_database.engine, customers=400, now=NOW, random_seed=random_seed)
    spike = seed_data()["emerging_spike"]
    found = detect_emerging(sqlite_database, now=NOW)
    circles = [i for i in found if i.kind == "circle"]
    assert [i.name for i in circles] == [spike["circle"]]
    outage = circles[0]
    assert outage.top_type == spike["theme"]
    assert outage.ratio >= 2
    assert outage.recent_per_day > outage.baseline_per_day
    assert outage.extra >= spike["extra_per_1000_customers"] * 400 // 1000 - 2


def test_steady_complaints_are_not_an_emerging_issue(sqlite_database):
    rows = [
        {
            "complaint_type": "slow_data",
            "department": "Network",
            "priority": "MEDIUM",
            "description": "Internet slow hai",
            "status": "open",
            "created_at": NOW - timedelta(hours=12 * i + 1),
            "updated_at": NOW,
            "entities": [],
            "circle": "Delhi",
            "report_count": 1,
        }
        for i in range(62)  # two a day for 31 days
    ]
    with sqlite_database.engine.begin() as conn:
        conn.execute(insert(Complaint), rows)
    assert detect_emerging(sqlite_database, now=NOW) == []


def test_poisson_tail_matches_known_values():
    assert poisson_tail(0, 3.0) == 1.0
    assert poisson_tail(1, 2.0) == pytest.approx(1 - 0.1353352832, rel=1e-9)
    assert poisson_tail(5, 0.2) == pytest.approx(2.2581905529578e-06, rel=1e-9)
    assert poisson_tail(4000, 1400.0) == 0.0  # far beyond: underflows cleanly, no loop
