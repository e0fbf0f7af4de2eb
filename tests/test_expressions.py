"""A resolution's expressions in the six languages kept as one work (issue 7, point 3): the
English in ``corpus_documents``, the other five in ``corpus_expressions``, a second import
changing nothing, each shown on the page (``?lang=fr``) and by ``council resolution --lang``.
An expression whose work is not in the corpus (2510 (2020) has no English file) is skipped
with a note."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from council.cli import main
from council.corpus import ImportReport
from council.council import Council
from council.settings import load_settings
from council.store.repository import Store
from council.web.app import create_app
from tests.conftest import SHARED

SIX = SHARED / "data" / "akn4un-2020-six-languages"


@dataclass
class Imported:
    council: Council
    url: str
    first: ImportReport
    second: ImportReport
    before: list[Any]
    after: list[Any]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Imported]:
    url = f"sqlite:///{tmp_path_factory.mktemp('expressions') / 'council.db'}"
    settings = load_settings(environ={"COUNCIL_DATABASE_URL": url}, dotenv=None)
    council = Council(settings, Store(url))
    council.init()
    first = council.import_paths([SIX])
    before = council.store.dump()
    second = council.import_paths([SIX])
    yield Imported(council, url, first, second, before, council.store.dump())
    council.store.dispose()


def test_one_work_per_resolution_with_its_expressions(imported: Imported) -> None:
    report = imported.first
    english = len(list((SIX / "en").glob("*.xml")))
    assert (report.imported, report.refused) == (english, [])
    skipped = {(Path(r.path).parent.name, Path(r.path).name): r.reason for r in report.skipped}
    # 2510 (2020) has no English file, so its work is not in the corpus.
    assert {name for _, name in skipped} == {"S_RES_2510_2020.xml"}
    assert all("no work" in reason for reason in skipped.values())
    assert report.expressions_imported == 5 * 45 - len(skipped)
    with imported.council.store.read() as repo:
        works = repo.corpus_documents()
        row = repo.corpus_document("S/RES/2531 (2020)")
        expressions = repo.corpus_expressions(row.id)
        assert all(len(repo.corpus_expressions(w.id)) == 5 for w in works.values())
    assert len(works) == english
    assert sorted(expressions) == ["ar", "es", "fr", "ru", "zh"]
    assert row.akn is not None and "eng" in row.akn
    assert 'language="fra"' in expressions["fr"].akn
    assert imported.council.corpus_languages("2531") == ["ar", "zh", "en", "fr", "ru", "es"]


def test_a_second_import_changes_nothing(imported: Imported) -> None:
    assert imported.after == imported.before
    second = imported.second
    assert (second.imported, second.updated, second.expressions_imported,
            second.expressions_updated) == (0, 0, 0, 0)
    assert second.expressions_unchanged == imported.first.expressions_imported


def test_corpus_text_gives_each_language(imported: Imported) -> None:
    council = imported.council
    assert council.corpus_text("2531").masthead.language == "en"
    for lang in ("ar", "zh", "fr", "ru", "es"):
        doc = council.corpus_text("S/RES/2531 (2020)", lang)
        assert doc.masthead.language == lang


def test_the_page_shows_each_expression(imported: Imported) -> None:
    with TestClient(create_app(imported.council), follow_redirects=False) as client:
        english = client.get("/resolutions/2531")
        french = client.get("/resolutions/2531?lang=fr")
        arabic = client.get("/resolutions/2531?lang=ar")
        missing = client.get("/resolutions/2531?lang=xx")
    assert english.status_code == 200 and "The Security Council" in english.text
    assert 'href="/resolutions/2531?lang=fr"' in english.text
    assert french.status_code == 200
    assert "Le Conseil de sécurité" in french.text
    assert 'href="/resolutions/2531?lang=ru"' in french.text
    assert arabic.status_code == 200
    assert 'dir="rtl"' in arabic.text and 'lang="ar"' in arabic.text
    assert missing.status_code in (400, 422)


def test_the_cli_prints_the_russian_expression(imported: Imported) -> None:
    runner = CliRunner()
    russian = runner.invoke(main, ["--db", imported.url, "resolution", "S/RES/2531 (2020)",
                                   "--lang", "ru"])
    assert russian.exit_code == 0, russian.output
    assert "Совет Безопасности" in russian.output
    english = runner.invoke(main, ["--db", imported.url, "resolution", "2531"])
    # Not adopted through Council: the English default reads Council's own resolutions only.
    assert english.exit_code != 0
