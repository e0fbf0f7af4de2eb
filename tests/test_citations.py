"""The citation graph (issue 6, point 3): what 2531 cites and what cites it, with the citing
paragraphs and counts; unresolved references linked to undocs.org; MINUSMA's chain of mandate
renewals on "The situation in Mali", each step with the end date ``extract_obligations`` read
from its text; the CLI, the pages and the API. The shared corpus is imported once, on SQLite."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from council.cli import main
from council.council import Council
from council.domain.errors import DocumentNotFound, NotFound
from council.settings import load_settings
from council.store.repository import Store
from council.web.app import create_app
from tests.conftest import SHARED

DATA = SHARED / "data"
MALI = "The situation in Mali"
# (resolution, adopted, paragraph, what it did, the mandate end it set)
MINUSMA = [
    ("S/RES/2100 (2013)", date(2013, 4, 25), "7", "establish mandate", date(2014, 6, 30)),
    ("S/RES/2164 (2014)", date(2014, 6, 25), "11", "extend mandate", date(2015, 6, 30)),
    ("S/RES/2227 (2015)", date(2015, 6, 29), "12", "extend mandate", date(2016, 6, 30)),
    ("S/RES/2295 (2016)", date(2016, 6, 29), "14", "extend mandate", date(2017, 6, 30)),
    ("S/RES/2364 (2017)", date(2017, 6, 29), "15", "extend mandate", date(2018, 6, 30)),
    ("S/RES/2423 (2018)", date(2018, 6, 28), "24", "extend mandate", date(2019, 6, 30)),
    ("S/RES/2480 (2019)", date(2019, 6, 28), "17", "extend mandate", date(2020, 6, 30)),
    ("S/RES/2531 (2020)", date(2020, 6, 29), "16", "extend mandate", date(2021, 6, 30)),
    ("S/RES/2584 (2021)", date(2021, 6, 29), "17", "extend mandate", date(2022, 6, 30)),
    ("S/RES/2640 (2022)", date(2022, 6, 29), "15", "extend mandate", date(2023, 6, 30)),
    ("S/RES/2690 (2023)", date(2023, 6, 30), "1", "terminate mandate", date(2023, 6, 30)),
]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Council]:
    url = f"sqlite:///{tmp_path_factory.mktemp('citations') / 'council.db'}"
    council = Council(load_settings(environ={"COUNCIL_DATABASE_URL": url}, dotenv=None),
                      Store(url))
    council.init()
    report = council.import_paths([DATA / "akn4un", DATA / "metadata" / "unxml_data_extract"])
    assert not report.refused
    yield council
    council.store.dispose()


def test_2531_cites_2480_2374_2364_and_the_statement_of_2018(corpus: Council) -> None:
    found = corpus.citations("S/RES/2531 (2020)")
    cited = {c.symbol: c for c in found.cites}
    assert {"S/RES/2480 (2019)", "S/RES/2374 (2017)", "S/RES/2364 (2017)",
            "S/PRST/2018/10"} <= set(cited)
    assert [m.label for m in cited["S/RES/2480 (2019)"].mentions] == ["preamble 10", "2"]
    assert cited["S/RES/2480 (2019)"].url == "/resolutions/2480"
    assert cited["S/RES/2364 (2017)"].mentions[0].url == "/resolutions/2531#preamble_16"
    statement = cited["S/PRST/2018/10"]
    assert (statement.in_store, statement.url) == (False,
                                                    "https://undocs.org/en/S/PRST/2018/10")
    assert statement in found.unresolved
    assert all(not c.symbol.startswith("Charter") for c in found.cites)
    assert "S/RES/2531 (2020)" not in cited


def test_2531_is_cited_by_2584_and_2640_with_the_citing_paragraphs(corpus: Council) -> None:
    found = corpus.citations("2531")
    assert [(c.symbol, c.date, [(m.label, m.url) for m in c.mentions])
            for c in found.cited_by] == [
        ("S/RES/2584 (2021)", date(2021, 6, 29), [("39", "/resolutions/2584#para_39")]),
        ("S/RES/2640 (2022)", date(2022, 6, 29), [("34", "/resolutions/2640#para_34")]),
    ]
    assert "2391 (2017) and 2531 (2020)" in found.cited_by[0].mentions[0].text


@pytest.mark.parametrize("given", ["S/RES/2531 (2020)", "2531", "2531 (2020)",
                                   "S/RES/2531", "  S/RES/2531  (2020) "])
def test_a_resolution_is_named_by_symbol_or_number(corpus: Council, given: str) -> None:
    assert corpus.citations(given).symbol == "S/RES/2531 (2020)"


@pytest.mark.parametrize("given", ["2531 (2019)", "S/RES/99999 (2020)", "S/PRST/2018/10", ""])
def test_an_unknown_document_is_refused_with_the_fix(corpus: Council, given: str) -> None:
    with pytest.raises(DocumentNotFound, match="council import PATH"):
        corpus.citations(given)


def test_minusma_chain_on_the_situation_in_mali(corpus: Council) -> None:
    chains = corpus.mandate_chains(MALI)
    assert chains[0].mission == "MINUSMA"  # the longest first
    assert [(s.symbol, s.adopted, s.paragraph, s.action, s.mandate_end)
            for s in chains[0].steps] == MINUSMA
    assert chains[0].steps[7].url == "/resolutions/2531#para_16"
    only = corpus.mandate_chains("the situation in mali", mission="minusma")
    assert [chain.mission for chain in only] == ["MINUSMA"]
    assert only[0].steps == chains[0].steps


def test_an_unknown_agenda_item_suggests_near_ones(corpus: Council) -> None:
    with pytest.raises(NotFound, match=r"Did you mean: .*The situation in Mali"):
        corpus.mandate_chains("Situation in Mali")


def test_council_cites_and_chain(corpus: Council) -> None:
    runner = CliRunner()
    db = ["--db", corpus.store.url]
    out = runner.invoke(main, [*db, "cites", "S/RES/2531 (2020)"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert "  S/PRST/2018/10 (not in the store)  in preamble 3  " \
           "https://undocs.org/en/S/PRST/2018/10" in lines
    assert "Cited by 2 documents:" in lines
    data = json.loads(runner.invoke(main, [*db, "cites", "2531", "--json"]).output)
    assert data["counts"]["cited_by"] == 2 and "S/PRST/2018/10" in data["unresolved"]
    chain = runner.invoke(main, [*db, "chain", MALI, "--mission", "MINUSMA"])
    assert chain.exit_code == 0, chain.output
    assert chain.output.splitlines()[:2] == [
        "The situation in Mali: MINUSMA, 11 resolutions",
        "  S/RES/2100 (2013)  adopted 2013-04-25  paragraph 7  establish mandate until "
        "2014-06-30"]
    steps = json.loads(runner.invoke(main, [*db, "chain", MALI, "--json"]).output)[0]["steps"]
    assert [(s["symbol"], s["mandate_end"]) for s in steps] == [
        (symbol, end.isoformat()) for symbol, _, _, _, end in MINUSMA]
    missing = runner.invoke(main, [*db, "cites", "S/RES/99999 (2020)"])
    assert missing.exit_code == 1 and "No document" in missing.output


def test_the_citation_and_chain_pages_and_their_json_twins(corpus: Council) -> None:
    client = TestClient(create_app(corpus))
    api = client.get("/api/resolutions/2531/citations").json()
    assert api["counts"]["cited_by"] == 2
    assert {"S/RES/2480 (2019)", "S/PRST/2018/10"} <= {c["symbol"] for c in api["cites"]}
    page = client.get("/resolutions/2531/citations")
    assert page.status_code == 200
    assert 'href="https://undocs.org/en/S/PRST/2018/10"' in page.text
    assert 'href="/resolutions/2640#para_34"' in page.text
    chains = client.get("/api/chain", params={"agenda_item": MALI, "mission": "MINUSMA"})
    assert [s["mandate_end"] for s in chains.json()[0]["steps"]][-3:] == [
        "2022-06-30", "2023-06-30", "2023-06-30"]
    html = client.get("/chain", params={"agenda_item": MALI}).text
    assert "S/RES/2100 (2013)</a>, adopted 2013-04-25, paragraph 7: establish mandate until " \
           "<strong>2014-06-30</strong>" in html
    assert client.get("/chain").status_code == 200
    resolution = client.get("/resolutions/2480")  # imported, not adopted here
    assert resolution.status_code == 200
    assert 'href="/resolutions/2480/citations"' in resolution.text
    assert 'id="para_17"' in resolution.text
    missing = client.get("/api/resolutions/99999/citations")
    assert missing.status_code == 404 and missing.json()["ok"] is False
    assert client.get("/api/chain", params={"agenda_item": "Nowhere"}).status_code == 404
    assert client.get("/resolutions/1/citations").status_code == 404
