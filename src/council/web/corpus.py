"""The corpus on the web (issue 6, points 2 and 3): search, citations and mandate chains, each
a page and its JSON twin under ``/api``. Everything here is public reading.

Pages: ``/search`` (a form and its results), ``/resolutions/N/citations``, ``/chain``.
API: ``/api/search``, ``/api/resolutions/N/citations``, ``/api/chain``.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse
from markupsafe import Markup, escape
from pydantic import BaseModel

from council.council import Council
from council.domain.accounts import Action, Actor, authorise
from council.domain.errors import InvalidInput
from council.search import MAX_LIMIT, VOTES, SearchFilters, SearchHit
from council.web.api import _ERRORS, Who
from council.web.auth import council_of, page_actor
from council.web.pages import render

api_router = APIRouter(prefix="/api", responses=_ERRORS)
page_router = APIRouter(include_in_schema=False)

Number = Annotated[int, Path(ge=1, le=99999, description="The resolution's number.")]
PAGE_SIZE = 20


# -- JSON shapes ---------------------------------------------------------------------------


class SearchHitOut(BaseModel):
    symbol: str
    kind: str
    number: int | None
    year: int | None
    date: date | None
    title: str
    agenda_item: str | None
    anchor: str
    label: str
    paragraph_kind: str
    url: str
    snippet: str
    highlights: list[tuple[int, int]]


class SearchOut(BaseModel):
    """Hits best first; ``mode``: ``index`` (full-text index), ``substring`` (a query in an
    unspaced script such as Chinese) or ``empty`` (nothing to look for)."""

    query: str
    total: int
    mode: str
    hits: list[SearchHitOut]


class MentionOut(BaseModel):
    anchor: str
    label: str
    text: str
    url: str


class CitedOut(BaseModel):
    symbol: str
    kind: str
    in_store: bool
    title: str | None
    date: date | None
    url: str
    official_url: str
    mentions: list[MentionOut]


class CitingOut(BaseModel):
    symbol: str
    title: str
    date: date | None
    url: str
    mentions: list[MentionOut]


class CountsOut(BaseModel):
    cites: int
    cited_by: int
    unresolved: int


class CitationsOut(BaseModel):
    symbol: str
    title: str
    date: date | None
    url: str
    counts: CountsOut
    cites: list[CitedOut]
    cited_by: list[CitingOut]
    unresolved: list[str]


class MandateStepOut(BaseModel):
    symbol: str
    number: int | None
    adopted: date | None
    paragraph: str
    anchor: str
    action: str
    mandate_end: date
    url: str


class MandateChainOut(BaseModel):
    agenda_item: str
    mission: str
    steps: list[MandateStepOut]


# -- views ----------------------------------------------------------------------------------


def search_view(council: Council, actor: Actor, query: str, filters: SearchFilters,
                limit: int, offset: int) -> SearchOut:
    authorise(actor, Action.READ_PUBLIC)
    results = council.search(query, filters, limit, offset)
    return SearchOut.model_validate(dataclasses.asdict(results))


def citations_view(council: Council, actor: Actor, number: int) -> CitationsOut:
    authorise(actor, Action.READ_PUBLIC)
    found = council.citations(str(number))
    data: dict[str, Any] = dataclasses.asdict(found)
    data["unresolved"] = [cited.symbol for cited in found.unresolved]
    data["counts"] = {"cites": len(found.cites), "cited_by": len(found.cited_by),
                      "unresolved": len(found.unresolved)}
    return CitationsOut.model_validate(data)


def chain_view(council: Council, actor: Actor, agenda_item: str, mission: str | None
               ) -> list[MandateChainOut]:
    authorise(actor, Action.READ_PUBLIC)
    return [MandateChainOut.model_validate(dataclasses.asdict(found))
            for found in council.mandate_chains(agenda_item, mission)]


def highlighted(hit: SearchHitOut | SearchHit) -> Markup:
    """The snippet as HTML, its highlights in ``<mark>``."""
    out, last = Markup(), 0
    for start, end in hit.highlights:
        out += escape(hit.snippet[last:start]) + Markup("<mark>{}</mark>").format(
            hit.snippet[start:end])
        last = end
    return out + escape(hit.snippet[last:])


# -- the API --------------------------------------------------------------------------------

Text = Annotated[str, Query(max_length=1000, description="The query: words, \"phrases\", OR, "
                                                         "-word, word*.")]


@api_router.get("/search", response_model=SearchOut,
                summary="Full-text search over the corpus's paragraphs")
def api_search(request: Request, actor: Who, q: Text = "",
               from_year: Annotated[int | None, Query(ge=1946, le=2999)] = None,
               to_year: Annotated[int | None, Query(ge=1946, le=2999)] = None,
               agenda_item: Annotated[str | None, Query(max_length=1000)] = None,
               written_procedure: bool | None = None, unanimous: bool | None = None,
               member: Annotated[str | None, Query(pattern="^[A-Za-z]{3}$")] = None,
               vote: Literal["yes", "no", "abstain", "absent"] | None = None,
               limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = PAGE_SIZE,
               offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> SearchOut:
    filters = SearchFilters(from_year, to_year, agenda_item, written_procedure, unanimous,
                            member.upper() if member else None, vote)
    return search_view(council_of(request), actor, q, filters, limit, offset)


@api_router.get("/resolutions/{number}/citations", response_model=CitationsOut,
                summary="What a resolution cites and what cites it")
def api_citations(request: Request, actor: Who, number: Number) -> CitationsOut:
    return citations_view(council_of(request), actor, number)


@api_router.get("/chain", response_model=list[MandateChainOut],
                summary="The chains of mandate renewals on an agenda item")
def api_chain(request: Request, actor: Who,
              agenda_item: Annotated[str, Query(min_length=1, max_length=1000)],
              mission: Annotated[str | None, Query(max_length=200)] = None
              ) -> list[MandateChainOut]:
    return chain_view(council_of(request), actor, agenda_item, mission)


# -- the pages ------------------------------------------------------------------------------

Field = Annotated[str, Query(max_length=1000)]
_CHOICES = {"": None, "yes": True, "no": False}


def _year(value: str, what: str, problems: list[str]) -> int | None:
    if not value.strip():
        return None
    if value.strip().isdigit():
        return int(value)
    problems.append(f"{what} {value!r} is not a year; expected four digits, such as 2020.")
    return None


@page_router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: Field = "", from_year: Field = "", to_year: Field = "",
                agenda_item: Field = "", written_procedure: Field = "", unanimous: Field = "",
                member: Field = "", vote: Field = "",
                page: Annotated[int, Query(ge=1, le=10_000)] = 1) -> HTMLResponse:
    form = {"q": q, "from_year": from_year, "to_year": to_year, "agenda_item": agenda_item,
            "written_procedure": written_procedure, "unanimous": unanimous,
            "member": member, "vote": vote}
    problems: list[str] = []
    filters = SearchFilters(
        _year(from_year, "From year", problems), _year(to_year, "To year", problems),
        agenda_item.strip() or None, _CHOICES.get(written_procedure),
        _CHOICES.get(unanimous), member.strip().upper() or None, vote or None)
    council = council_of(request)
    results, status, error = None, 200, None
    try:
        if problems:
            raise InvalidInput(" ".join(problems))
        if q.strip():
            results = search_view(council, page_actor(request), q, filters, PAGE_SIZE,
                                  (page - 1) * PAGE_SIZE)
        else:
            authorise(page_actor(request), Action.READ_PUBLIC)
    except InvalidInput as exc:
        status, error = 422, exc.message
    return render(request, "search.html", status, form=form, results=results, error=error,
                  page=page, page_size=PAGE_SIZE, votes=VOTES, highlighted=highlighted,
                  agenda_items=council.corpus_agenda_items())


@page_router.get("/resolutions/{number}/citations", response_class=HTMLResponse)
def citations_page(request: Request, number: Number) -> HTMLResponse:
    found = citations_view(council_of(request), page_actor(request), number)
    return render(request, "citations.html", found=found, number=number)


@page_router.get("/chain", response_class=HTMLResponse)
def chain_page(request: Request, agenda_item: Field = "", mission: Field = "") -> HTMLResponse:
    council = council_of(request)
    chains = (chain_view(council, page_actor(request), agenda_item, mission.strip() or None)
              if agenda_item.strip() else None)
    if chains is None:
        authorise(page_actor(request), Action.READ_PUBLIC)
    return render(request, "chain.html", chains=chains, agenda_item=agenda_item,
                  mission=mission, agenda_items=council.corpus_agenda_items())


__all__ = ["api_router", "page_router"]
