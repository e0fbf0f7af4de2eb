"""The iCalendar feed of due items (issue 6, point 5): RFC 5545, written by the maintained
``icalendar`` library, so that calendar programs take it (GET /calendar.ics, and one feed per
agenda item at GET /calendar/{agenda-slug}.ics).

One VEVENT per due item: an all-day event (DTSTART as a DATE, DTEND the day after), a UID that
stays the same across imports and databases (the document's symbol and the item's key), SUMMARY
with the actor and the action, DESCRIPTION with the resolution's symbol, the paragraph and the
clause, URL to the paragraph, CATEGORIES with the kind; a delivered item says by which document.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from icalendar import Calendar, Event  # type: ignore[import-untyped]

from council.due import DueItem

__all__ = ["MEDIA_TYPE", "render_calendar"]

MEDIA_TYPE = "text/calendar; charset=utf-8"
PRODID = "-//Council//Due items of the Security Council's resolutions//EN"


def summary(item: DueItem) -> str:
    """"Secretary-General: report (S/RES/2531 (2020), para 62)"."""
    return f"{item.actor}: {item.action} ({item.symbol}, para {item.label})"


def description(item: DueItem) -> str:
    """The symbol, the paragraph and the clause; the delivery, if marked."""
    text = f"{item.symbol}, paragraph {item.label}: {item.text}"
    if item.recurrence:
        text += f"\nRecurs: {item.recurrence}"
    if item.delivered_by:
        text += f"\nDelivered by {item.delivered_by}"
    return text


def render_calendar(items: Iterable[DueItem], name: str, base_url: str, stamp: datetime
                    ) -> bytes:
    """The feed of ``items`` as an iCalendar file.

    Args:
        items: the due items, one event each.
        name: the calendar's name (X-WR-CALNAME), e.g. "Council: The situation in Mali".
        base_url: what relative paragraph URLs are joined to ("https://council.example").
        stamp: DTSTAMP of every event (when the feed was made), aware.

    Returns:
        The iCalendar text, CRLF line endings, folded at 75 octets.
    """
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    base = base_url.rstrip("/")
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.due)
        event.add("dtend", item.due + timedelta(days=1))
        event.add("summary", summary(item))
        event.add("description", description(item))
        event.add("url", item.url if item.url.startswith("http") else base + item.url)
        event.add("categories", [item.kind])
        event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    data = calendar.to_ical()
    assert isinstance(data, bytes)
    return data
