"""Importing the UN's record into the corpus (issue 6): every file taken or refused with a
reason, a second import changing nothing, votes equal to the metadata's member lists on every
record, the metadata's own inconsistencies reported, anchors as the HTML renderer gives them,
and a resolution adopted through Council landing in the same tables.

The whole import runs once per module on SQLite; PostgreSQL gets a small subset."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from council.cli import main
from council.corpus import ImportReport
from council.corpus_metadata import LISTS, member_code, parse_symbol
from council.council import Council
from council.parse.akn import read_akn
from council.render.registry import render
from council.replay import load_record, replay
from council.settings import load_settings
from council.store.repository import Store
from tests.conftest import SHARED

DATA = SHARED / "data"
RECORDS = Path(__file__).resolve().parents[1] / "src" / "council" / "data" / "records"
AKN = DATA / "akn4un"
METADATA = DATA / "metadata" / "unxml_data_extract"
OTHER = DATA / "akn4un-other"
SIX = DATA / "akn4un-2020-six-languages"

# Records whose counts disagree with their member lists (shared/README.md: "4 metadata
# records have counts that disagree with their member lists").
INCONSISTENT = {"S/RES/1559 (2004)", "S/RES/2403 (2018)", "S/RES/2521 (2020)",
                "S/RES/2812 (2026)"}


def _council(url: str) -> Council:
    settings = load_settings(environ={"COUNCIL_DATABASE_URL": url}, dotenv=None)
    council = Council(settings, Store(url))
    council.init()
    return council


class Imported:
    def __init__(self, council: Council, first: ImportReport, second: ImportReport,
                 before: list[Any], after: list[Any]) -> None:
        self.council, self.first, self.second = council, first, second
        self.before, self.after = before, after


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Imported]:
    council = _council(f"sqlite:///{tmp_path_factory.mktemp('corpus') / 'council.db'}")
    paths = [AKN, METADATA, OTHER]
    first = council.import_paths(paths)
    before = council.store.dump()
    second = council.import_paths(paths)
    yield Imported(council, first, second, before, council.store.dump())
    council.store.dispose()


def _records() -> list[tuple[str, dict[str, Any]]]:
    """Every metadata record, the first of each symbol (2026.json repeats three)."""
    seen: dict[str, dict[str, Any]] = {}
    for path in sorted(METADATA.glob("*.json")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                number, year = parse_symbol(record["symbol"]) or (0, 0)
                seen.setdefault(f"S/RES/{number} ({year})", record)
    return list(seen.items())


def test_import_takes_every_file_or_says_why_not(imported: Imported) -> None:
    report = imported.first
    xml = sorted(AKN.glob("*.xml")) + sorted(OTHER.glob("*.xml"))
    assert report.files == len(xml) + len(list(METADATA.glob("*.json")))
    refused = {Path(r.path).name: r.reason for r in report.refused}
    # The two drafts that were not adopted are the only files refused.
    assert set(refused) == {"S_2023_970.xml", "S_2024_173.xml"}
    assert all("not an adopted resolution" in reason for reason in refused.values())
    assert report.skipped == []
    symbols = {symbol for symbol, _ in _records()}
    # Every resolution with metadata, one with XML only (2770 (2025)), three statements.
    assert report.imported == len(symbols) + 1 + 3
    assert (report.updated, report.unchanged) == (0, 0)


def test_a_second_import_changes_nothing(imported: Imported) -> None:
    assert imported.after == imported.before
    second = imported.second
    assert (second.imported, second.updated) == (0, 0)
    assert second.unchanged == imported.first.imported


def test_imported_votes_equal_the_metadata_member_lists_on_every_record(
        imported: Imported) -> None:
    council = imported.council
    records = _records()
    assert len(records) == 1538
    with council.store.read() as repo:
        for symbol, record in records:
            stored = repo.corpus_votes(symbol)
            year = int(symbol[-5:-1])
            expected = {}
            for key, position in LISTS:
                for name in record[key]:
                    code = member_code(council.catalog, name)
                    if code is not None:
                        expected[code] = position
            listed = {m: p for m, p in stored.items() if p != "absent"}
            assert listed == expected, symbol
            # Absences are inferred only where the record adds up, among that year's members.
            absent = {m for m, p in stored.items() if p == "absent"}
            assert absent <= council.catalog.membership.council(year).codes
            if symbol in INCONSISTENT:
                assert not absent


def test_the_metadata_own_inconsistencies_are_reported_not_fixed(imported: Imported) -> None:
    problems = imported.first.problems
    assert {p.symbol for p in problems if p.kind == "counts"} == INCONSISTENT
    by_kind = {(p.kind, p.symbol) for p in problems}
    assert ("no-member-lists", "S/RES/2723 (2024)") in by_kind
    assert ("unknown-member", "S/RES/2403 (2018)") in by_kind
    assert {s for k, s in by_kind if k == "duplicate"} == {
        "S/RES/2820 (2026)", "S/RES/2821 (2026)", "S/RES/2822 (2026)"}
    with imported.council.store.read() as repo:
        # Kept as the lists say: 1559 (2004) has 9 in favour, 6 abstaining, though its counts
        # say 15-0-0; whether it was unanimous is left unknown.
        votes = repo.corpus_votes("S/RES/1559 (2004)")
        assert sorted(votes.values()).count("abstain") == 6
        assert repo.corpus_document("S/RES/1559 (2004)").unanimous is None


def test_a_document_joins_its_text_and_its_metadata(imported: Imported) -> None:
    with imported.council.store.read() as repo:
        row = repo.corpus_document("S/RES/2531 (2020)")
        paragraphs = {p.anchor: p for p in repo.corpus_paragraphs("S/RES/2531 (2020)")}
        targets = {r.target for r in repo.corpus_references("S/RES/2531 (2020)")}
        statement = repo.corpus_document("S/PRST/2018/10")
    assert (row.kind, row.number, row.year, str(row.date)) == ("resolution", 2531, 2020,
                                                               "2020-06-29")
    assert (row.agenda_item, row.draft_symbol, row.outcome_letter) == (
        "The situation in Mali", "S/2020/600", "S/2020/613")
    assert row.adopted_by_written_procedure and row.unanimous and row.meeting is None
    assert row.sponsors == ["FRA"]
    point = paragraphs["para_28_a_iii_2"]
    assert (point.label, point.kind) == ("28 (a) (iii) –", "point")
    assert "cantonment" in point.text
    assert paragraphs["preamble_1"].kind == "preamble"
    assert {"S/RES/2480 (2019)", "S/RES/2374 (2017)", "S/RES/2364 (2017)",
            "S/PRST/2018/10"} <= targets
    assert statement.kind == "presidential_statement" and statement.akn


def test_paragraph_anchors_are_those_of_the_html_page(imported: Imported) -> None:
    with imported.council.store.read() as repo:
        rows = [row for row in repo.corpus_documents().values() if row.akn]
        anchors = {row.symbol: [p.anchor for p in repo.corpus_paragraphs(row.symbol)
                                if p.kind != "heading"] for row in rows}
        akns = {row.symbol: row.akn for row in rows}
    assert len(akns) == 115 + 3
    for symbol, akn in akns.items():
        assert akn is not None
        ids = set(re.findall(r' id="([^"]+)"', render("resolution", read_akn(akn), "en",
                                                       "html")))
        assert set(anchors[symbol]) <= ids, symbol


def test_other_languages_are_skipped_and_texts_go_through_the_parser(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SIX / "fr" / "S_RES_2531_2020.xml", folder / "fr.xml")
    shutil.copy(DATA / "resolutions-ocr" / "S_RES_242_1967.txt", folder)
    (folder / "broken.xml").write_text("<akomaNtoso><unclosed>", encoding="utf-8")
    (folder / "notes.md").write_text("not a document", encoding="utf-8")
    council = _council(f"sqlite:///{tmp_path / 'council.db'}")
    report = council.import_paths([folder, tmp_path / "missing.xml"])
    assert report.imported == 1
    assert {Path(r.path).name for r in report.refused} == {"broken.xml", "missing.xml"}
    skipped = {Path(r.path).name: r.reason for r in report.skipped}
    assert set(skipped) == {"fr.xml", "notes.md"}
    assert "no work S/RES/2531 (2020)" in skipped["fr.xml"]  # kept once the work is in
    with council.store.read() as repo:
        row = repo.corpus_document("S/RES/242 (1967)")
        paragraphs = repo.corpus_paragraphs("S/RES/242 (1967)")
    assert (row.meeting, row.unanimous, row.source) == (1382, True,
                                                        str(folder / "S_RES_242_1967.txt"))
    assert any(p.anchor == "para_2_a" for p in paragraphs)
    council.store.dispose()


def test_council_import_prints_each_refusal_and_a_summary(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'council.db'}"
    runner = CliRunner()
    assert runner.invoke(main, ["--db", url, "init"]).exit_code == 0
    result = runner.invoke(main, ["--db", url, "import", str(OTHER)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1] == ("5 files: 3 documents imported, 0 updated, 0 unchanged; 2 refused, "
                         "0 skipped; 0 metadata problems")
    assert lines[0] == (f"refused {OTHER / 'S_2023_970.xml'}: a draft (S/2023/970), not an "
                        "adopted resolution or presidential statement; the corpus holds only "
                        "those")
    # Nothing at all could be taken: exit status 1.
    result = runner.invoke(main, ["--db", url, "import", str(OTHER / "S_2024_173.xml")])
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        "Error: Nothing could be imported; see the reasons above.")


def test_an_adopted_resolution_lands_in_the_corpus_tables(database_url: str) -> None:
    council = _council(database_url)
    # The demo's record: the seed's vote with the draft's text (resolution 2531 (2020)).
    record = load_record(RECORDS / "S_2020_613.json", council)
    replay(record, council)
    with council.store.read() as repo:
        row = repo.corpus_document("S/RES/2531 (2020)")
        votes = repo.corpus_votes("S/RES/2531 (2020)")
        paragraphs = {p.anchor for p in repo.corpus_paragraphs("S/RES/2531 (2020)")}
    assert (row.source, row.adopted_by_written_procedure, row.unanimous) == ("council", True,
                                                                            True)
    assert (row.draft_symbol, row.outcome_letter, row.agenda_item) == (
        "S/2020/600", "S/2020/613", "The situation in Mali")
    assert len(votes) == 15 and set(votes.values()) == {"yes"}
    assert {"para_28_a_iii_2", "para_62", "preamble_1"} <= paragraphs
    # An import of the UN's copy keeps the Council's own record as issued.
    before = council.store.dump()
    report = council.import_paths([AKN / "S_RES_2531_2020.xml"])
    assert report.unchanged == 1 and "adopted through Council" in report.skipped[0].reason
    assert council.store.dump() == before
    council.store.dispose()


def test_importing_twice_changes_nothing_on_every_database(database_url: str) -> None:
    council = _council(database_url)
    paths = [OTHER, AKN / "S_RES_2531_2020.xml", METADATA / "2020.json"]
    first = council.import_paths(paths)
    before = council.store.dump()
    second = council.import_paths(paths)
    assert first.imported == second.unchanged == 3 + len((METADATA / "2020.json").read_text(
        encoding="utf-8").splitlines())
    assert council.store.dump() == before
    with council.store.read() as repo:
        assert repo.corpus_votes("S/RES/2521 (2020)")["CHN"] == "abstain"
    council.store.dispose()


def test_a_changed_file_updates_only_its_document(tmp_path: Path) -> None:
    council = _council(f"sqlite:///{tmp_path / 'council.db'}")
    metadata = tmp_path / "2020.json"
    shutil.copy(METADATA / "2020.json", metadata)
    assert council.import_paths([metadata, AKN / "S_RES_2531_2020.xml"]).imported > 1
    lines = metadata.read_text(encoding="utf-8").splitlines()
    changed = [json.loads(line) for line in lines]
    index = next(i for i, r in enumerate(changed) if r["symbol"] == "S/RES/2531 (2020)")
    changed[index]["agenda_item_name"] = "The situation in Mali (renamed)"
    metadata.write_text("\n".join(json.dumps(r) for r in changed), encoding="utf-8")
    report = council.import_paths([metadata])
    assert (report.imported, report.updated, report.unchanged) == (0, 1, len(lines) - 1)
    with council.store.read() as repo:
        row = repo.corpus_document("S/RES/2531 (2020)")
        assert row.agenda_item == "The situation in Mali (renamed)"
        assert row.akn is not None and len(repo.corpus_paragraphs(row.symbol)) > 100
    council.store.dispose()
