"""complaint analytics indexes

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 11:30:00

The KPIs count index ranges instead of reading rows: each index below covers the columns one
family of KPI queries filters on, so a million complaints are counted without touching the table.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

# How long a ticket took, in days, as SQLite computes it; the KPI queries use the same
# expression, which is what lets SQLite read it from the index (SQLite only: the servers sort it).
DURATION = "julianday(resolved_at) - julianday(created_at)"


def upgrade() -> None:
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.create_index(
            "idx_complaint_kpi",
            [
                "department",
                "status",
                "priority",
                "sentiment",
                "created_at",
                "resolved_at",
                "due_at",
                "phone",
                "report_count",
            ],
        )
        batch_op.create_index(
            "idx_complaint_day",
            [
                "created_at",
                "department",
                "status",
                "priority",
                "sentiment",
                "resolved_at",
                "due_at",
            ],
        )
        batch_op.create_index("idx_complaint_due", ["status", "due_at"])
        batch_op.create_index("idx_complaint_repeat", ["phone", "created_at", "report_count"])
    if op.get_bind().dialect.name != "mysql":
        # MySQL indexes a foreign key's column by itself; the others do not.
        op.create_index("idx_complaint_conversation", "complaints", ["conversation_id"])
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.create_index("idx_conversation_sentiment", ["sentiment", "timestamp"])
        batch_op.create_index("idx_conversation_session", ["session_id", "timestamp"])
    if op.get_bind().dialect.name == "sqlite":
        op.create_index("idx_complaint_duration", "complaints", [sa.text(DURATION)])
        op.create_index(
            "idx_complaint_priority_duration", "complaints", ["priority", sa.text(DURATION)]
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("idx_complaint_priority_duration", table_name="complaints")
        op.drop_index("idx_complaint_duration", table_name="complaints")
    with op.batch_alter_table("conversations", schema=None) as batch_op:
        batch_op.drop_index("idx_conversation_session")
        batch_op.drop_index("idx_conversation_sentiment")
    if op.get_bind().dialect.name != "mysql":
        op.drop_index("idx_complaint_conversation", table_name="complaints")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index("idx_complaint_repeat")
        batch_op.drop_index("idx_complaint_due")
        batch_op.drop_index("idx_complaint_day")
        batch_op.drop_index("idx_complaint_kpi")
