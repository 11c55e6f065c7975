"""The history's lock buckets: recording is serialised per member through their rows.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUCKETS = 4096
"""`history_lock.BUCKETS` when this revision was written (a migration never changes)."""


def upgrade() -> None:
    """Create `history_locks` with one row per bucket, every version 0."""
    table = op.create_table(
        "history_locks",
        sa.Column("bucket", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bucket", name="pk_history_locks"),
    )
    op.bulk_insert(table, [{"bucket": b, "version": 0} for b in range(BUCKETS)])


def downgrade() -> None:
    """Drop `history_locks`."""
    op.drop_table("history_locks")
