"""An operator's recharge (`helpline recharge`, Accounts.recharge) whose COMMIT answer is lost:
settled by its idempotency key, and a run again with the same key never pays twice.

The fault proxy sits between the application and the real MariaDB / PostgreSQL.
"""

import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from engine_kit import DEMO_PHONE
from fault_proxy import COMMIT, FaultProxy
from sqlalchemy import func, select

from helpline.app import Helpline
from helpline.app.errors import CommitOutcomeUnknown, ErrorKind, kind_of
from helpline.config import Settings
from helpline.store.db import Database
from helpline.store.models import Transaction

SERVERS = [
    pytest.param("mysql", marks=pytest.mark.mysql),
    pytest.param("postgres", marks=pytest.mark.postgres),
]


def payments(database: Database) -> int:
    with database.sessions() as session:
        return session.scalar(select(func.count()).select_from(Transaction)) or 0


@pytest.mark.parametrize("db_url", SERVERS, indirect=True)
def test_a_lost_commit_answer_is_settled_by_the_key_and_the_key_never_pays_again(
    db_url: str, seeded_server: Database, proxy: FaultProxy
) -> None:
    before = payments(seeded_server)
    with Helpline(Settings(database_url=proxy.url_for(db_url))) as app:
        app.accounts.plans()  # the connection is open before the fault is armed
        proxy.cut_after(COMMIT[seeded_server.engine.dialect.name])
        receipt = app.accounts.recharge(DEMO_PHONE, "299", key="order-8812")
        assert proxy.cuts == 1, "the fault must have fired on the recharge's COMMIT"
        assert not receipt.replayed and receipt.plan.plan_name == "Super Saver"
        again = app.accounts.recharge(DEMO_PHONE, "299", key="order-8812")
    assert again.replayed and again.txn_id == receipt.txn_id
    assert payments(seeded_server) == before + 1


@pytest.mark.parametrize("db_url", SERVERS, indirect=True)
def test_a_recharge_the_database_cannot_confirm_names_its_key_and_the_retry_pays_once(
    db_url: str, seeded_server: Database, proxy: FaultProxy
) -> None:
    before = payments(seeded_server)
    with Helpline(Settings(database_url=proxy.url_for(db_url))) as app:
        app.accounts.plans()
        proxy.cut_after(COMMIT[seeded_server.engine.dialect.name])
        with ThreadPoolExecutor(1) as pool:
            recharging = pool.submit(app.accounts.recharge, DEMO_PHONE, "299")
            while proxy.cuts == 0 and not recharging.done():
                time.sleep(0.001)
            proxy.down()  # and the database stays out of reach while the key is looked up
            with pytest.raises(CommitOutcomeUnknown, match="--key ") as raised:
                recharging.result(timeout=120)
        assert kind_of(raised.value) is ErrorKind.UNAVAILABLE  # exit 4, not a usage error
        key = str(raised.value).split("--key ")[1].split(":")[0]
        proxy.up()
        retried = app.accounts.recharge(DEMO_PHONE, "299", key=key)
    assert retried.replayed  # the first one had landed: nothing was charged again
    assert payments(seeded_server) == before + 1
