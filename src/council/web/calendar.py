"""What falls due (issue 6, point 5): the calendar page, its iCalendar feeds and the JSON twin.

- GET /calendar: what is due from a day (``on``, default today) for ``days`` days (90), by
  month, and what is overdue; each item links to its source paragraph (/resolutions/N#anchor).
- GET /calendar.ics and /calendar/{agenda-slug}.ics: every due item as an all-day event
  (``council.ics``), for everything or one agenda item.
- GET /api/due: the page's report as JSON; POST /api/due/{item_id}/delivered: the Secretariat
  marks an item delivered by a document symbol.

Reading is public; recording a delivery is the Secretariat's (``Action.RECORD_DELIVERY``).
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import groupby
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.security import HTTPAuthorizationCredentials
from pydantic import BaseModel, ConfigDict, Field

from council import due
from council.domain.accounts import Action, Actor, authorise
from council.domain.errors import InvalidInput, NotFound
from council.ics import MEDIA_TYPE, render_calendar
from council.web import models as m
from council.web.auth import api_actor, bearer_scheme, council_of, now_of, page_actor

router = APIRouter()

On = Annotated[date | None, Query(description="The day to look from (YYYY-MM-DD); default "
                                               "today (UTC).")]
Days = Annotated[int, Query(ge=0, le=3660, description="How many days after `on` count as "
                                                       "due.")]
Agenda = Annotated[str | None, Query(max_length=500, description="An agenda item, as written "
                                                                 "or as its slug.")]
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": m.ErrorOut, "description": text}
    for status, text in ((401, "Not signed in"), (403, "Not allowed"), (404, "Not found"),
                         (422, "Invalid input"))
}


class DueItemOut(BaseModel):
    """One due item: an obligation of a corpus document at one of its dates."""

    id: int
    document: str = Field(examples=["S/RES/2531 (2020)"])
    agenda_item: str | None
    paragraph: str = Field(examples=["62"])
    anchor: str = Field(examples=["para_62"])
    kind: str = Field(examples=["report"])
    actor: str
    action: str
    due: date
    recurrence: str | None = Field(examples=["P3M"])
    text: str
    delivered_by: str | None = Field(examples=["S/2020/952"])
    delivered_at: datetime | None
    url: str = Field(examples=["/resolutions/2531#para_62"])
    status: str | None = Field(default=None, description="due, overdue, delivered or past "
                                                         "(a mandate end gone by)")


class DueReportOut(BaseModel):
    on: date
    until: date
    days: int
    agenda_item: str | None
    due: list[DueItemOut]
    overdue: list[DueItemOut]


class DeliveryIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    by: str = Field(min_length=1, max_length=64, examples=["S/2020/952"],
                    description="The document that delivered it.")


def _actor(request: Request,
           credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]
           ) -> Actor:
    return api_actor(request, credentials)


Who = Annotated[Actor, Depends(_actor)]


def _report(request: Request, actor: Actor, on: date | None, days: int,
            agenda: str | None) -> due.DueReport:
    authorise(actor, Action.READ_PUBLIC)
    return council_of(request).due_items(on or now_of(request).date(), days, agenda)


@router.get("/api/due", response_model=DueReportOut, responses=_ERRORS,
            summary="What is due from a day and what is overdue on it")
def api_due(request: Request, actor: Who, on: On = None, days: Days = due.WINDOW_DAYS,
            agenda: Agenda = None) -> DueReportOut:
    return DueReportOut(**_report(request, actor, on, days, agenda).as_json())


@router.post("/api/due/{item_id}/delivered", response_model=DueItemOut, responses=_ERRORS,
             summary="Mark a due item delivered by a document symbol (Secretariat)")
def api_deliver(request: Request, actor: Who,
                item_id: Annotated[int, Path(ge=1, le=2**31 - 1)],
                data: DeliveryIn) -> DueItemOut:
    authorise(actor, Action.RECORD_DELIVERY)
    item = council_of(request).deliver(item_id, data.by, now_of(request))
    return DueItemOut(**item.as_json(now_of(request).date()))


@router.get("/calendar", response_class=HTMLResponse, include_in_schema=False)
def calendar_page(request: Request, on: On = None, days: Days = due.WINDOW_DAYS,
                  agenda: Agenda = None) -> HTMLResponse:
    from council.web.pages import render

    report = _report(request, page_actor(request), on, days, agenda)
    months = [(month, list(items)) for month, items in
              groupby(report.due, key=lambda item: item.due.strftime("%B %Y"))]
    agendas = due.agenda_items(council_of(request).store)
    return render(request, "calendar.html", report=report, months=months,
                  agendas=[(item, due.agenda_slug(item)) for item in agendas],
                  slug=due.agenda_slug(report.agenda_item) if report.agenda_item else None)


def _feed(request: Request, agenda: str | None) -> Response:
    authorise(page_actor(request), Action.READ_PUBLIC)
    try:
        agenda_item, items = due.calendar_items(council_of(request).store, agenda)
    except InvalidInput as exc:
        raise NotFound(exc.message) from None
    name = "Council: due items" + (f", {agenda_item}" if agenda_item else "")
    body = render_calendar(items, name, str(request.base_url), now_of(request))
    filename = f"council-{due.agenda_slug(agenda_item) if agenda_item else 'due'}.ics"
    return Response(body, media_type=MEDIA_TYPE,
                    headers={"Content-Disposition": f'inline; filename="{filename}"'})


@router.get("/calendar.ics", include_in_schema=False)
def calendar_feed(request: Request) -> Response:
    return _feed(request, None)


@router.get("/calendar/{agenda}.ics", include_in_schema=False)
def agenda_feed(request: Request, agenda: Annotated[str, Path(max_length=500)]) -> Response:
    return _feed(request, agenda)


__all__ = ["router"]
