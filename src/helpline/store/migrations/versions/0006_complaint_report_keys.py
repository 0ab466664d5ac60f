"""complaint report keys

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 10:00:00

A complaint report carries a key made before its first try, recorded with the report in the same
transaction. A report whose COMMIT reached the database but whose reply was lost waits in the
outbox with the same key; when the outbox writes it, the key is found and the report is not
counted a second time. Reports filed before this revision have no key and no row here.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "complaint_reports",
        sa.Column("report_key", sa.String(length=64), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("opened_ticket", sa.Boolean(), nullable=False),
        sa.Column("reported_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.complaint_id"],
            name=op.f("fk_complaint_reports_complaint_id_complaints"),
        ),
        sa.PrimaryKeyConstraint("report_key", name=op.f("pk_complaint_reports")),
    )
    op.create_index(
        op.f("ix_complaint_reports_complaint_id"), "complaint_reports", ["complaint_id"]
    )


def downgrade() -> None:
    # The index goes with the table: MySQL refuses to drop it alone while a foreign key uses it.
    op.drop_table("complaint_reports")
