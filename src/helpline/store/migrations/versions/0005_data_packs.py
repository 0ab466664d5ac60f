"""data packs with their own expiry

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-04 19:00:00

A data booster or add-on is valid for its own days or until the base plan ends, whichever comes
first, so its data is kept apart from the base plan's balance, with its expiry. Data that packs
bought before this revision added to `users.balance_mb` stays there.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "data_packs",
        sa.Column("pack_id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("txn_id", sa.Integer(), nullable=False),
        sa.Column("data_mb", sa.Numeric(precision=10, scale=2), nullable=False),
        sa.Column("bought_at", sa.DateTime(), nullable=False),
        sa.Column("valid_until", sa.DateTime(), nullable=False),
        sa.Column("expires_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.user_id"], name=op.f("fk_data_packs_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["txn_id"], ["transactions.txn_id"], name=op.f("fk_data_packs_txn_id_transactions")
        ),
        sa.PrimaryKeyConstraint("pack_id", name=op.f("pk_data_packs")),
        sa.UniqueConstraint("txn_id", name=op.f("uq_data_packs_txn_id")),
    )
    op.create_index("idx_data_pack_user", "data_packs", ["user_id", "expires_at"])


def downgrade() -> None:
    # The index goes with the table: MySQL refuses to drop it alone while a foreign key uses it.
    op.drop_table("data_packs")
