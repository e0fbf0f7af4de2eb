"""accounts, sessions, API tokens, delegation keys, signed letters and receipts (issue 4)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-27 12:48:45.215748
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import council.store.tables

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("member", sa.String(length=3), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=False),
        sa.Column("created_at", council.store.tables.UTCDateTime(), nullable=False),
        sa.Column("disabled_at", council.store.tables.UTCDateTime(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("username", name=op.f("uq_accounts_username")),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("failed_at", council.store.tables.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_login_failures_address"), ["address"], unique=False)
        batch_op.create_index(batch_op.f("ix_login_failures_username"), ["username"], unique=False)

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("label", sa.Text(), nullable=False),
        sa.Column("created_at", council.store.tables.UTCDateTime(), nullable=False),
        sa.Column("last_used_at", council.store.tables.UTCDateTime(), nullable=True),
        sa.Column("revoked_at", council.store.tables.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_api_tokens_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_api_tokens_token_sha256")),
    )
    op.create_table(
        "delegation_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member", sa.String(length=3), nullable=False),
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("registered_by", sa.Integer(), nullable=False),
        sa.Column("registered_at", council.store.tables.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", council.store.tables.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["registered_by"],
            ["accounts.id"],
            name=op.f("fk_delegation_keys_registered_by_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_delegation_keys")),
        sa.UniqueConstraint("member", "key_id", name="uq_delegation_keys_key"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_sha256", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("csrf_token", sa.String(length=64), nullable=False),
        sa.Column("created_at", council.store.tables.UTCDateTime(), nullable=False),
        sa.Column("last_seen_at", council.store.tables.UTCDateTime(), nullable=False),
        sa.Column("expires_at", council.store.tables.UTCDateTime(), nullable=False),
        sa.Column("ended_at", council.store.tables.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_sessions_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sessions")),
        sa.UniqueConstraint("token_sha256", name=op.f("uq_sessions_token_sha256")),
    )
    op.create_table(
        "prepared_letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=False),
        sa.Column("member", sa.String(length=3), nullable=False),
        sa.Column("position", sa.String(length=16), nullable=False),
        sa.Column("prepared_by", sa.Integer(), nullable=False),
        sa.Column("prepared_at", council.store.tables.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["prepared_by"], ["accounts.id"], name=op.f("fk_prepared_letters_prepared_by_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["procedure_id"],
            ["procedures.id"],
            name=op.f("fk_prepared_letters_procedure_id_procedures"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_prepared_letters")),
        sa.UniqueConstraint("procedure_id", "member", name="uq_prepared_letters_member"),
    )
    op.create_table(
        "letters",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("canonical", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.Text(), nullable=True),
        sa.Column("key_id", sa.String(length=16), nullable=True),
        sa.Column("via", sa.String(length=8), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_letters_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["ballot_id"], ["ballots.id"], name=op.f("fk_letters_ballot_id_ballots")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letters")),
        sa.UniqueConstraint("ballot_id", name=op.f("uq_letters_ballot_id")),
    )
    op.create_table(
        "receipts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["ballot_id"], ["ballots.id"], name=op.f("fk_receipts_ballot_id_ballots")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipts")),
        sa.UniqueConstraint("ballot_id", name=op.f("uq_receipts_ballot_id")),
    )


def downgrade() -> None:
    op.drop_table("receipts")
    op.drop_table("letters")
    op.drop_table("prepared_letters")
    op.drop_table("sessions")
    op.drop_table("delegation_keys")
    op.drop_table("api_tokens")
    with op.batch_alter_table("login_failures", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_login_failures_username"))
        batch_op.drop_index(batch_op.f("ix_login_failures_address"))

    op.drop_table("login_failures")
    op.drop_table("accounts")
