"""History lines say what answered them: our prediction or the payer's payment (835).

`history_lines.basis` is NULL for a line `check --record` stored on our prediction and for
`history.yaml` lines, and 'paid' once an 835 paid it (`peerclaims remit --record`: the payer's
answer is better evidence than the prediction); `remittance` is the 835 file that paid it and
`payer_claim_id` its CLP07. A line the 835 denied leaves the history; a reversal (CLP02 22)
removes the claim's paid lines. An index on `claim_id` finds a claim's lines (matching, voids and
replacements).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | Sequence[str] | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Add `history_lines.basis`, `remittance` and `payer_claim_id`; index `claim_id`."""
    op.add_column("history_lines", sa.Column("basis", sa.String(8), nullable=True))
    op.add_column("history_lines", sa.Column("remittance", sa.String(), nullable=True))
    op.add_column("history_lines", sa.Column("payer_claim_id", sa.String(), nullable=True))
    op.create_index("ix_history_lines_claim_id", "history_lines", ["claim_id"])


def downgrade() -> None:
    """Drop the three columns and the index."""
    op.drop_index("ix_history_lines_claim_id", "history_lines")
    with op.batch_alter_table("history_lines") as batch:
        batch.drop_column("payer_claim_id")
        batch.drop_column("remittance")
        batch.drop_column("basis")
