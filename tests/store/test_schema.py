from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select

from helpline.store import migrate
from helpline.store.models import Base, ComplaintKpiCell, ComplaintKpiDuration, ComplaintSession
from helpline.store.seed import seed

ORIGINAL_COLUMNS = {
    "users": {"user_id", "phone", "name", "plan_id", "balance_mb", "created_at"},
    "plans": {"plan_id", "plan_name", "price", "data_gb", "validity_days", "description"},
    "transactions": {"txn_id", "user_id", "amount", "txn_date", "status", "description"},
    "conversations": {
        "id",
        "phone",
        "customer_name",
        "user_input",
        "bot_response",
        "timestamp",
        "sentiment",
    },
    "complaints": {
        "complaint_id",
        "conversation_id",
        "complaint_type",
        "department",
        "priority",
        "description",
        "status",
        "created_at",
        "resolved_at",
        "entities",
    },
}


def test_migration_keeps_every_table_and_column_of_the_original_design(database):
    inspector = inspect(database.engine)
    for table, columns in ORIGINAL_COLUMNS.items():
        present = {c["name"] for c in inspector.get_columns(table)}
        assert columns <= present, f"{table} lacks {columns - present}"


def test_migration_creates_the_original_indexes_and_foreign_keys(database):
    inspector = inspect(database.engine)
    assert {"idx_phone", "idx_timestamp"} <= {
        i["name"] for i in inspector.get_indexes("conversations")
    }
    assert {"idx_department", "idx_status", "idx_priority"} <= {
        i["name"] for i in inspector.get_indexes("complaints")
    }
    assert any(
        i["unique"] and i["column_names"] == ["phone"] for i in inspector.get_indexes("users")
    ) or any(u["column_names"] == ["phone"] for u in inspector.get_unique_constraints("users"))
    referred = {fk["referred_table"] for fk in inspector.get_foreign_keys("complaints")}
    assert {"conversations", "users"} <= referred
    assert {fk["referred_table"] for fk in inspector.get_foreign_keys("users")} == {"plans"}


def test_operator_additions_exist_beside_the_original_schema(database):
    tables = set(inspect(database.engine).get_table_names())
    assert {"complaint_status_history", "staff", "audit_log", "handoffs"} <= tables
    user_columns = {c["name"] for c in inspect(database.engine).get_columns("users")}
    assert {"plan_expires_at", "main_balance"} <= user_columns


def test_upgrade_is_at_head_and_running_it_again_changes_nothing(database):
    assert migrate.current_revision(database.engine) == migrate.head_revision()
    migrate.upgrade(database.engine)
    assert migrate.current_revision(database.engine) == migrate.head_revision()


def test_downgrade_to_base_removes_the_tables(database):
    migrate.downgrade(database.engine, "base")
    assert "users" not in inspect(database.engine).get_table_names()


def test_kpi_summary_migration_counts_the_complaints_already_there(database):
    seed(database.engine, customers=12, complaints_per_customer=3)
    with database.engine.connect() as conn:
        seeded = [
            sorted(tuple(r) for r in conn.execute(select(t)))
            for t in (ComplaintKpiCell, ComplaintKpiDuration, ComplaintSession)
        ]
    assert sum(r[5] for r in seeded[0]) > 0 and seeded[2]
    migrate.downgrade(database.engine, "0002")
    migrate.upgrade(database.engine)
    with database.engine.connect() as conn:
        assert seeded == [
            sorted(tuple(r) for r in conn.execute(select(t)))
            for t in (ComplaintKpiCell, ComplaintKpiDuration, ComplaintSession)
        ]


def test_the_migrations_build_the_schema_the_models_describe(database):
    """Alembic finds nothing to add or drop between the migrated database and the models."""
    dialect = database.engine.dialect.name

    def built_here(obj: object, name: str, type_: str, reflected: bool, compare_to: object) -> bool:
        # Some indexes are built on some backends only (Index.ddl_if).
        condition = getattr(obj, "_ddl_if", None)
        if type_ != "index" or reflected or condition is None or not condition.dialect:
            return True
        allowed = condition.dialect
        return dialect in ((allowed,) if isinstance(allowed, str) else allowed)

    with database.engine.connect() as conn:
        context = MigrationContext.configure(
            conn, opts={"compare_type": False, "include_object": built_here}
        )
        differences = compare_metadata(context, Base.metadata)
    assert differences == []
