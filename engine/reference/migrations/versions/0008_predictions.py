"""Recorded predictions: what `check --record` predicted for every line it judged.

`predictions` holds one row per judged line, accepted or rejected: the claim (CLM01, member,
billing NPI, billed amount, the member's state), the line (number, procedure, modifiers, date,
units, charge), the predicted status, the rules that rejected it with their CARC and RARC (JSON),
and whether the payer's front end would return the claim. It is written in the transaction that
stores the history lines, with the same recording id, time and source, and is never history:
nothing counts it toward caps or duplicates. `peerclaims remit` matches 835 claims against it.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | Sequence[str] | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create `predictions` with indexes on claim id, member id and recording id."""
    decimal = sa.Numeric().with_variant(sa.String(), "sqlite")
    op.create_table(
        "predictions",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("claim_id", sa.String(), nullable=False),
        sa.Column("member_id", sa.String(), nullable=True),
        sa.Column("billing_npi", sa.String(10), nullable=True),
        sa.Column("billed", decimal, nullable=True),
        sa.Column("state", sa.String(2), nullable=True),
        sa.Column("line_number", sa.Integer(), nullable=False),
        sa.Column("procedure", sa.String(), nullable=True),
        sa.Column("modifiers", sa.String(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=True),
        sa.Column("units", decimal, nullable=True),
        sa.Column("charge", decimal, nullable=True),
        sa.Column("rendering_npi", sa.String(10), nullable=True),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("front_end", sa.Boolean(), nullable=False),
        sa.Column("recording_id", sa.String(32), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("source", sa.String(), nullable=True),
        sa.CheckConstraint("status IN ('accepted', 'rejected')", name="ck_predictions_status"),
        sa.PrimaryKeyConstraint("id", name="pk_predictions"),
    )
    op.create_index("ix_predictions_claim_id", "predictions", ["claim_id"])
    op.create_index("ix_predictions_member_id", "predictions", ["member_id"])
    op.create_index("ix_predictions_recording_id", "predictions", ["recording_id"])


def downgrade() -> None:
    """Drop `predictions`."""
    op.drop_table("predictions")
