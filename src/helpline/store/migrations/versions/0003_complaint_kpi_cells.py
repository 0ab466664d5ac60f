"""complaint KPI summary tables

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 12:30:00

The KPIs of a filter (a department, a status, a date range) add up rows of two summary tables
kept in step by store/complaints.py: complaints per created day x department x status x priority
x sentiment, and resolved complaints per the same cell and a time-to-resolution bucket. A third
table holds the session and time of each ticket's conversation, for the session KPIs. This
migration creates them and fills them from the complaints already there.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from helpline.store.kpi_summary import rebuild_kpi_summary

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None

# The same expression as models.DURATION_DAYS (SQLite only: the servers compute it per row).
DURATION = "julianday(resolved_at) - julianday(created_at)"
CELL = ("department", "status", "priority")


def _cell_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("department", sa.String(length=100), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("priority", sa.String(length=20), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "complaint_kpi_cells",
        *_cell_columns(),
        sa.Column("sentiment", sa.String(length=20), nullable=False),
        sa.Column("complaints", sa.Integer(), nullable=False),
        sa.Column("resolved", sa.Integer(), nullable=False),
        sa.Column("within_target", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", *CELL, "sentiment", name=op.f("pk_complaint_kpi_cells")),
    )
    op.create_table(
        "complaint_kpi_durations",
        *_cell_columns(),
        sa.Column("bucket", sa.Integer(), nullable=False),
        sa.Column("complaints", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("day", *CELL, "bucket", name=op.f("pk_complaint_kpi_durations")),
    )
    op.create_table(
        "complaint_sessions",
        sa.Column("complaint_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("session_id", sa.String(length=64), nullable=False),
        sa.Column("timestamp", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.complaint_id"],
            name=op.f("fk_complaint_sessions_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint("complaint_id", name=op.f("pk_complaint_sessions")),
    )
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        # Repeat complainers: phones in order (a department's, or all), the filter's columns
        # alongside, so nothing is sorted or read from the table.
        batch_op.create_index(
            "idx_complaint_people",
            ["department", "phone", "status", "priority", "created_at", "report_count"],
        )
        batch_op.create_index(
            "idx_complaint_phone_scope",
            ["phone", "department", "status", "priority", "created_at", "report_count"],
        )
        # A circle filter (not summarised) reads its own tickets.
        batch_op.create_index("idx_complaint_circle", ["circle", "created_at"])
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        batch_op.create_index("idx_handoff_session", ["session_id"])
    if op.get_bind().dialect.name == "sqlite":
        # Median and p90 under a filter: one bucket's durations in order, the filter's columns
        # alongside so that the walk never reads the table.
        op.create_index(
            "idx_complaint_duration_scope",
            "complaints",
            [sa.text(DURATION), *CELL, "created_at"],
        )
    # Uses the models of this release: the summary is counted exactly as the write path keeps it.
    rebuild_kpi_summary(op.get_bind())
    # Indexed once filled: built in one sorted pass, the index is compact.
    op.create_index("idx_complaint_session", "complaint_sessions", ["session_id", "timestamp"])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.drop_index("idx_complaint_duration_scope", table_name="complaints")
    with op.batch_alter_table("handoffs", schema=None) as batch_op:
        batch_op.drop_index("idx_handoff_session")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_index("idx_complaint_circle")
        batch_op.drop_index("idx_complaint_phone_scope")
        batch_op.drop_index("idx_complaint_people")
    op.drop_index("idx_complaint_session", table_name="complaint_sessions")
    op.drop_table("complaint_sessions")
    op.drop_table("complaint_kpi_durations")
    op.drop_table("complaint_kpi_cells")
