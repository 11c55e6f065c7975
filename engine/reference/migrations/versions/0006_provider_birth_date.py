"""Providers may carry the peer's date of birth (optional), for credentials bounding the peer's age.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | Sequence[str] | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add `providers.birth_date`."""
    op.add_column("providers", sa.Column("birth_date", sa.Date(), nullable=True))


def downgrade() -> None:
    """Drop `providers.birth_date`."""
    with op.batch_alter_table("providers") as batch:
        batch.drop_column("birth_date")
