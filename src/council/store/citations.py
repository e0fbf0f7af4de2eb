"""Queries for the citation graph of the corpus (issue 6, point 3): which documents a
document's paragraphs mention, which paragraphs mention it, and the documents of an agenda
item. A mixin of ``Repository``; ``council/citations.py`` builds the graph from them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from council.store.tables import CorpusDocumentRow, CorpusParagraphRow, CorpusReferenceRow

# Mentions of the Charter are references, but not to a document one could cite or open.
NOT_DOCUMENTS = ("charter_article", "charter_chapter")


class CitationQueries:
    session: Session

    def corpus_document_by_number(self, number: int, kind: str = "resolution"
                                  ) -> CorpusDocumentRow | None:
        return self.session.scalar(
            select(CorpusDocumentRow).where(CorpusDocumentRow.number == number,
                                            CorpusDocumentRow.kind == kind)
            .order_by(CorpusDocumentRow.year))

    def corpus_documents_named(self, symbols: Iterable[str]) -> dict[str, CorpusDocumentRow]:
        """The corpus documents among ``symbols``, by symbol."""
        wanted = sorted(set(symbols))
        if not wanted:
            return {}
        return {row.symbol: row for row in self.session.scalars(
            select(CorpusDocumentRow).where(CorpusDocumentRow.symbol.in_(wanted)))}

    def corpus_citations_from(self, document_id: int) -> list[dict[str, Any]]:
        """The document's references to other documents, in document order, each with the
        citing paragraph's label."""
        rows = self.session.execute(
            select(CorpusReferenceRow.target, CorpusReferenceRow.kind, CorpusReferenceRow.link,
                   CorpusReferenceRow.anchor, CorpusReferenceRow.text.label("mention"),
                   CorpusParagraphRow.label, CorpusParagraphRow.position)
            .outerjoin(CorpusParagraphRow, and_(
                CorpusParagraphRow.document_id == CorpusReferenceRow.document_id,
                CorpusParagraphRow.anchor == CorpusReferenceRow.anchor))
            .where(CorpusReferenceRow.document_id == document_id,
                   CorpusReferenceRow.kind.not_in(NOT_DOCUMENTS))
            .order_by(CorpusParagraphRow.position, CorpusReferenceRow.id))
        return [dict(row) for row in rows.mappings()]

    def corpus_citations_to(self, symbol: str) -> list[dict[str, Any]]:
        """The paragraphs of other documents that mention ``symbol``, oldest document first."""
        rows = self.session.execute(
            select(CorpusDocumentRow.symbol, CorpusDocumentRow.kind, CorpusDocumentRow.number,
                   CorpusDocumentRow.year, CorpusDocumentRow.date, CorpusDocumentRow.title,
                   CorpusReferenceRow.anchor, CorpusParagraphRow.label,
                   CorpusParagraphRow.text, CorpusParagraphRow.position)
            .join(CorpusDocumentRow, CorpusDocumentRow.id == CorpusReferenceRow.document_id)
            .outerjoin(CorpusParagraphRow, and_(
                CorpusParagraphRow.document_id == CorpusReferenceRow.document_id,
                CorpusParagraphRow.anchor == CorpusReferenceRow.anchor))
            .where(CorpusReferenceRow.target == symbol, CorpusDocumentRow.symbol != symbol)
            .distinct()
            .order_by(CorpusDocumentRow.date, CorpusDocumentRow.symbol,
                      CorpusParagraphRow.position))
        return [dict(row) for row in rows.mappings()]

    def corpus_agenda_documents(self, agenda_item: str) -> list[CorpusDocumentRow]:
        """The resolutions of an agenda item (its name compared without case), in order of
        adoption."""
        return list(self.session.scalars(
            select(CorpusDocumentRow)
            .where(func.lower(CorpusDocumentRow.agenda_item) == agenda_item.strip().lower(),
                   CorpusDocumentRow.kind == "resolution")
            .order_by(CorpusDocumentRow.date, CorpusDocumentRow.number)))

    def corpus_agenda_items(self) -> list[str]:
        """Every agenda item of the corpus, in alphabetical order."""
        return [item for item in self.session.scalars(
            select(CorpusDocumentRow.agenda_item).distinct()
            .order_by(CorpusDocumentRow.agenda_item)) if item]
