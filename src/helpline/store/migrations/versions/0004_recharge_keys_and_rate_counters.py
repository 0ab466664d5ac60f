"""recharge idempotency keys and shared rate counters

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 21:00:00

A recharge carries the key of the offer the customer confirmed, unique, so a retry after a lost
commit acknowledgement finds the first payment instead of writing a second. Failed one-time
codes, codes sent and requests per client are counted in one table that every process shares.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("transactions") as batch:
        batch.add_column(sa.Column("idempotency_key", sa.String(length=64), nullable=True))
        batch.create_unique_constraint(op.f("uq_transactions_idempotency_key"), ["idempotency_key"])
    op.create_table(
        "rate_counters",
        sa.Column("key", sa.String(length=120), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("window_ends_at", sa.DateTime(), nullable=False),
        sa.Column("locked_until", sa.DateTime(), nullable=True),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_rate_counters")),
    )


def downgrade() -> None:
    op.drop_table("rate_counters")
    with op.batch_alter_table("transactions") as batch:
        batch.drop_constraint(op.f("uq_transactions_idempotency_key"), type_="unique")
        batch.drop_column("idempotency_key")
