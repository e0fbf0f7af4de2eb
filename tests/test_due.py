"""Due items (issue 6, points 4 and 5): the obligations of the imported resolutions at their
dates, ``council due``, delivery marks that survive re-imports, the calendar page, the
iCalendar feeds (read back with the ``icalendar`` library) and the JSON twin.

The UN's AKN4UN corpus and the 2020 metadata (for agenda items) are imported once per module;
a test that marks deliveries works on its own copy of that database."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from council.cli import main
from council.council import Council
from council.due import DueItem, agenda_slug, calendar_items, due_rows, paragraph_label
from council.obligations import Obligation
from council.settings import load_settings
from council.store.repository import Store
from council.web.app import create_app
from tests.conftest import SEED, SHARED

AKN = SHARED / "data" / "akn4un"
METADATA_2020 = SHARED / "data" / "metadata" / "unxml_data_extract" / "2020.json"
MALI = "The situation in Mali"
R2531 = "S/RES/2531 (2020)"
ON = "2021-01-01"


def _council(path: Path) -> Council:
    url = f"sqlite:///{path}"
    return Council(load_settings(environ={"COUNCIL_DATABASE_URL": url}, dotenv=None),
                   Store(url))


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database with the corpus imported, closed, to be copied."""
    path = tmp_path_factory.mktemp("due") / "pristine.db"
    council = _council(path)
    council.init()
    report = council.import_paths([AKN, METADATA_2020])
    assert report.refused == []
    council.store.dispose()  # checkpoints the WAL into the file
    return path


@pytest.fixture(scope="module")
def council(pristine: Path) -> Iterator[Council]:
    """The imported corpus, read only by the tests that use it."""
    copy = pristine.with_name("shared.db")
    shutil.copy(pristine, copy)
    council = _council(copy)
    yield council
    council.store.dispose()


@pytest.fixture
def own(pristine: Path, tmp_path: Path) -> Iterator[Council]:
    """A copy of the imported corpus for one test that changes it."""
    shutil.copy(pristine, tmp_path / "council.db")
    council = _council(tmp_path / "council.db")
    yield council
    council.store.dispose()


def _cli(council: Council, *args: str) -> Any:
    return CliRunner().invoke(main, ["--db", council.store.url, *args])


def _report(council: Council, *args: str) -> dict[str, Any]:
    result = _cli(council, "due", "--on", ON, "--agenda", MALI, "--json", *args)
    assert result.exit_code == 0, result.output
    body: dict[str, Any] = json.loads(result.output)
    return body


def _rows(items: list[dict[str, Any]], symbol: str = R2531) -> list[tuple[str, str, str]]:
    return [(i["paragraph"], i["action"], i["due"]) for i in items if i["document"] == symbol]


def _all_items(council: Council, agenda: str | None = None) -> list[DueItem]:
    return calendar_items(council.store, agenda)[1]


# -- what the import makes ---------------------------------------------------------------------


def test_2531_has_its_quarterly_reports_and_roadmap_as_due_items(council: Council) -> None:
    items = council.due_items(date(2020, 6, 29), 400, MALI).due
    of_2531 = [(i.paragraph, i.kind, i.actor, i.action, i.due, i.recurrence)
               for i in items if i.symbol == R2531]

    quarterly = [row for row in of_2531 if row[0] == "62"]
    assert quarterly == [("62", "report", "Secretary-General", "report", date(*day), "P3M")
                         for day in ((2020, 9, 29), (2020, 12, 29), (2021, 3, 29),
                                     (2021, 6, 29))]
    assert ("64", "report", "Secretary-General", "present long-term roadmap",
            date(2021, 3, 31), None) in of_2531
    assert ("16", "mandate_end", "MINUSMA", "extend mandate", date(2021, 6, 30),
            None) in of_2531
    assert not [row for row in of_2531 if row[0] == "17"]  # a ceiling has no date
    # One item per obligation per date: 3, 5 (two), 14, 16, 38 (two), 41, 62 (four),
    # 63 (two), 64.
    assert len(of_2531) == 15


def test_each_item_links_to_its_source_paragraph(council: Council) -> None:
    items = [i for i in council.due_items(date(2020, 6, 29), 400, MALI).due
             if i.symbol == R2531]

    assert {i.url for i in items if i.paragraph in ("62", "64")} == {
        "/resolutions/2531#para_62", "/resolutions/2531#para_64"}
    assert all(i.text and i.url.endswith("#" + i.anchor) for i in items)


def test_importing_again_changes_no_due_item(pristine: Path, own: Council) -> None:
    before = own.store.dump()

    report = own.import_paths([AKN, METADATA_2020])

    assert report.taken and report.imported == report.updated == 0
    assert own.store.dump() == before


# -- council due ---------------------------------------------------------------------------


def test_council_due_on_1_january_2021_lists_what_is_due_and_what_is_overdue(
        council: Council) -> None:
    body = _report(council)

    assert (body["on"], body["until"], body["days"]) == (ON, "2021-04-01", 90)
    assert body["agenda_item"] == MALI
    assert _rows(body["due"]) == [("62", "report", "2021-03-29"),
                                  ("64", "present long-term roadmap", "2021-03-31")]
    assert _rows(body["overdue"]) == [("5", "include update", "2020-09-29"),
                                      ("62", "report", "2020-09-29"),
                                      ("62", "report", "2020-12-29"),
                                      ("63", "provide letter", "2020-12-29")]
    assert {i["status"] for i in body["due"]} == {"due"}
    assert {i["status"] for i in body["overdue"]} == {"overdue"}


def test_council_due_prints_two_tables(council: Council) -> None:
    result = _cli(council, "due", "--on", ON, "--agenda", "the-situation-in-mali")

    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == (f"Due from 2021-01-01 to 2021-04-01 (90 days) under {MALI!r}:")
    assert lines[1].split() == ["id", "due", "document", "para", "kind", "actor", "action"]
    assert lines[2].split()[1:] == ["2021-03-29", "S/RES/2531", "(2020)", "62", "report",
                                    "Secretary-General", "report", "(every", "P3M)"]
    overdue = lines.index(f"Overdue on 2021-01-01 (due before it, not delivered) under "
                          f"{MALI!r}:")
    assert [line.split()[1] for line in lines[overdue + 2:]] == [
        "2020-09-29", "2020-09-29", "2020-12-29", "2020-12-29"]


def test_a_wider_window_and_a_word_of_the_agenda_item(council: Council) -> None:
    body = json.loads(_cli(council, "due", "--on", ON, "--days", "181", "--agenda", "mali",
                           "--json").output)

    assert body["agenda_item"] == MALI
    assert [row[2] for row in _rows(body["due"])] == [
        "2021-03-29", "2021-03-31", "2021-04-30", "2021-06-29", "2021-06-29", "2021-06-30",
        "2021-06-30", "2021-06-30", "2021-06-30", "2021-06-30", "2021-06-30"]


def test_a_mandate_end_gone_by_is_past_not_overdue(council: Council) -> None:
    report = council.due_items(date(2021, 7, 1), 30, MALI)

    assert [i for i in report.overdue if i.kind == "mandate_end"] == []
    # Every report 2531 asked (5, 38, 62 four times, 63 twice, 64) and the deadlines.
    assert [i.kind for i in report.overdue if i.symbol == R2531].count("report") == 9
    ended = calendar_items(council.store, MALI)[1]
    assert {i.status(date(2021, 7, 1)) for i in ended
            if i.symbol == R2531 and i.kind == "mandate_end"} == {"past"}


# -- delivered -------------------------------------------------------------------------------


def _item_id(council: Council, paragraph: str, day: str) -> int:
    return next(i["id"] for i in _report(council)["overdue"]
                if i["document"] == R2531 and i["paragraph"] == paragraph and i["due"] == day)


def test_a_delivered_item_leaves_the_overdue_list_and_survives_reimports(own: Council
                                                                         ) -> None:
    item = _item_id(own, "62", "2020-09-29")

    result = _cli(own, "due", "deliver", str(item), "S/2020/952")

    assert result.exit_code == 0, result.output
    assert result.output == (f"Due item {item} (S/RES/2531 (2020), paragraph 62, report, due "
                             "2020-09-29) delivered by S/2020/952.\n")
    assert ("62", "report", "2020-09-29") not in _rows(_report(own)["overdue"])

    # The same files again (nothing rewritten), the seed's text of 2531 (its text rewritten,
    # its obligations read again) and a refresh of every document keep the mark.
    own.import_paths([AKN, METADATA_2020])
    seed = own.import_paths([SEED])
    count = own.refresh_due_items()

    assert seed.updated == 1
    assert count == len(_all_items(own))
    body = _report(own)
    assert ("62", "report", "2020-09-29") not in _rows(body["overdue"])
    delivered = own.due_items(date(2020, 9, 29), 0, MALI).due
    assert [(i.id, i.delivered_by) for i in delivered if i.paragraph == "62"] == [
        (item, "S/2020/952")]


def test_a_delivery_shows_on_the_due_list_and_in_the_feed(own: Council) -> None:
    item = _item_id(own, "62", "2020-12-29")
    own.deliver(item, "S/2020/1281")

    found = next(i for i in own.due_items(date(2020, 12, 1), 60, MALI).due if i.id == item)
    feed = TestClient(create_app(own)).get("/calendar/the-situation-in-mali.ics")
    events = {str(e["UID"]): e for e in icalendar.Calendar.from_ical(feed.content)
              .walk("VEVENT")}

    assert found.status(date(2021, 1, 1)) == "delivered"
    assert "Delivered by S/2020/1281" in str(events[found.uid]["DESCRIPTION"])


# -- the calendar, its feeds and the JSON twin -----------------------------------------------


@pytest.fixture(scope="module")
def client(council: Council) -> Iterator[TestClient]:
    with TestClient(create_app(council)) as client:
        yield client


def test_the_ics_feed_has_one_event_per_due_item_with_its_source_paragraph(
        council: Council, client: TestClient) -> None:
    response = client.get("/calendar.ics")
    items = {i.uid: i for i in _all_items(council)}

    assert response.status_code == 200
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    calendar = icalendar.Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(items) > 500
    assert len(events) == len(items)
    assert sorted(str(e["UID"]) for e in events) == sorted(items)
    for event in events:
        item = items[str(event["UID"])]
        assert event.decoded("DTSTART") == item.due  # an all-day event: a DATE
        assert str(event["DESCRIPTION"]).startswith(f"{item.symbol}, paragraph {item.label}: ")
        assert item.text in str(event["DESCRIPTION"])
        assert str(event["SUMMARY"]).startswith(f"{item.actor}: {item.action}")
        assert str(event["URL"]).endswith(item.url)


def test_the_feed_of_one_agenda_item_has_its_items_only(council: Council,
                                                        client: TestClient) -> None:
    response = client.get(f"/calendar/{agenda_slug(MALI)}.ics")

    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    expected = _all_items(council, MALI)
    assert response.status_code == 200
    assert len(events) == len(expected) >= 15
    event = next(e for e in events if str(e["UID"]) ==
                 "s-res-2531-2020.para_64.report.present-long-term-roadmap.2021-03-31@council")
    assert str(event["DESCRIPTION"]).startswith("S/RES/2531 (2020), paragraph 64: ")
    assert str(event["URL"]) == "http://testserver/resolutions/2531#para_64"
    assert event.decoded("DTEND") == date(2021, 4, 1)


def test_the_calendar_page_lists_by_month_and_links_the_paragraphs(client: TestClient
                                                                   ) -> None:
    page = client.get("/calendar", params={"on": ON, "agenda": "the-situation-in-mali"})

    assert page.status_code == 200
    assert "<h3>March 2021</h3>" in page.text
    assert 'href="/resolutions/2531#para_64"' in page.text
    assert 'href="/calendar/the-situation-in-mali.ics"' in page.text
    assert page.text.count('class="due-overdue"') == 4


def test_the_json_twin_is_the_cli_report(council: Council, client: TestClient) -> None:
    response = client.get("/api/due", params={"on": ON, "agenda": MALI})

    assert response.status_code == 200
    assert response.json() == _report(council)


# -- bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (("due", "--on", "2021-13-01"),
     "Error: The --on date '2021-13-01' is not a date; expected YYYY-MM-DD such as "
     "2021-01-01.\n"),
    (("due", "--on", "tomorrow"),
     "Error: The --on date 'tomorrow' is not a date; expected YYYY-MM-DD such as "
     "2021-01-01.\n"),
    (("due", "--agenda", "The situation in Atlantis"),
     "Error: No due items under agenda item 'The situation in Atlantis'; did you mean "
     "'The situation in Afghanistan' or 'The situation in Mali' or 'The situation in "
     "Somalia'?\n"),
    (("due", "deliver", "999999", "S/2020/952"),
     "Error: No due item 999999; the ids are in the first column of: council due (or in "
     "GET /api/due).\n"),
    (("due", "deliver", "sixty-two", "S/2020/952"),
     "Error: Due item id 'sixty-two' is not a number; the ids are in the first column of: "
     "council due\n"),
    (("due", "deliver", "1", "the report"),
     "Error: 'the report' is not a document symbol; give the one that delivered it, such as "
     "S/2020/952 (a report or letter), S/RES/2584 (2021) or S/PRST/2020/5.\n"),
])
def test_bad_input_gives_one_message_and_exit_status_1(council: Council, args: tuple[str, ...],
                                                       message: str) -> None:
    before = council.store.dump()

    result = _cli(council, *args)

    assert (result.exit_code, result.output) == (1, message)
    assert council.store.dump() == before


@pytest.mark.parametrize(("method", "url", "status", "field"), [
    ("GET", "/api/due?on=2021-13-01", 422, "query.on"),
    ("GET", "/api/due?days=-1", 422, "query.days"),
    ("GET", "/api/due?agenda=Atlantis", 422, None),
    ("POST", "/api/due/999999/delivered", 404, None),
    ("POST", "/api/due/1/delivered?bad", 422, None),
])
def test_bad_api_input_gives_the_json_error_shape(council: Council, client: TestClient,
                                                  method: str, url: str, status: int,
                                                  field: str | None) -> None:
    if not any(a.username == "due-officer" for a in council.access.users()):
        council.access.add_user("due-officer", "correct horse battery",
                                "secretariat-officer", None, "Officer")
    token = council.access.token_for("due-officer", "due")
    body = ({"by": "the report"} if url.endswith("?bad") else {"by": "S/2020/952"})

    response = client.request(method, url.removesuffix("?bad"), json=body,
                              headers={"Authorization": f"Bearer {token}"})

    assert response.status_code == status, response.text
    error = response.json()
    assert error["ok"] is False and error["status"] == status and error["error"]
    assert [e["field"] for e in error["errors"]] == ([field] if field else [])


def test_an_unknown_agenda_feed_is_404_and_a_bad_date_page_422(client: TestClient) -> None:
    assert client.get("/calendar/atlantis.ics").status_code == 404
    assert client.get("/calendar", params={"on": "not a date"}).status_code == 422


# -- pure parts -------------------------------------------------------------------------------


@pytest.mark.parametrize(("anchor", "label"), [
    ("para_62", "62"), ("para_28_c_iii", "28 (c) (iii)"), ("para_3_2", "3 (2)"),
])
def test_paragraph_labels(anchor: str, label: str) -> None:
    assert paragraph_label(anchor) == label


@pytest.mark.parametrize(("text", "slug"), [
    ("The situation in Mali", "the-situation-in-mali"),
    ("Reports of the Secretary-General on the Sudan and South Sudan",
     "reports-of-the-secretary-general-on-the-sudan-and-south-sudan"),
    ("S/RES/2531 (2020)", "s-res-2531-2020"),
])
def test_agenda_slugs(text: str, slug: str) -> None:
    assert agenda_slug(text) == slug


def test_every_date_is_an_item_and_keys_stay_unique_in_a_document() -> None:
    days = (date(2020, 9, 29), date(2020, 12, 29))
    same = Obligation("62", "para_62", "report", "Secretary-General", "report", days, "P3M",
                      "report every three months")
    rows = due_rows([same, same, Obligation("17", "para_17", "ceiling", "MINUSMA", "up to")])

    assert [row["key"] for row in rows] == [
        "para_62.report.report.2020-09-29", "para_62.report.report.2020-12-29",
        "para_62.report.report.2020-09-29-2", "para_62.report.report.2020-12-29-2"]
