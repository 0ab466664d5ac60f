from datetime import timedelta
from decimal import Decimal

from sqlalchemy import func, select

from helpline.store import seed as seeding
from helpline.store.clock import utcnow
from helpline.store.customers import get_account
from helpline.store.models import (
    Complaint,
    ComplaintStatusChange,
    Conversation,
    Plan,
    Transaction,
    User,
)
from helpline.store.plans import list_plans


def test_seed_creates_the_demo_customer_the_docs_use(database):
    seeding.seed(database.engine)
    with database.sessions() as session:
        account = get_account(session, "9876543210")
    c = account.customer
    assert c.name == "Rahul Sharma"
    assert c.balance_mb == Decimal("2560")
    assert c.days_left(utcnow()) == 15
    assert account.transactions, "the demo customer has a recharge history"


def test_seed_catalogue_spans_the_price_and_validity_range(database):
    seeding.seed(database.engine)
    with database.sessions() as session:
        plans = list_plans(session)
    assert len(plans) >= 12
    assert min(p.price for p in plans) == 19 and max(p.price for p in plans) == 3599
    assert {1, 28, 56, 84, 365} <= {p.validity_days for p in plans}
    assert {Decimal("1.5"), Decimal("2")} <= {p.daily_data_gb for p in plans if p.daily_data_gb}


def test_seed_spreads_complaints_over_departments_priorities_and_statuses(database):
    report = seeding.seed(database.engine, customers=60)
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(User)) == 60
        complaints = session.execute(
            select(Complaint.department, Complaint.priority, Complaint.status)
        ).all()
        oldest_txn = session.scalar(select(func.min(Transaction.txn_date)))
        history = session.scalar(select(func.count()).select_from(ComplaintStatusChange))
        conversations = session.scalar(select(func.count()).select_from(Conversation))
    assert len(complaints) == report.complaints == sum(report.by_theme.values())
    assert {d for d, _, _ in complaints} == {
        "Network",
        "Billing",
        "Payments",
        "SIM",
        "Customer Service",
    }
    assert {p for _, p, _ in complaints} == {"HIGH", "MEDIUM", "LOW"}
    assert {"open", "in_progress", "resolved", "closed"} <= {s for _, _, s in complaints}
    assert oldest_txn < utcnow() - timedelta(days=120)
    assert history >= len(complaints)
    assert conversations > len(complaints)


def test_seed_is_deterministic_for_a_given_random_seed(tmp_path, database_at):
    counts = []
    for name in ("a", "b"):
        database = database_at(f"sqlite:///{tmp_path / name}.db")
        counts.append(seeding.seed(database.engine, customers=200, random_seed=3).by_theme)
    assert counts[0] == counts[1]


def test_reset_empties_every_table(database):
    seeding.seed(database.engine, customers=10)
    seeding.reset(database.engine)
    assert seeding.is_empty(database.engine)
    with database.sessions() as session:
        assert session.scalar(select(func.count()).select_from(Plan)) == 0
