"""corpus expressions: a work's texts in other languages (issue 7)

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-27 14:52:34.133347
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "corpus_expressions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=2), nullable=False),
        sa.Column("akn", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["corpus_documents.id"],
            name=op.f("fk_corpus_expressions_document_id_corpus_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corpus_expressions")),
        sa.UniqueConstraint("document_id", "language", name="uq_corpus_expressions_language"),
    )
    with op.batch_alter_table("corpus_expressions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corpus_expressions_document_id"), ["document_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("corpus_expressions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corpus_expressions_document_id"))

    op.drop_table("corpus_expressions")
