"""The reference store: payers, providers and credentials, members and enrollments,
authorizations, contracts and their services, history lines.

Revision ID: 0001
Revises:
Create Date: 2026-03-02
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _decimal() -> sa.types.TypeEngine[Any]:
    """An exact decimal: `numeric` on PostgreSQL, text on SQLite (as `tables.ExactDecimal`)."""
    return sa.Numeric().with_variant(sa.String(), "sqlite")


def upgrade() -> None:
    """Create the tables."""
    op.create_table(
        "payers",
        sa.Column("payer_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.Column("kind", sa.String(length=3), nullable=False),
        sa.CheckConstraint("kind IN ('ffs', 'mco')", name="ck_payers_kind"),
        sa.PrimaryKeyConstraint("payer_id", name="pk_payers"),
    )
    op.create_table(
        "providers",
        sa.Column("npi", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("taxonomy", sa.String(length=10), nullable=False),
        sa.Column("peer_run", sa.Boolean(), nullable=True),
        sa.Column("supervisor_npi", sa.String(length=10), nullable=True),
        sa.CheckConstraint("kind IN ('individual', 'organization')", name="ck_providers_kind"),
        sa.PrimaryKeyConstraint("npi", name="pk_providers"),
    )
    op.create_table(
        "provider_credentials",
        sa.Column("provider_npi", sa.String(length=10), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("type", sa.String(), nullable=False),
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("issued", sa.Date(), nullable=False),
        sa.Column("expires", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["provider_npi"],
            ["providers.npi"],
            name="fk_provider_credentials_provider_npi_providers",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("provider_npi", "position", name="pk_provider_credentials"),
    )
    op.create_table(
        "members",
        sa.Column("member_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=2), nullable=False),
        sa.PrimaryKeyConstraint("member_id", name="pk_members"),
    )
    op.create_table(
        "member_enrollments",
        sa.Column("member_id", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("program", sa.String(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.member_id"],
            name="fk_member_enrollments_member_id_members",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("member_id", "position", name="pk_member_enrollments"),
    )
    op.create_table(
        "authorizations",
        sa.Column("number", sa.String(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.String(), nullable=False),
        sa.Column("procedure", sa.String(length=5), nullable=False),
        sa.Column("modifiers", sa.String(), nullable=False),
        sa.Column("units", _decimal(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("provider_npi", sa.String(length=10), nullable=False),
        sa.PrimaryKeyConstraint("number", name="pk_authorizations"),
    )
    op.create_index("ix_authorizations_member_id", "authorizations", ["member_id"])
    op.create_table(
        "contracts",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("payer_id", sa.String(), nullable=False),
        sa.Column("provider_npi", sa.String(length=10), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_contracts"),
    )
    op.create_index("ix_contracts_payer_id", "contracts", ["payer_id", "provider_npi"])
    op.create_table(
        "contract_services",
        sa.Column("contract_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("procedure", sa.String(length=5), nullable=False),
        sa.Column("modifiers", sa.String(), nullable=False),
        sa.Column("rate_per_unit", _decimal(), nullable=False),
        sa.Column("cap_units", _decimal(), nullable=True),
        sa.Column("cap_per", sa.String(length=5), nullable=True),
        sa.CheckConstraint(
            "cap_per IN ('day', 'week', 'month', 'year')", name="ck_contract_services_cap_per"
        ),
        sa.CheckConstraint(
            "(cap_units IS NULL) = (cap_per IS NULL)", name="ck_contract_services_cap_whole"
        ),
        sa.ForeignKeyConstraint(
            ["contract_id"],
            ["contracts.id"],
            name="fk_contract_services_contract_id_contracts",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("contract_id", "position", name="pk_contract_services"),
    )
    op.create_table(
        "history_lines",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("member_id", sa.String(), nullable=False),
        sa.Column("provider_npi", sa.String(length=10), nullable=False),
        sa.Column("procedure", sa.String(length=5), nullable=False),
        sa.Column("modifiers", sa.String(), nullable=False),
        sa.Column("service_date", sa.Date(), nullable=False),
        sa.Column("units", _decimal(), nullable=False),
        sa.Column("claim_id", sa.String(), nullable=True),
        sa.Column("line_number", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_history_lines"),
        sa.UniqueConstraint(
            "member_id",
            "provider_npi",
            "procedure",
            "modifiers",
            "service_date",
            "units",
            "claim_id",
            "line_number",
            name="uq_history_lines_line",
        ),
    )


def downgrade() -> None:
    """Drop the tables."""
    for table in (
        "history_lines",
        "contract_services",
        "contracts",
        "authorizations",
        "member_enrollments",
        "members",
        "provider_credentials",
        "providers",
        "payers",
    ):
        op.drop_table(table)
