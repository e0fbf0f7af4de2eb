"""Full-text search over the corpus's paragraphs (issue 6, point 2): a ``Query``
(``council/search.py``) as SQL, on SQLite through the FTS5 table of migration 0007, on
PostgreSQL through the generated column ``search_vector`` (``to_tsvector('simple', text)``)
and its GIN index. A mixin of
``Repository``.

Every word of the user's reaches the engine as a bound parameter (PostgreSQL) or inside an FTS5
string, which the query reader has already stripped of quotes and operators (SQLite), so no
input can be read as query syntax. The filters are the same SQL on both.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from council.search import (
    MARK_END,
    MARK_START,
    Query,
    SearchFilters,
    SearchHit,
    Term,
    corpus_url,
    marked_spans,
    substring_snippet,
)

_COLUMNS = ("d.symbol, d.kind, d.number, d.year, d.date, d.title, d.agenda_item, p.anchor, "
            "p.label, p.kind AS paragraph_kind, p.text")
_HEADLINE = (f"StartSel={MARK_START}, StopSel={MARK_END}, MaxWords=35, MinWords=15, "
             "ShortWord=2, MaxFragments=2, FragmentDelimiter=\" … \"")


def outside_the_tables(obj: Any, name: str | None, type_: str, reflected: bool,
                       compare_to: Any) -> bool:
    """Alembic's ``include_object``: False for the search index that migration 0007 makes
    outside ``tables.py`` (SQLite's FTS5 table and its shadow tables, PostgreSQL's
    ``search_vector`` column), so that comparing the schema or autogenerating a migration
    neither reports nor drops it."""
    if type_ == "table" and (name or "").startswith("corpus_paragraphs_fts"):
        return False
    return name not in ("search_vector", "ix_corpus_paragraphs_search_vector")


def _fts5_term(term: Term) -> str:
    # The words hold letters and digits only (``parse_query``), so quoting them is enough.
    return f'"{term.text}"' + (" *" if term.prefix else "")


def fts5_expression(query: Query) -> str:
    """The FTS5 MATCH expression of a non-empty query."""
    groups = [" OR ".join(_fts5_term(t) for t in group) for group in query.groups]
    expression = " AND ".join(f"({group})" for group in groups)
    for term in query.excluded:
        expression = f"({expression}) NOT {_fts5_term(term)}"
    return expression


class SearchQueries:
    session: Session

    def _dialect(self) -> str:
        return self.session.get_bind().dialect.name

    def search_paragraphs(self, query: Query, filters: SearchFilters, limit: int, offset: int
                          ) -> tuple[int, list[SearchHit]]:
        """The paragraphs matching ``query`` in the documents ``filters`` allows, best first.

        Returns:
            (how many match in all, the hits from ``offset``, at most ``limit``).
        """
        if query.empty:
            return 0, []
        where, params = self._filters(filters)
        postgres = self._dialect() == "postgresql"
        if query.substring:
            return self._substring(query, where, params, limit, offset, postgres)
        if postgres:
            tsquery = self._tsquery(query, params)
            source = (f"FROM corpus_paragraphs p JOIN corpus_documents d ON d.id = p.document_id"
                      f", (SELECT {tsquery} AS q) AS search "
                      "WHERE p.search_vector @@ search.q")
            snippet = "ts_headline('simple', p.text, search.q, :headline) AS snippet"
            order = "ts_rank(p.search_vector, search.q) DESC"
            params["headline"] = _HEADLINE
        else:
            source = ("FROM corpus_paragraphs_fts f JOIN corpus_paragraphs p ON p.id = f.rowid "
                      "JOIN corpus_documents d ON d.id = p.document_id "
                      "WHERE corpus_paragraphs_fts MATCH :match")
            snippet = ("snippet(corpus_paragraphs_fts, 0, :mark_start, :mark_end, '…', 32) "
                       "AS snippet")
            order = "bm25(corpus_paragraphs_fts)"
            params.update(match=fts5_expression(query), mark_start=MARK_START,
                          mark_end=MARK_END)
        source += "".join(f" AND {clause}" for clause in where)
        total = self.session.execute(text(f"SELECT count(*) {source}"), params).scalar_one()
        rows = self.session.execute(text(
            f"SELECT {_COLUMNS}, {snippet} {source} ORDER BY {order}, d.date DESC, d.id, "
            "p.position LIMIT :limit OFFSET :offset"),
            {**params, "limit": limit, "offset": offset}).mappings()
        return total, [_hit(row, *marked_spans(row["snippet"])) for row in rows]

    def _tsquery(self, query: Query, params: dict[str, Any]) -> str:
        def one(term: Term) -> str:
            name = f"t{len(params)}"
            params[name] = term.text + (":*" if term.prefix else "")
            if term.prefix:  # one word of letters and digits: safe in to_tsquery's syntax
                return f"to_tsquery('simple', :{name})"
            return f"phraseto_tsquery('simple', :{name})"

        groups = ["(" + " || ".join(one(t) for t in group) + ")" for group in query.groups]
        expression = " && ".join(groups)
        for term in query.excluded:
            expression = f"({expression}) && !!{one(term)}"
        return expression

    def _substring(self, query: Query, where: list[str], params: dict[str, Any], limit: int,
                   offset: int, postgres: bool) -> tuple[int, list[SearchHit]]:
        find = "strpos" if postgres else "instr"

        def one(term: Term) -> str:
            name = f"t{len(params)}"
            params[name] = term.text
            return f"{find}(lower(p.text), :{name})"

        clauses = ["(" + " OR ".join(f"{one(t)} > 0" for t in group) + ")"
                   for group in query.groups]
        clauses += [f"{one(t)} = 0" for t in query.excluded]
        source = ("FROM corpus_paragraphs p JOIN corpus_documents d ON d.id = p.document_id "
                  "WHERE " + " AND ".join(clauses + where))
        total = self.session.execute(text(f"SELECT count(*) {source}"), params).scalar_one()
        rows = self.session.execute(text(
            f"SELECT {_COLUMNS} {source} ORDER BY d.date DESC, d.id, p.position "
            "LIMIT :limit OFFSET :offset"), {**params, "limit": limit, "offset": offset}
        ).mappings()
        needles = [t.text for group in query.groups for t in group]
        return total, [_hit(row, *substring_snippet(row["text"], needles)) for row in rows]

    def _filters(self, filters: SearchFilters) -> tuple[list[str], dict[str, Any]]:
        where: list[str] = []
        params: dict[str, Any] = {}
        if filters.from_year is not None:
            where.append("d.year >= :from_year")
            params["from_year"] = filters.from_year
        if filters.to_year is not None:
            where.append("d.year <= :to_year")
            params["to_year"] = filters.to_year
        if filters.agenda_item:
            where.append("lower(d.agenda_item) = lower(:agenda_item)")
            params["agenda_item"] = filters.agenda_item.strip()
        if filters.written_procedure is not None:
            where.append("d.adopted_by_written_procedure = :written")
            params["written"] = filters.written_procedure
        if filters.unanimous is not None:
            where.append("d.unanimous = :unanimous")
            params["unanimous"] = filters.unanimous
        if filters.member or filters.vote:
            vote = ["v.document_id = d.id"]
            if filters.member:
                vote.append("v.member = :member")
                params["member"] = filters.member.upper()
            if filters.vote:
                vote.append("v.position = :position")
                params["position"] = filters.vote
            where.append("EXISTS (SELECT 1 FROM corpus_votes v WHERE "
                         + " AND ".join(vote) + ")")
        return where, params


def _hit(row: Any, snippet: str, highlights: tuple[tuple[int, int], ...]) -> SearchHit:
    day = row["date"]
    if isinstance(day, str):  # SQLite's raw rows
        day = date.fromisoformat(day)
    return SearchHit(
        symbol=row["symbol"], kind=row["kind"], number=row["number"], year=row["year"],
        date=day, title=row["title"], agenda_item=row["agenda_item"], anchor=row["anchor"],
        label=row["label"], paragraph_kind=row["paragraph_kind"],
        url=corpus_url(row["kind"], row["number"], row["symbol"], row["anchor"]),
        snippet=snippet, highlights=highlights)
