"""The benchmark databases of the complaint analytics, built once and kept in benchmarks/.cache/.

The demo seed writes them (bulk inserts in chunks), so they hold the same themes, priorities,
sentiments and status histories as the demo operator, only more of them.
"""

import time
from pathlib import Path

from sqlalchemy import func, select

from helpline.config import Settings
from helpline.store import migrate
from helpline.store import seed as seeding
from helpline.store.db import Database, open_database
from helpline.store.models import Complaint

CACHE = Path(__file__).parent / ".cache"


def complaints_database(complaints: int) -> Database:
    """A migrated SQLite database holding at least `complaints` seeded complaints."""
    CACHE.mkdir(exist_ok=True)
    path = CACHE / f"complaints_{complaints}.db"
    database = open_database(Settings(database_url=f"sqlite:///{path}"))
    # Migrations added since the file was built (an index, say) are applied to it as well.
    migrate.upgrade(database.engine)
    with database.engine.connect() as conn:
        have = conn.scalar(select(func.count()).select_from(Complaint)) or 0
    if have < complaints:
        started = time.perf_counter()
        seeding.reset(database.engine)
        # Ten complaints per customer keeps the customer, transaction and conversation tables
        # a realistic size beside the complaints; 2% extra covers the Poisson draw's spread.
        customers = max(60, int(complaints / 10 * 1.02))
        report = seeding.seed(database.engine, customers=customers, complaints_per_customer=10)
        print(
            f"built {path.name}: {report.complaints} complaints from {report.customers} customers "
            f"in {time.perf_counter() - started:.0f} s"
        )
    return database
