"""due items: obligations at their dates, delivered or not (issue 6)

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-27 14:09:41.197060
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import council.store.tables

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "due_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=False),
        sa.Column("paragraph", sa.String(length=16), nullable=False),
        sa.Column("anchor", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("actor", sa.Text(), nullable=False),
        sa.Column("action", sa.Text(), nullable=False),
        sa.Column("due", sa.Date(), nullable=False),
        sa.Column("recurrence", sa.String(length=16), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("delivered_by", sa.String(length=64), nullable=True),
        sa.Column("delivered_at", council.store.tables.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["corpus_documents.id"],
            name=op.f("fk_due_items_document_id_corpus_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_due_items")),
        sa.UniqueConstraint("document_id", "key", name="uq_due_items_key"),
    )
    with op.batch_alter_table("due_items", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_due_items_document_id"), ["document_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_due_items_due"), ["due"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("due_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_due_items_due"))
        batch_op.drop_index(batch_op.f("ix_due_items_document_id"))

    op.drop_table("due_items")
