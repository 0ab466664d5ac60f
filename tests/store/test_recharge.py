import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from helpline.errors import CustomerNotFound, InvalidPhone, PlanNotFound
from helpline.store import seed as seeding
from helpline.store.clock import utcnow
from helpline.store.customers import get_customer_by_phone
from helpline.store.models import DataPack, Transaction
from helpline.store.plans import find_plan_by_price
from helpline.store.recharge import apply_recharge, find_recharge

PHONE = "9876543210"

# A trigger that fails the customer's UPDATE: the payment INSERT before it has already been
# written inside the transaction, so this is a failure after the first write.
FAIL_UPDATE = {
    "sqlite": [
        "CREATE TRIGGER fail_recharge BEFORE UPDATE ON users "
        "BEGIN SELECT RAISE(ABORT, 'injected failure'); END"
    ],
    "mysql": [
        "CREATE TRIGGER fail_recharge BEFORE UPDATE ON users FOR EACH ROW "
        "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected failure'"
    ],
    "postgresql": [
        "CREATE FUNCTION fail_recharge() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'injected failure'; END $$ LANGUAGE plpgsql",
        "CREATE TRIGGER fail_recharge BEFORE UPDATE ON users FOR EACH ROW "
        "EXECUTE FUNCTION fail_recharge()",
    ],
}


@pytest.fixture
def seeded(database):
    seeding.seed(database.engine, customers=5)
    return database


def _state(database):
    with database.sessions() as session:
        customer = get_customer_by_phone(session, PHONE)
        txns = session.scalar(
            select(func.count())
            .select_from(Transaction)
            .where(Transaction.user_id == customer.user_id)
        )
    return customer, txns


def test_recharge_switches_plan_and_adds_data_and_validity_together(seeded):
    before, txns_before = _state(seeded)
    with seeded.sessions() as session:
        plan = find_plan_by_price(session, 299)
    result = apply_recharge(seeded.sessions, PHONE, plan.plan_id)
    after, txns_after = _state(seeded)
    assert after.plan.plan_name == "Super Saver"
    assert after.balance_mb == before.balance_mb + Decimal(2048)
    assert after.plan_expires_at == before.plan_expires_at + timedelta(days=28)
    assert txns_after == txns_before + 1
    assert result.balance_mb == after.balance_mb and result.plan_expires_at == after.plan_expires_at


def test_data_pack_adds_data_but_keeps_the_plan_and_its_validity(seeded):
    before, _ = _state(seeded)
    with seeded.sessions() as session:
        pack = find_plan_by_price(session, 19)
    apply_recharge(seeded.sessions, PHONE, pack.plan_id)
    after, _ = _state(seeded)
    assert after.plan.plan_id == before.plan.plan_id
    assert after.plan_expires_at == before.plan_expires_at
    assert after.balance_mb == before.balance_mb + Decimal("1536")


def test_recharge_rolls_back_the_payment_when_the_account_update_fails(seeded):
    before, txns_before = _state(seeded)
    with seeded.engine.begin() as conn:
        for statement in FAIL_UPDATE[seeded.backend]:
            conn.execute(text(statement))
    with seeded.sessions() as session:
        plan = find_plan_by_price(session, 299)
    with pytest.raises(DBAPIError, match="injected failure"):
        apply_recharge(seeded.sessions, PHONE, plan.plan_id)
    after, txns_after = _state(seeded)
    assert txns_after == txns_before, "the payment written first must be rolled back"
    assert (after.balance_mb, after.plan_expires_at, after.plan) == (
        before.balance_mb,
        before.plan_expires_at,
        before.plan,
    )


def test_two_concurrent_recharges_of_one_customer_both_land(seeded):
    before, txns_before = _state(seeded)
    with seeded.sessions() as session:
        plan = find_plan_by_price(session, 199)
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def recharge() -> None:
        barrier.wait()
        try:
            apply_recharge(seeded.sessions, PHONE, plan.plan_id)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=recharge) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors
    after, txns_after = _state(seeded)
    assert txns_after == txns_before + 2
    assert after.balance_mb == before.balance_mb + 2 * Decimal(1024)
    assert after.plan_expires_at == before.plan_expires_at + timedelta(days=56)


@pytest.mark.parametrize(
    ("phone", "plan_id", "error"),
    [
        ("9876543210", 9999, PlanNotFound),
        ("9000000001", 1, CustomerNotFound),
        ("12345", 1, InvalidPhone),
    ],
)
def test_bad_recharge_raises_and_changes_nothing(seeded, phone, plan_id, error):
    before = _state(seeded)
    with pytest.raises(error):
        apply_recharge(seeded.sessions, phone, plan_id)
    assert _state(seeded) == before


def test_a_key_already_used_reads_back_the_first_recharge_and_writes_nothing(seeded):
    with seeded.sessions() as session:
        plan = find_plan_by_price(session, 299)
    first = apply_recharge(seeded.sessions, PHONE, plan.plan_id, key="offer-1")
    after_first, txns = _state(seeded)
    again = apply_recharge(seeded.sessions, PHONE, plan.plan_id, key="offer-1")
    after_again, txns_again = _state(seeded)
    assert (first.replayed, again.replayed) == (False, True)
    assert again.txn_id == first.txn_id and again.reference == first.reference
    assert txns_again == txns
    assert after_again.balance_mb == after_first.balance_mb == again.balance_mb
    assert again.plan_expires_at == after_first.plan_expires_at


def test_two_racing_confirmations_with_one_key_pay_once(seeded):
    before, txns_before = _state(seeded)
    with seeded.sessions() as session:
        plan = find_plan_by_price(session, 199)
    barrier = threading.Barrier(2)
    results: list[object] = []

    def recharge() -> None:
        barrier.wait()
        try:
            results.append(apply_recharge(seeded.sessions, PHONE, plan.plan_id, key="offer-2"))
        except BaseException as exc:
            results.append(exc)

    threads = [threading.Thread(target=recharge) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert all(not isinstance(r, BaseException) for r in results), results
    assert sorted(r.replayed for r in results) == [False, True]
    after, txns_after = _state(seeded)
    assert txns_after == txns_before + 1
    assert after.balance_mb == before.balance_mb + Decimal(1024)


def test_the_unique_key_refuses_a_second_payment_written_past_the_check(seeded):
    """The constraint itself, as a racing writer that skipped the lookup would meet it."""
    with seeded.sessions() as session:
        plan = find_plan_by_price(session, 199)
    first = apply_recharge(seeded.sessions, PHONE, plan.plan_id, key="offer-3")
    with pytest.raises(IntegrityError), seeded.sessions.begin() as session:
        session.add(
            Transaction(
                user_id=session.get(Transaction, first.txn_id).user_id,
                amount=plan.price,
                status="success",
                idempotency_key="offer-3",
            )
        )
    assert find_recharge(seeded.sessions, "offer-3").txn_id == first.txn_id
    assert find_recharge(seeded.sessions, "no-such-offer") is None


def test_operator_recharges_without_a_key_still_add_up(seeded):
    _, txns_before = _state(seeded)
    with seeded.sessions() as session:
        plan = find_plan_by_price(session, 19)
    for _ in range(2):
        assert not apply_recharge(seeded.sessions, PHONE, plan.plan_id, actor="operator").replayed
    assert _state(seeded)[1] == txns_before + 2


def _packs(database) -> list[DataPack]:
    with database.sessions() as session:
        user_id = get_customer_by_phone(session, PHONE).user_id
        return list(session.scalars(select(DataPack).where(DataPack.user_id == user_id)))


def _plan(database, price: int):
    with database.sessions() as session:
        return find_plan_by_price(session, price)


def test_a_booster_holds_its_data_for_its_own_days_beside_the_plan(seeded):
    before, _ = _state(seeded)
    result = apply_recharge(seeded.sessions, PHONE, _plan(seeded, 19).plan_id)
    after, _ = _state(seeded)
    (pack,) = _packs(seeded)
    assert pack.valid_until == pack.bought_at + timedelta(days=1) == pack.expires_at
    assert result.pack_expires_at == pack.expires_at == after.pack_expires_at
    assert after.pack_mb == Decimal(1536) and after.balance_mb == before.balance_mb + 1536
    assert after.plan_expires_at == before.plan_expires_at


def test_a_pack_longer_than_the_plan_lapses_with_the_plan(seeded):
    before, _ = _state(seeded)  # the demo plan has 15 days left; the add-on is for 28
    result = apply_recharge(seeded.sessions, PHONE, _plan(seeded, 58).plan_id)
    (pack,) = _packs(seeded)
    assert pack.valid_until == pack.bought_at + timedelta(days=28)
    assert result.pack_expires_at == pack.expires_at == before.plan_expires_at


def test_a_base_plan_bought_while_one_runs_carries_the_packs_to_their_own_days(seeded):
    apply_recharge(seeded.sessions, PHONE, _plan(seeded, 58).plan_id)
    apply_recharge(seeded.sessions, PHONE, _plan(seeded, 19).plan_id)
    apply_recharge(seeded.sessions, PHONE, _plan(seeded, 249).plan_id)
    after, _ = _state(seeded)
    assert after.plan_expires_at is not None
    for pack in _packs(seeded):
        assert pack.expires_at == min(pack.valid_until, after.plan_expires_at)
    assert {p.expires_at == p.valid_until for p in _packs(seeded)} == {True}


def test_a_lapsed_pack_no_longer_counts(seeded):
    apply_recharge(seeded.sessions, PHONE, _plan(seeded, 29).plan_id)
    with_pack, _ = _state(seeded)
    with seeded.engine.begin() as conn:  # a day on: the booster's time is up
        conn.execute(update(DataPack).values(expires_at=utcnow() - timedelta(minutes=1)))
    lapsed, _ = _state(seeded)
    assert with_pack.pack_mb == Decimal(2048) and lapsed.pack_mb == 0
    assert lapsed.balance_mb == with_pack.balance_mb - 2048
    assert lapsed.pack_expires_at is None


def test_a_replayed_pack_recharge_reads_back_its_expiry_and_adds_nothing(seeded):
    pack = _plan(seeded, 19)
    first = apply_recharge(seeded.sessions, PHONE, pack.plan_id, key="offer-pack")
    again = apply_recharge(seeded.sessions, PHONE, pack.plan_id, key="offer-pack")
    assert again.replayed and again.pack_expires_at == first.pack_expires_at
    assert again.balance_mb == first.balance_mb and len(_packs(seeded)) == 1
