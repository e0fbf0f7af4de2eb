"""What a resolution asks, by when (issue 6, point 4): obligations read from S/RES/2531 (2020)
(the UN's XML and the seed's annex), ten more resolutions checked by hand against their text
(docs/obligations.md), the timing forms one by one, and ``council obligations``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from council.cli import main
from council.documents import read_document_file
from council.domain.document import Document, Operative, Point
from council.obligations import Obligation, extract_obligations
from council.parse import parse_resolution
from tests.conftest import SEED, SHARED

AKN = SHARED / "data" / "akn4un"
ADOPTED_2531 = date(2020, 6, 29)


def _read(symbol: str) -> tuple[Document, date]:
    doc = read_document_file(AKN / f"{symbol}.xml")
    assert doc.adoption is not None and doc.adoption.date is not None
    return doc, doc.adoption.date


def _obligations(symbol: str) -> list[Obligation]:
    doc, adopted = _read(symbol)
    return extract_obligations(doc, adopted)


def _days(*isos: str) -> tuple[date, ...]:
    return tuple(date.fromisoformat(iso) for iso in isos)


def _one(found: list[Obligation], paragraph: str, kind: str, actor: str | None = None,
         due: tuple[date, ...] | None = None) -> Obligation:
    matches = [o for o in found if o.paragraph == paragraph and o.kind == kind
               and (actor is None or o.actor == actor) and (due is None or o.due == due)]
    assert matches, f"no {kind} of {actor} in paragraph {paragraph}: " + "; ".join(
        f"{o.paragraph} {o.kind} {o.actor} {o.due}" for o in found)
    return matches[0]


# -- S/RES/2531 (2020), from the UN's XML and from the seed ---------------------------------

def _2531_from_xml() -> Document:
    return read_document_file(AKN / "S_RES_2531_2020.xml")


def _2531_from_seed() -> Document:
    return parse_resolution(SEED.read_text(encoding="utf-8"))


@pytest.fixture(params=["akn4un", "seed"])
def found_2531(request: pytest.FixtureRequest) -> list[Obligation]:
    doc = _2531_from_xml() if request.param == "akn4un" else _2531_from_seed()
    return extract_obligations(doc, ADOPTED_2531)


def test_2531_quarterly_reports_fall_due_every_three_months_to_the_mandate_end(
        found_2531: list[Obligation]) -> None:
    report = _one(found_2531, "62", "report", "Secretary-General")
    assert report.recurrence == "P3M"
    assert report.due == _days("2020-09-29", "2020-12-29", "2021-03-29", "2021-06-29")
    assert report.action == "report"


def test_2531_six_monthly_letter(found_2531: list[Obligation]) -> None:
    letter = _one(found_2531, "63", "report", "Secretary-General")
    assert (letter.recurrence, letter.action) == ("P6M", "provide letter")
    assert letter.due == _days("2020-12-29", "2021-06-29")


def test_2531_long_term_roadmap_by_31_march_2021(found_2531: list[Obligation]) -> None:
    roadmap = _one(found_2531, "64", "report", "Secretary-General")
    assert roadmap.due == _days("2021-03-31")
    assert roadmap.action == "present long-term roadmap"
    assert roadmap.recurrence is None


def test_2531_update_in_the_first_quarterly_report(found_2531: list[Obligation]) -> None:
    update = _one(found_2531, "5", "report", "Secretary-General")
    assert update.due == _days("2020-09-29")  # the first date of paragraph 62's reports
    assert update.action == "include update"


def test_2531_april_2021_report_on_the_g5_sahel(found_2531: list[Obligation]) -> None:
    april = _one(found_2531, "38", "report", "Secretary-General")
    assert april.due == _days("2021-04-30")  # "its April 2021 report": the month's last day
    assert "April 2021 report on the G5 Sahel" in april.text


def test_2531_mandate_until_30_june_2021_and_its_ceilings(found_2531: list[Obligation]) -> None:
    mandate = _one(found_2531, "16", "mandate_end", "MINUSMA")
    assert mandate.due == _days("2021-06-30")
    assert mandate.action == "extend mandate"
    ceiling = _one(found_2531, "17", "ceiling", "MINUSMA")
    assert ceiling.numbers == {"military": 13289, "police": 1920}
    assert ceiling.due == ()


def test_2531_priority_measures_before_the_end_of_the_current_mandate(
        found_2531: list[Obligation]) -> None:
    parties = _one(found_2531, "3", "deadline", "Malian parties")
    authorities = _one(found_2531, "14", "deadline", "Malian authorities")
    for measures in (parties, authorities):
        assert measures.due == _days("2021-06-30")
        assert measures.action == "fulfil priority measures"
        assert "before the end of MINUSMA’s current mandate" in measures.text


def test_2531_reads_the_same_from_the_seed_as_from_the_uns_xml() -> None:
    xml = extract_obligations(_2531_from_xml(), ADOPTED_2531)
    seed = extract_obligations(_2531_from_seed(), ADOPTED_2531)
    assert [(o.paragraph, o.kind, o.actor, o.action, o.due, o.recurrence) for o in xml] == \
        [(o.paragraph, o.kind, o.actor, o.action, o.due, o.recurrence) for o in seed]


def test_2531_asks_nothing_else_with_a_date() -> None:
    found = extract_obligations(_2531_from_xml(), ADOPTED_2531)
    assert [(o.paragraph, o.kind) for o in found] == [
        ("3", "deadline"), ("5", "deadline"), ("5", "report"), ("14", "deadline"),
        ("16", "mandate_end"), ("17", "ceiling"), ("38", "report"), ("38", "deadline"),
        ("41", "mandate_end"), ("62", "report"), ("63", "report"), ("64", "report")]
    french = _one(found, "41", "mandate_end", "French forces")  # "until the end of MINUSMA's
    assert french.due == _days("2021-06-30")                    # mandate"


# -- ten more resolutions, checked by hand against their text -------------------------------
# (symbol, paragraph, kind, actor, action, recurrence, due dates): each row is a sentence of
# the resolution read by hand; docs/obligations.md lists what the reading is known to miss.

CHECKED: list[tuple[str, str, str, str, str, str | None, tuple[str, ...]]] = [
    # UNMISS renewal (South Sudan): mandate, ceilings, strategic review, monthly SOFA
    # reports, "within 90 days ..., every 90 days thereafter".
    ("S_RES_2514_2020", "6", "mandate_end", "UNMISS", "extend mandate", None, ("2021-03-15",)),
    ("S_RES_2514_2020", "39", "report", "Secretary-General", "provide independent strategic "
     "review", None, ("2020-12-15",)),
    ("S_RES_2514_2020", "40", "report", "Secretary-General", "report", "P1M",
     ("2020-04-12", "2020-05-12", "2020-06-12", "2020-07-12", "2020-08-12", "2020-09-12",
      "2020-10-12", "2020-11-12", "2020-12-12", "2021-01-12", "2021-02-12", "2021-03-12")),
    ("S_RES_2514_2020", "41", "report", "Secretary-General", "submit comprehensive written "
     "report", "P90D", ("2020-06-10", "2020-09-08", "2020-12-07", "2021-03-07")),
    # MINUSMA renewal of 2021: the same forms as 2531, one year on, and a report by 15 July.
    ("S_RES_2584_2021", "17", "mandate_end", "MINUSMA", "extend mandate", None,
     ("2022-06-30",)),
    ("S_RES_2584_2021", "4", "deadline", "Malian parties", "fulfil priority measures", None,
     ("2022-06-30",)),
    ("S_RES_2584_2021", "19", "report", "Secretary-General", "provide report", None,
     ("2021-07-15",)),
    ("S_RES_2584_2021", "40", "report", "Secretary-General", "issue assessment", None,
     ("2021-09-30",)),
    ("S_RES_2584_2021", "61", "report", "Secretary-General", "report", "P3M",
     ("2021-09-29", "2021-12-29", "2022-03-29", "2022-06-29")),
    ("S_RES_2584_2021", "62", "report", "Secretary-General", "provide letter", "P6M",
     ("2021-12-29", "2022-06-29")),
    # UNFICYP renewal (Cyprus): "a further period ending on", two reports "respectively",
    # the leaders' six-monthly updates.
    ("S_RES_2723_2024", "12", "mandate_end", "UNFICYP", "extend mandate", None,
     ("2025-01-31",)),
    ("S_RES_2723_2024", "24", "report", "Secretary-General", "submit two reports", None,
     ("2024-07-04", "2025-01-03")),
    ("S_RES_2723_2024", "24", "report", "leaders of the two communities",
     "provide written updates", "P6M", ("2024-07-30", "2025-01-30")),
    # UNDOF renewal (Golan): "for a period of six months, that is, until", every 90 days.
    ("S_RES_2555_2020", "15", "mandate_end", "UNDOF", "renew mandate", None, ("2021-06-30",)),
    ("S_RES_2555_2020", "16", "report", "Secretary-General", "report", "P90D",
     ("2021-03-18", "2021-06-16")),
    # Sudan sanctions: the Panel's mandate, interim and final reports, quarterly updates to
    # the Committee up to the Panel's own mandate end, the Council's review.
    ("S_RES_2508_2020", "2", "mandate_end", "Panel of Experts", "extend mandate", None,
     ("2021-03-12",)),
    ("S_RES_2508_2020", "2", "report", "Panel of Experts", "provide interim report", None,
     ("2020-08-12",)),
    ("S_RES_2508_2020", "2", "report", "Panel of Experts", "provide final report", None,
     ("2021-01-13",)),
    ("S_RES_2508_2020", "2", "report", "Panel of Experts", "provide updates", "P3M",
     ("2020-05-11", "2020-08-11", "2020-11-11", "2021-02-11")),
    ("S_RES_2508_2020", "2", "deadline", "Security Council", "review", None, ("2021-02-12",)),
    # Yemen sanctions: measures renewed, the Panel's mandate, mid-term update, final report.
    ("S_RES_2511_2020", "2", "mandate_end", "Security Council", "renew measures", None,
     ("2021-02-26",)),
    ("S_RES_2511_2020", "7", "mandate_end", "Panel of Experts", "extend mandate", None,
     ("2021-03-28",)),
    ("S_RES_2511_2020", "8", "report", "Panel of Experts", "provide mid-term update", None,
     ("2020-07-28",)),
    ("S_RES_2511_2020", "8", "report", "Panel of Experts", "provide final report", None,
     ("2021-01-28",)),
    # DPRK sanctions: four reports to the Committee and to the Council.
    ("S_RES_2515_2020", "1", "mandate_end", "Panel of Experts", "extend mandate", None,
     ("2021-04-30",)),
    ("S_RES_2515_2020", "1", "deadline", "Security Council", "review", None, ("2021-03-26",)),
    ("S_RES_2515_2020", "2", "report", "Panel of Experts", "provide midterm report", None,
     ("2020-08-03",)),
    ("S_RES_2515_2020", "2", "report", "Panel of Experts", "submit midterm report", None,
     ("2020-09-04",)),
    ("S_RES_2515_2020", "2", "report", "Panel of Experts", "submit final report", None,
     ("2021-02-05",)),
    ("S_RES_2515_2020", "2", "report", "Panel of Experts", "submit final report", None,
     ("2021-03-05",)),
    # DRC sanctions: a Group of Experts, monthly updates to its own mandate end.
    ("S_RES_2528_2020", "1", "mandate_end", "Security Council", "renew measures", None,
     ("2021-07-01",)),
    ("S_RES_2528_2020", "3", "mandate_end", "Group of Experts", "extend mandate", None,
     ("2021-08-01",)),
    ("S_RES_2528_2020", "4", "report", "Group of Experts", "provide mid-term report", None,
     ("2020-12-30",)),
    ("S_RES_2528_2020", "4", "report", "Group of Experts", "provide final report", None,
     ("2021-06-15",)),
    # South Sudan sanctions: two renewals, midterm reviews, the Secretariat's report, the
    # Panel's reports and monthly updates ("updates each month").
    ("S_RES_2521_2020", "3", "mandate_end", "Security Council", "renew measures", None,
     ("2021-05-31",)),
    ("S_RES_2521_2020", "4", "deadline", "Security Council", "carry out midterm review", None,
     ("2020-12-15",)),
    ("S_RES_2521_2020", "5", "report", "Secretariat", "provide report", None, ("2020-10-31",)),
    ("S_RES_2521_2020", "11", "mandate_end", "Security Council",
     "renew travel and financial measures", None, ("2021-05-31",)),
    ("S_RES_2521_2020", "18", "mandate_end", "Panel of Experts", "extend mandate", None,
     ("2021-07-01",)),
    ("S_RES_2521_2020", "18", "report", "Panel of Experts", "provide interim report", None,
     ("2020-12-01",)),
    ("S_RES_2521_2020", "18", "report", "Panel of Experts", "provide final report", None,
     ("2021-05-01",)),
    # Youth, peace and security (thematic): a biennial report, no mandate to run to.
    ("S_RES_2535_2020", "26", "report", "Secretary-General", "submit report", "P2Y",
     ("2022-07-14",)),
]


@pytest.mark.parametrize(("symbol", "paragraph", "kind", "actor", "action", "recurrence",
                          "due"), CHECKED)
def test_obligations_checked_by_hand_are_found(symbol: str, paragraph: str, kind: str,
                                               actor: str, action: str, recurrence: str | None,
                                               due: tuple[str, ...]) -> None:
    found = _obligations(symbol)
    item = _one(found, paragraph, kind, actor, _days(*due))
    assert (item.action, item.recurrence) == (action, recurrence)


def test_unmiss_ceilings_keep_their_numbers() -> None:
    ceiling = _one(_obligations("S_RES_2514_2020"), "7", "ceiling", "UNMISS")
    assert ceiling.numbers == {"troop": 17000, "police": 2101}


def test_monthly_updates_run_to_the_group_of_experts_own_mandate_end() -> None:
    updates = _one(_obligations("S_RES_2528_2020"), "4", "report", "Group of Experts",
                   None)
    monthly = [o for o in _obligations("S_RES_2528_2020") if o.recurrence == "P1M"]
    assert updates and len(monthly) == 1
    assert monthly[0].due[0] == date(2020, 7, 25) and monthly[0].due[-1] == date(2021, 7, 25)


def test_a_resolution_asking_nothing_by_a_date_has_no_obligations() -> None:
    # S/RES/2532 (2020), COVID-19: a "humanitarian pause for at least 90 consecutive days"
    # is not a due date.
    assert _obligations("S_RES_2532_2020") == []


def test_an_event_the_resolution_does_not_date_gives_no_due_date() -> None:
    # "within 30 days" of an inspection (2521 paragraph 10) and "thirty days after the Panel's
    # reappointment" (2515 paragraph 3) count from events that have no date here.
    assert not [o for o in _obligations("S_RES_2521_2020") if o.paragraph == "10"]
    assert not [o for o in _obligations("S_RES_2515_2020") if o.paragraph == "3"]


# -- the timing forms, one paragraph each -------------------------------------------------------

ADOPTED = date(2020, 1, 15)

FORMS: list[tuple[str, str | None, tuple[str, ...]]] = [
    ("Requests the Secretary-General to submit a report by 31 March 2020;", None,
     ("2020-03-31",)),
    ("Requests the Secretary-General to submit a report no later than 30 April 2020;", None,
     ("2020-04-30",)),
    ("Requests the Secretary-General to include in his June 2020 report an assessment;", None,
     ("2020-06-30",)),
    ("Requests the Secretary-General to report by the end of May 2020;", None,
     ("2020-05-31",)),
    ("Requests the Secretary-General to report within 30 days of the adoption of this "
     "resolution;", None, ("2020-02-14",)),
    ("Requests the Secretary-General to report every four months;", "P4M",
     ("2020-05-15", "2020-09-15", "2021-01-15")),
    ("Requests the Secretary-General to report on a quarterly basis;", "P3M",
     ("2020-04-15", "2020-07-15", "2020-10-15", "2021-01-15")),
    ("Requests the Secretary-General to report biannually;", "P6M",
     ("2020-07-15", "2021-01-15")),
    ("Requests the Secretary-General to submit an annual report;", "P1Y", ("2021-01-15",)),
    ("Requests the Secretary-General to report every 120 days;", "P120D",
     ("2020-05-14", "2020-09-11", "2021-01-09")),
    ("Requests the Secretary-General to brief the Council twice a year;", "P6M",
     ("2020-07-15", "2021-01-15")),
]


@pytest.mark.parametrize(("text", "recurrence", "due"), FORMS)
def test_timing_forms(text: str, recurrence: str | None, due: tuple[str, ...]) -> None:
    doc = Document(body=(Operative(1, text, lead="Requests"),))
    [item] = extract_obligations(doc, ADOPTED)
    assert (item.paragraph, item.actor, item.recurrence, item.due) == \
        ("1", "Secretary-General", recurrence, _days(*due))


def test_a_recurrence_runs_to_the_mandate_end_the_same_resolution_sets() -> None:
    doc = Document(body=(
        Operative(1, "Decides to extend the mandate of UNXYZ until 15 July 2020;"),
        Operative(2, "Requests the Secretary-General to report every two months;"),
    ))
    report = _one(extract_obligations(doc, ADOPTED), "2", "report")
    assert report.due == _days("2020-03-15", "2020-05-15", "2020-07-15")


def test_a_mandate_for_a_period_ends_that_long_after_adoption() -> None:
    doc = Document(body=(Operative(1, "Decides to extend the mandate of UNXYZ for a period "
                                      "of twelve months;"),))
    assert _one(extract_obligations(doc, ADOPTED), "1", "mandate_end", "UNXYZ").due == \
        _days("2021-01-15")


def test_an_obligation_in_a_point_keeps_its_anchor_and_the_actor_of_its_paragraph() -> None:
    doc = Document(body=(Operative(
        28, "Requests the Secretary-General:", lead="Requests",
        points=(Point("(a)", "to do a thing;"),
                Point("(b)", "to submit a report by 31 March 2020;"))),))
    [item] = extract_obligations(doc, ADOPTED)
    assert (item.paragraph, item.anchor, item.actor, item.due) == \
        ("28", "para_28_b", "Secretary-General", _days("2020-03-31"))


def test_recitals_ask_for_nothing() -> None:
    doc = Document(body=(Operative(1, "Recalls that the Secretary-General reported by 31 March "
                                      "2020;"),))
    assert extract_obligations(doc, ADOPTED) == []


# -- council obligations -------------------------------------------------------------------

def test_cli_json_is_the_list_of_objects_the_issue_names() -> None:
    result = CliRunner().invoke(main, ["obligations", str(AKN / "S_RES_2531_2020.xml"),
                                       "--json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert all(list(item) == ["paragraph", "kind", "actor", "action", "due", "recurrence",
                              "text"] for item in items)
    [quarterly] = [item for item in items if item["paragraph"] == "62"]
    assert quarterly == {
        "paragraph": "62", "kind": "report", "actor": "Secretary-General", "action": "report",
        "due": ["2020-09-29", "2020-12-29", "2021-03-29", "2021-06-29"], "recurrence": "P3M",
        "text": quarterly["text"]}
    assert quarterly["text"].startswith("Requests the Secretary-General to report to the "
                                        "Security Council every three months")


def test_cli_table_reads_the_seed() -> None:
    result = CliRunner().invoke(main, ["obligations", str(SEED)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["para", "kind", "actor", "action", "every", "due"]
    assert "16    mandate_end  MINUSMA" in result.output
    assert any(line.startswith("62 ") and line.endswith("2021-03-29, 2021-06-29")
               for line in lines)


def test_cli_names_a_file_it_cannot_read(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["obligations", str(tmp_path / "missing.xml")])
    assert result.exit_code == 1
    assert "missing.xml" in result.output
