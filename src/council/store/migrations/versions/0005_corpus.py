"""the corpus: documents, votes, paragraphs, references (issue 6)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-27 13:57:39.908023
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import council.store.tables

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "corpus_documents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("symbol", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("number", sa.Integer(), nullable=True),
        sa.Column("year", sa.Integer(), nullable=True),
        sa.Column("date", sa.Date(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("agenda_item", sa.Text(), nullable=True),
        sa.Column("adopted_by_written_procedure", sa.Boolean(), nullable=False),
        sa.Column("unanimous", sa.Boolean(), nullable=True),
        sa.Column("meeting", sa.Integer(), nullable=True),
        sa.Column("draft_symbol", sa.String(length=64), nullable=True),
        sa.Column("outcome_letter", sa.String(length=64), nullable=True),
        sa.Column("sponsors", sa.JSON(), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("content_sha256", sa.String(length=64), nullable=True),
        sa.Column("akn", sa.Text(), nullable=True),
        sa.Column("metadata_source", sa.Text(), nullable=True),
        sa.Column("metadata_sha256", sa.String(length=64), nullable=True),
        sa.Column("metadata_record", sa.JSON(), nullable=True),
        sa.Column("imported_at", council.store.tables.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corpus_documents")),
        sa.UniqueConstraint("symbol", name=op.f("uq_corpus_documents_symbol")),
    )
    with op.batch_alter_table("corpus_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corpus_documents_agenda_item"), ["agenda_item"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_corpus_documents_year"), ["year"], unique=False)

    op.create_table(
        "corpus_paragraphs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("anchor", sa.String(length=64), nullable=False),
        sa.Column("label", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["corpus_documents.id"],
            name=op.f("fk_corpus_paragraphs_document_id_corpus_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corpus_paragraphs")),
        sa.UniqueConstraint("document_id", "anchor", name="uq_corpus_paragraphs_anchor"),
    )
    with op.batch_alter_table("corpus_paragraphs", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corpus_paragraphs_document_id"), ["document_id"], unique=False
        )

    op.create_table(
        "corpus_references",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("anchor", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("target", sa.String(length=200), nullable=False),
        sa.Column("link", sa.Text(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["corpus_documents.id"],
            name=op.f("fk_corpus_references_document_id_corpus_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corpus_references")),
    )
    with op.batch_alter_table("corpus_references", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corpus_references_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_corpus_references_target"), ["target"], unique=False)

    op.create_table(
        "corpus_votes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("member", sa.String(length=3), nullable=False),
        sa.Column("position", sa.String(length=8), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["corpus_documents.id"],
            name=op.f("fk_corpus_votes_document_id_corpus_documents"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_corpus_votes")),
        sa.UniqueConstraint("document_id", "member", name="uq_corpus_votes_member"),
    )
    with op.batch_alter_table("corpus_votes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_corpus_votes_document_id"), ["document_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_corpus_votes_member"), ["member"], unique=False)



def downgrade() -> None:
    with op.batch_alter_table("corpus_votes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corpus_votes_member"))
        batch_op.drop_index(batch_op.f("ix_corpus_votes_document_id"))

    op.drop_table("corpus_votes")
    with op.batch_alter_table("corpus_references", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corpus_references_target"))
        batch_op.drop_index(batch_op.f("ix_corpus_references_document_id"))

    op.drop_table("corpus_references")
    with op.batch_alter_table("corpus_paragraphs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corpus_paragraphs_document_id"))

    op.drop_table("corpus_paragraphs")
    with op.batch_alter_table("corpus_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_corpus_documents_year"))
        batch_op.drop_index(batch_op.f("ix_corpus_documents_agenda_item"))

    op.drop_table("corpus_documents")
