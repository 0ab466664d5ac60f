from sqlalchemy import inspect

from helpline.store import migrate

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
