"""conversation turn keys

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 10:00:00

A turn record carries a key made before its first write, unique, stored with its row and kept
with the copy that waits in the outbox when the database cannot be reached. A drain finds the
row of a turn whose INSERT committed unheard by its key, instead of by the same texts within a
second, which took two real turns that read alike for one. Turns stored before this revision
have no key.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: Sequence[str] | None = None
depends_on: Sequence[str] | None = None


def upgrade() -> None:
    # A unique index, not a constraint: SQLite adds both without copying the table, and no
    # foreign key uses it, so MySQL lets it go alone on downgrade.
    with op.batch_alter_table("conversations") as batch:
        batch.add_column(sa.Column("turn_key", sa.String(length=64), nullable=True))
        batch.create_index(op.f("ix_conversations_turn_key"), ["turn_key"], unique=True)


def downgrade() -> None:
    # In place, never by copying the table: SQLite cannot drop conversations while complaints
    # refer to its rows (its ALTER TABLE DROP COLUMN, from 3.35, needs no copy).
    with op.batch_alter_table("conversations", recreate="never") as batch:
        batch.drop_index(op.f("ix_conversations_turn_key"))
        batch.drop_column("turn_key")
