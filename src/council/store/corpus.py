"""Queries for the corpus of resolutions and presidential statements (issue 6): documents,
members' votes, paragraphs with their anchors, references. A mixin of ``Repository``.

Children are replaced as a whole when their part of a document changes (the text: paragraphs
and references; the metadata: votes), and left alone otherwise, so that importing the same
input again writes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import delete, insert, select
from sqlalchemy.orm import Session

from council.domain.errors import DocumentNotFound
from council.store.tables import (
    CorpusDocumentRow,
    CorpusExpressionRow,
    CorpusParagraphRow,
    CorpusReferenceRow,
    CorpusVoteRow,
)


class CorpusQueries:
    session: Session

    def corpus_documents(self) -> dict[str, CorpusDocumentRow]:
        """Every corpus document, by symbol."""
        return {row.symbol: row for row in self.session.scalars(select(CorpusDocumentRow))}

    def corpus_document(self, symbol: str) -> CorpusDocumentRow:
        row = self.session.scalar(
            select(CorpusDocumentRow).where(CorpusDocumentRow.symbol == symbol))
        if row is None:
            raise DocumentNotFound(
                f"No document {symbol!r} in the corpus; import it with: council import PATH "
                "(symbols are written as S/RES/2531 (2020) or S/PRST/2018/10).")
        return row

    def find_corpus_document(self, symbol: str) -> CorpusDocumentRow | None:
        return self.session.scalar(
            select(CorpusDocumentRow).where(CorpusDocumentRow.symbol == symbol))

    def add_corpus_document(self, columns: Mapping[str, Any]) -> CorpusDocumentRow:
        row = CorpusDocumentRow(**columns)
        self.session.add(row)
        return row

    def flush(self) -> None:
        self.session.flush()

    def replace_corpus_text(self, document_id: int, paragraphs: Iterable[Mapping[str, Any]],
                            references: Iterable[Mapping[str, Any]]) -> None:
        """The document's paragraphs and references, instead of those it had."""
        for table in (CorpusParagraphRow, CorpusReferenceRow):
            self.session.execute(delete(table).where(table.document_id == document_id))
        self._insert(CorpusParagraphRow, document_id, paragraphs)
        self._insert(CorpusReferenceRow, document_id, references)

    def replace_corpus_votes(self, document_id: int, votes: Iterable[tuple[str, str]]) -> None:
        """The members' votes on the document, instead of those it had."""
        self.session.execute(delete(CorpusVoteRow).where(CorpusVoteRow.document_id
                                                         == document_id))
        self._insert(CorpusVoteRow, document_id,
                     ({"member": member, "position": position} for member, position in votes))

    def _insert(self, table: Any, document_id: int, rows: Iterable[Mapping[str, Any]]) -> None:
        values = [{**row, "document_id": document_id} for row in rows]
        if values:
            self.session.execute(insert(table), values)

    def corpus_expressions(self, document_id: int) -> dict[str, CorpusExpressionRow]:
        """A work's expressions in languages other than English, by language."""
        return {row.language: row for row in self.session.scalars(
            select(CorpusExpressionRow).where(CorpusExpressionRow.document_id == document_id))}

    def add_corpus_expression(self, columns: Mapping[str, Any]) -> CorpusExpressionRow:
        row = CorpusExpressionRow(**columns)
        self.session.add(row)
        return row

    def corpus_votes(self, symbol: str) -> dict[str, str]:
        """Member (alpha-3) → position, for one document."""
        row = self.corpus_document(symbol)
        rows = self.session.execute(
            select(CorpusVoteRow.member, CorpusVoteRow.position)
            .where(CorpusVoteRow.document_id == row.id))
        return {member: position for member, position in rows}

    def corpus_paragraphs(self, symbol: str) -> list[CorpusParagraphRow]:
        row = self.corpus_document(symbol)
        return list(self.session.scalars(
            select(CorpusParagraphRow).where(CorpusParagraphRow.document_id == row.id)
            .order_by(CorpusParagraphRow.position)))

    def corpus_references(self, symbol: str) -> list[CorpusReferenceRow]:
        row = self.corpus_document(symbol)
        return list(self.session.scalars(
            select(CorpusReferenceRow).where(CorpusReferenceRow.document_id == row.id)
            .order_by(CorpusReferenceRow.id)))
