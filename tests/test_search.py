"""Full-text search over the corpus (issue 6, point 2): "cantonment" finds 2531's paragraph
28 (a) (iii); the filters combine; no query, however odd, makes the search fail (Hypothesis on
arbitrary text); the index follows the paragraphs as they change; the CLI, the page and the
API answer the same.

The shared corpus is imported once per module: all of it on SQLite, the Mali resolutions and
the metadata of their years on PostgreSQL (a full import there takes some 15 s)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from council.cli import main
from council.council import Council
from council.domain.errors import InvalidInput
from council.search import SearchFilters, parse_query
from council.settings import load_settings
from council.store.repository import Store
from council.store.tables import CorpusDocumentRow, CorpusVoteRow
from council.web.app import create_app
from tests.conftest import SHARED, _reset_postgres

DATA = SHARED / "data"
AKN = DATA / "akn4un"
METADATA = DATA / "metadata" / "unxml_data_extract"
MALI = (2100, 2164, 2227, 2295, 2364, 2374, 2423, 2480, 2531, 2584, 2640, 2690)
SUBSET = [*sorted(AKN.glob("S_RES_25[0-9][0-9]_2020.xml")),
          *(p for n in MALI for p in AKN.glob(f"S_RES_{n}_*.xml")),
          *(METADATA / f"{year}.json" for year in range(2019, 2024))]


def _council(url: str) -> Council:
    council = Council(load_settings(environ={"COUNCIL_DATABASE_URL": url}, dotenv=None),
                      Store(url))
    council.init()
    return council


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def corpus(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[Council]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('search') / 'council.db'}"
        paths: list[Path] = [AKN, METADATA]
    else:
        url = os.environ.get("COUNCIL_TEST_POSTGRES_URL", "")
        if not url:
            pytest.skip("COUNCIL_TEST_POSTGRES_URL is not set (make test starts PostgreSQL)")
        _reset_postgres(url)
        paths = list(SUBSET)
    council = _council(url)
    report = council.import_paths(paths)
    assert not report.refused, report.refused
    yield council
    council.store.dispose()


Fact = tuple[int | None, str | None, bool, bool | None, dict[str, str]]


@pytest.fixture(scope="module")
def facts(corpus: Council) -> dict[str, Fact]:
    """Each document's year, agenda item, written procedure, unanimity and votes."""
    votes: dict[int, dict[str, str]] = {}
    with corpus.store.engine.connect() as connection:
        for document_id, member, position in connection.execute(select(
                CorpusVoteRow.document_id, CorpusVoteRow.member, CorpusVoteRow.position)):
            votes.setdefault(document_id, {})[member] = position
        return {row.symbol: (row.year, row.agenda_item, row.adopted_by_written_procedure,
                             row.unanimous, votes.get(row.id, {}))
                for row in connection.execute(select(CorpusDocumentRow))}


def test_a_query_for_cantonment_finds_paragraph_28_a_iii_of_2531(corpus: Council) -> None:
    results = corpus.search("cantonment", limit=200)
    assert results.total == len(results.hits)
    found = [hit for hit in results.hits if hit.symbol == "S/RES/2531 (2020)"]
    assert [(hit.label, hit.anchor, hit.url) for hit in found] == [
        ("28 (a) (iii) –", "para_28_a_iii_2", "/resolutions/2531#para_28_a_iii_2")]
    hit = found[0]
    assert "cantonment, disarmament, demobilization" in hit.snippet
    assert [hit.snippet[start:end] for start, end in hit.highlights] == ["cantonment"]
    assert hit.agenda_item == "The situation in Mali" and hit.year == 2020
    assert results.mode == "index"


FILTERS = [
    SearchFilters(from_year=2020),
    SearchFilters(to_year=2016),
    SearchFilters(from_year=2017, to_year=2021),
    SearchFilters(agenda_item="the situation in mali"),
    SearchFilters(written_procedure=True),
    SearchFilters(written_procedure=False),
    SearchFilters(unanimous=True),
    SearchFilters(unanimous=False),
    SearchFilters(member="RUS", vote="abstain"),
    SearchFilters(member="FRA"),
    SearchFilters(vote="no"),
    SearchFilters(from_year=2020, to_year=2020, agenda_item="The situation in Mali",
                  written_procedure=True, unanimous=True, member="GBR", vote="yes"),
    SearchFilters(from_year=2019, agenda_item="The situation in Mali", unanimous=True,
                  member="CHN", vote="yes"),
]


def _allowed(filters: SearchFilters, fact: Fact) -> bool:
    year, agenda, written, unanimous, votes = fact
    return ((filters.from_year is None or (year is not None and year >= filters.from_year))
            and (filters.to_year is None or (year is not None and year <= filters.to_year))
            and (filters.agenda_item is None
                 or (agenda or "").lower() == filters.agenda_item.lower())
            and (filters.written_procedure is None or written == filters.written_procedure)
            and (filters.unanimous is None or unanimous is filters.unanimous)
            and (filters.member is None or filters.member in votes)
            and (filters.vote is None or (
                votes.get(filters.member) == filters.vote if filters.member
                else filters.vote in votes.values())))


def _everything(council: Council, query: str, filters: SearchFilters | None = None
                ) -> list[tuple[str, str]]:
    """Every hit, page after page."""
    out: list[tuple[str, str]] = []
    while True:
        page = council.search(query, filters, limit=200, offset=len(out))
        out += [(h.symbol, h.anchor) for h in page.hits]
        if not page.hits:
            assert len(out) == page.total
            return out


@pytest.mark.parametrize("query", ["cantonment", "MINUSMA", "sanctions OR embargo",
                                   '"armed groups" -Mali'])
@pytest.mark.parametrize("filters", FILTERS, ids=lambda f: ",".join(
    f"{k}={v}" for k, v in vars(f).items() if v is not None))
def test_filters_combine_and_each_narrows_to_the_documents_it_allows(
        corpus: Council, facts: dict[str, Fact], query: str, filters: SearchFilters) -> None:
    expected = [hit for hit in _everything(corpus, query)
                if _allowed(filters, facts[hit[0]])]
    narrowed = _everything(corpus, query, filters)
    assert sorted(narrowed) == sorted(expected) and len(set(narrowed)) == len(narrowed)


def test_the_combined_filters_leave_2531_for_cantonment(corpus: Council) -> None:
    results = corpus.search("cantonment", FILTERS[11])
    assert [(h.symbol, h.label) for h in results.hits] == [
        ("S/RES/2531 (2020)", "28 (a) (iii) –")]


HARD = ['"', '""', '"unclosed phrase', "'", "armed \"groups", "السلام والأمن", "مالي",
        "联合国", "安全理事会 决议", "MINUSMA 联合国", "(", ")", "*", "-", "--", "-*", "^", ":",
        "a:b", "S/RES/2531 (2020)", "NEAR(armed groups)", "armed NEAR groups", "AND", "OR",
        "NOT", "AND OR NOT", "armed OR", "OR armed", "NOT armed", "-armed", "arm* OR -",
        "text:armed", "{armed groups}", "armed + groups", "a & b | !c", "it's", "x' OR 1=1 --",
        "\x00", "\\", "%", "_", "%_%", "😀", "é", "\u200b", "\ue000mark\ue001", "", " ", "\n\t",
        "a" * 5000, "armed " * 300]


@pytest.mark.parametrize("query", HARD)
def test_odd_queries_never_error(corpus: Council, query: str) -> None:
    results = corpus.search(query)
    assert results.total >= len(results.hits)
    assert results.mode == ("empty" if parse_query(query).empty else
                            "substring" if parse_query(query).substring else "index")


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60))
def test_the_search_never_raises_on_arbitrary_text(corpus: Council, text: str) -> None:
    corpus.search(text, limit=5)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(["armed", "groups", '"', "OR", "AND", "NOT", "-",
                                       "*", "cantonment", "(", ")", "联合", "مالي", ":"]),
                      max_size=8))
def test_the_search_never_raises_on_operator_soup(corpus: Council, words: list[str]) -> None:
    corpus.search(" ".join(words), limit=5)
    corpus.search("".join(words), limit=5)


def test_phrases_or_exclusion_and_prefix_read_as_documented(corpus: Council) -> None:
    def found(query: str) -> set[tuple[str, str]]:
        return set(_everything(corpus, query))

    cantonment, groups = found("cantonment"), found('"armed groups"')
    assert found('cantonment "armed groups"') == cantonment & groups
    assert found("cantonment OR cantonments") == cantonment | found("cantonments")
    assert found('cantonment -"armed groups"') == cantonment - groups
    assert found("cantonment*") == cantonment | found("cantonments")
    assert found("demobili*") >= found("demobilization") | found("demobilize") != set()
    assert found("CANTONMENT") == cantonment and found("cantonal").isdisjoint(cantonment)


def test_the_chinese_query_is_matched_as_a_substring(corpus: Council) -> None:
    results = corpus.search("联合国")
    assert (results.mode, results.total) == ("substring", 0)  # the corpus is in English


def test_bad_filters_are_reported_together(corpus: Council) -> None:
    with pytest.raises(InvalidInput) as caught:
        corpus.search("armed", SearchFilters(from_year=2021, to_year=2020, member="France",
                                             vote="maybe"), limit=0)
    message = caught.value.message
    for part in ("'maybe'", "'France'", "2021–2020", "Limit 0"):
        assert part in message


def test_the_index_follows_paragraphs_replaced_and_resolutions_adopted_here(
        corpus: Council) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    with corpus.store.transaction() as repo:
        row = repo.add_corpus_document({
            "symbol": "S/PRST/2099/1", "kind": "presidential_statement", "number": 1,
            "year": 2099, "date": None, "title": "A test statement", "agenda_item": None,
            "adopted_by_written_procedure": False, "unanimous": None, "meeting": None,
            "draft_symbol": None, "outcome_letter": None, "sponsors": [], "source": "test",
            "content_sha256": None, "akn": None, "metadata_source": None,
            "metadata_sha256": None, "metadata_record": None, "imported_at": now})
        repo.flush()
        repo.replace_corpus_text(row.id, [{"anchor": "para_1", "label": "1",
                                           "kind": "operative", "position": 1,
                                           "text": "The zyzzogeton paragraph."}], [])
    hits = corpus.search("zyzzogeton").hits
    assert [(h.symbol, h.url) for h in hits] == [
        ("S/PRST/2099/1", "https://undocs.org/en/S/PRST/2099/1")]
    with corpus.store.transaction() as repo:
        repo.replace_corpus_text(row.id, [{"anchor": "para_1", "label": "1",
                                           "kind": "operative", "position": 1,
                                           "text": "The quokka paragraph."}], [])
    assert corpus.search("zyzzogeton").total == 0
    assert corpus.search("quokka").total == 1
    with corpus.store.transaction() as repo:
        repo.replace_corpus_text(row.id, [], [])
    assert corpus.search("quokka").total == 0


def test_council_search_prints_the_hits_and_their_json(corpus: Council) -> None:
    runner = CliRunner()
    args = ["--db", corpus.store.url, "search", "cantonment", "--from-year", "2020",
            "--to-year", "2020", "--agenda", "The situation in Mali", "--unanimous",
            "--member", "fra", "--vote", "yes"]
    out = runner.invoke(main, args)
    assert out.exit_code == 0, out.output
    assert out.output.splitlines()[:3] == [
        "1 paragraphs match 'cantonment'; 1–1 shown", "",
        "S/RES/2531 (2020), paragraph 28 (a) (iii) –  /resolutions/2531#para_28_a_iii_2"]
    data = json.loads(runner.invoke(main, [*args, "--json"]).output)
    assert (data["total"], data["hits"][0]["anchor"]) == (1, "para_28_a_iii_2")
    odd = runner.invoke(main, ["--db", corpus.store.url, "search", '"NEAR( 联合国 * OR'])
    assert odd.exit_code == 0, odd.output
    bad = runner.invoke(main, ["--db", corpus.store.url, "search", "x", "--member", "France"])
    assert bad.exit_code == 1 and "expected ISO 3166 alpha-3" in bad.output


def test_the_search_page_and_its_json_twin(corpus: Council) -> None:
    client = TestClient(create_app(corpus))
    api = client.get("/api/search", params={"q": "cantonment", "from_year": 2020,
                                            "agenda_item": "The situation in Mali"})
    assert api.status_code == 200
    hits = api.json()["hits"]
    assert ("S/RES/2531 (2020)", "/resolutions/2531#para_28_a_iii_2") in [
        (h["symbol"], h["url"]) for h in hits]
    page = client.get("/search", params={"q": "cantonment", "from_year": "2020",
                                         "agenda_item": "The situation in Mali"})
    assert page.status_code == 200
    assert 'href="/resolutions/2531#para_28_a_iii_2"' in page.text
    assert "<mark>cantonment</mark>" in page.text
    assert client.get("/search").status_code == 200  # the empty form
    for query in HARD[:20]:
        assert client.get("/api/search", params={"q": query}).status_code == 200
        assert client.get("/search", params={"q": query}).status_code == 200
    kept = client.get("/search", params={"q": "armed", "from_year": "last year"})
    assert kept.status_code == 422 and 'value="last year"' in kept.text
    refused = client.get("/api/search", params={"q": "armed", "vote": "maybe"})
    assert refused.status_code == 422 and refused.json()["ok"] is False
    target = client.get("/resolutions/2531")
    assert target.status_code == 200 and 'id="para_28_a_iii_2"' in target.text
