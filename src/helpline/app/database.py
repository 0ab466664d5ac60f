"""The database for operators: schema upgrades, the demo data, the KPI summary."""

import time

from helpline.app.core import UPGRADE_HINT, Context, Progress
from helpline.app.errors import HelplineError, InvalidInput, SchemaMissing
from helpline.app.models import KpiRebuild, Revision, SeedReport

KPI_SUMMARY_REVISION = "0003"  # the migration that adds the complaint KPI summary tables


class DatabaseAdmin:
    def __init__(self, context: Context) -> None:
        self._context = context

    def upgrade(self, revision: str = "head") -> Revision:
        """Create or migrate the schema to `revision` (the newest by default).

        An unknown revision is refused before the database is touched.
        """
        from helpline.store import migrate

        _check_revision(revision)
        database = self._context.database(create=True)
        migrate.upgrade(database.engine, revision)
        return self.current()

    def current(self) -> Revision:
        """The schema revision of the configured database; never creates a database file."""
        from helpline.store import migrate
        from helpline.store.db import safe_url

        head = migrate.head_revision()
        where = safe_url(self._context.settings.database_url.get_secret_value())
        try:
            database = self._context.database()
        except SchemaMissing:
            return Revision(database=where, revision=None, head=head, up_to_date=False)
        found = migrate.current_revision(database.engine)
        return Revision(database=where, revision=found, head=head, up_to_date=found == head)

    def seed(
        self,
        *,
        customers: int = 60,
        reset: bool = False,
        if_empty: bool = False,
        random_seed: int = 7,
        progress: Progress | None = None,
    ) -> SeedReport:
        """Fill the database with the demo operator; refuses to mix with existing data."""
        from helpline.app.staff import Staff
        from helpline.store import seed as seeding

        if customers < 1:
            raise InvalidInput("--customers must be at least 1")
        database = self._context.ready_database()
        if not seeding.is_empty(database.engine):
            if if_empty:
                Staff(self._context).ensure_demo()
                return SeedReport(
                    plans=0,
                    customers=0,
                    transactions=0,
                    conversations=0,
                    complaints=0,
                    seconds=0.0,
                    seeded=False,
                )
            if not reset:
                raise HelplineError("the database already has data: add --reset to replace it")
            seeding.reset(database.engine)
        started = time.perf_counter()
        report = seeding.seed(
            database.engine, customers=customers, random_seed=random_seed, progress=progress
        )
        Staff(self._context).ensure_demo()
        return SeedReport(
            plans=report.plans,
            customers=report.customers,
            transactions=report.transactions,
            conversations=report.conversations,
            complaints=report.complaints,
            seconds=round(time.perf_counter() - started, 2),
        )

    def rebuild_kpis(self) -> KpiRebuild:
        """Recount the complaint KPI summary from the complaints (after an outside bulk load)."""
        from helpline.store import migrate
        from helpline.store.kpi_summary import recount_kpi_summary

        database = self._context.ready_database()
        if not _reaches(migrate.current_revision(database.engine), KPI_SUMMARY_REVISION):
            raise SchemaMissing(f"the database has no KPI summary tables yet: {UPGRADE_HINT}")
        started = time.perf_counter()
        counted = recount_kpi_summary(database.engine)
        return KpiRebuild(complaints=counted, seconds=round(time.perf_counter() - started, 2))


def _reaches(current: str | None, wanted: str) -> bool:
    """Whether the schema at `current` includes migration `wanted`."""
    from alembic.script import ScriptDirectory

    from helpline.store import migrate

    if current is None:
        return False
    script = ScriptDirectory(str(migrate.MIGRATIONS))
    return any(r.revision == wanted for r in script.iterate_revisions(current, "base"))


def _check_revision(revision: str) -> None:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    from helpline.store import migrate

    script = ScriptDirectory(str(migrate.MIGRATIONS))
    try:
        found = script.get_revisions(revision)
    except CommandError:
        found = ()
    if not found:
        known = [s.revision for s in script.walk_revisions()]
        raise InvalidInput(
            f"unknown schema revision '{revision}' (head, or one of: {', '.join(sorted(known))})"
        )
