"""the transparency log: leaves, its state row, signed tree heads, idempotency keys (issue 5)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-27 12:59:25.186381
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import council.store.tables

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "log_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("compact_range", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_log_state")),
    )
    op.create_table(
        "tree_heads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("root_hash", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("signature", sa.Text(), nullable=False),
        sa.Column("issued_at", council.store.tables.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tree_heads")),
        sa.UniqueConstraint("size", name=op.f("uq_tree_heads_size")),
    )
    op.create_table(
        "log_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("index", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("procedure_id", sa.Integer(), nullable=True),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.Column("leaf_hash", sa.String(length=64), nullable=False),
        sa.Column("appended_at", council.store.tables.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["procedure_id"], ["procedures.id"], name=op.f("fk_log_entries_procedure_id_procedures")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_log_entries")),
        sa.UniqueConstraint("index", name=op.f("uq_log_entries_index")),
    )
    op.create_table(
        "idempotency_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_sha256", sa.String(length=64), nullable=False),
        sa.Column("ballot_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_idempotency_keys_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["ballot_id"], ["ballots.id"], name=op.f("fk_idempotency_keys_ballot_id_ballots")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_keys")),
        sa.UniqueConstraint("account_id", "key", name="uq_idempotency_keys_key"),
    )
    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tree_size", sa.Integer(), nullable=True))

    with op.batch_alter_table("receipts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tree_size", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("inclusion_proof", sa.JSON(), nullable=True))
    # The log's one state row exists from the start, so appends only ever lock it.
    op.execute("INSERT INTO log_state (id, size, compact_range) VALUES (1, 0, '[]')")


def downgrade() -> None:
    with op.batch_alter_table("receipts", schema=None) as batch_op:
        batch_op.drop_column("inclusion_proof")
        batch_op.drop_column("tree_size")

    with op.batch_alter_table("documents", schema=None) as batch_op:
        batch_op.drop_column("tree_size")

    op.drop_table("idempotency_keys")
    op.drop_table("log_entries")
    op.drop_table("tree_heads")
    op.drop_table("log_state")
