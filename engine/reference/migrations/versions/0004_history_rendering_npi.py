"""History lines name their rendering provider apart from their billing provider.

`history_lines.provider_npi` is the billing provider (an authorization issued to it is used up by
its lines only); `rendering_npi` is the peer who rendered the line, NULL when the billing provider
did.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | Sequence[str] | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add `history_lines.rendering_npi`."""
    op.add_column("history_lines", sa.Column("rendering_npi", sa.String(length=10), nullable=True))


def downgrade() -> None:
    """Drop `history_lines.rendering_npi`."""
    with op.batch_alter_table("history_lines") as batch:
        batch.drop_column("rendering_npi")
