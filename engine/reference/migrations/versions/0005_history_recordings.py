"""Recorded history lines say which recording stored them, when, and from which file.

`history_lines.recording_id` groups the lines one `check --record` stored (`peerclaims history
show|remove` name it), `recorded_at` is when (UTC), `source` the file name(s) checked. All three
are NULL for lines loaded from `history.yaml` and for lines recorded before this revision.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | Sequence[str] | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add `history_lines.recording_id`, `recorded_at` and `source`."""
    op.add_column("history_lines", sa.Column("recording_id", sa.String(32), nullable=True))
    op.add_column(
        "history_lines", sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.add_column("history_lines", sa.Column("source", sa.String(), nullable=True))
    op.create_index("ix_history_lines_recording_id", "history_lines", ["recording_id"])


def downgrade() -> None:
    """Drop the three columns."""
    op.drop_index("ix_history_lines_recording_id", "history_lines")
    with op.batch_alter_table("history_lines") as batch:
        batch.drop_column("source")
        batch.drop_column("recorded_at")
        batch.drop_column("recording_id")
