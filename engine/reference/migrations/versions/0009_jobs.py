"""Jobs: large `POST /v1/check` bodies run on Dask workers, their state and answer kept a while.

`jobs` holds one row per job: the key that submitted it, its status (queued, running, done,
failed), when it was created, started and finished, the format, file name, body size and
`?record=` of the request, and once finished the decision id, the HTTP status and media type of
the answer and the answer itself (zlib-compressed text: the result or the problem document).
Rows are purged some hours after they finish (`PEERCLAIMS_JOB_RESULTS_HOURS`).

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | Sequence[str] | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    """Create `jobs` with an index on its creation time (the purge)."""
    op.create_table(
        "jobs",
        sa.Column("job_id", sa.String(length=32), nullable=False),
        sa.Column("key_id", sa.String(length=40), nullable=False),
        sa.Column("status", sa.String(length=7), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("started", sa.DateTime(timezone=True), nullable=True),
        sa.Column("finished", sa.DateTime(timezone=True), nullable=True),
        sa.Column("output_format", sa.String(length=5), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("body_bytes", sa.Integer(), nullable=False),
        sa.Column("record", sa.Boolean(), nullable=False),
        sa.Column("decision_id", sa.String(length=32), nullable=True),
        sa.Column("status_code", sa.Integer(), nullable=True),
        sa.Column("media_type", sa.String(length=40), nullable=True),
        sa.Column("result", sa.LargeBinary(), nullable=True),
        sa.CheckConstraint(
            "status IN ('queued', 'running', 'done', 'failed')", name="ck_jobs_status"
        ),
        sa.CheckConstraint(
            "output_format IN ('json', '999', '277ca')", name="ck_jobs_output_format"
        ),
        sa.ForeignKeyConstraint(["key_id"], ["api_keys.key_id"], name="fk_jobs_key_id_api_keys"),
        sa.PrimaryKeyConstraint("job_id", name="pk_jobs"),
    )
    op.create_index("ix_jobs_created", "jobs", ["created"])


def downgrade() -> None:
    """Drop `jobs`."""
    op.drop_index("ix_jobs_created", table_name="jobs")
    op.drop_table("jobs")
