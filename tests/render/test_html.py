"""The HTML versions: complete documents that parse cleanly, carry the official links, escape
what they are given, and read exactly like the plain text once the tags are stripped."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from council.render import LetterFacts, render
from tests.factories import draft, failed_facts, seed_facts, vetoed_facts, voted

from .htmlcheck import read_html

KINDS_AND_LANGUAGES = [
    (kind, lang, name)
    for kind, langs in (("outcome", ("zh", "en", "fr")), ("opening", ("zh", "en", "fr")),
                        ("details", ("en",)))
    for lang in langs
    for name in ("seed", "vetoed", "failed")
]
FACTS = {"seed": seed_facts, "vetoed": vetoed_facts, "failed": failed_facts}


def without_whitespace(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(("kind", "lang", "name"), KINDS_AND_LANGUAGES)
def test_html_is_a_complete_well_formed_document(kind: str, lang: str, name: str) -> None:
    document = render(kind, FACTS[name](), lang, "html")
    page = read_html(document)
    assert document.startswith("<!doctype html>\n")
    assert page.problems == []
    assert page.lang == lang
    assert page.charset == "utf-8"
    assert page.title.strip()
    assert page.tags.count("h1") == 1
    assert "style" in page.tags
    assert len(page.ids) == len(set(page.ids))


@pytest.mark.parametrize(("kind", "lang", "name"), KINDS_AND_LANGUAGES)
def test_html_without_tags_reads_like_the_plain_text(kind: str, lang: str, name: str) -> None:
    facts = FACTS[name]()
    page = read_html(render(kind, facts, lang, "html"))
    assert without_whitespace(page.text) == without_whitespace(render(kind, facts, lang, "text"))


@pytest.mark.parametrize(
    ("lang", "code"), [("en", "en"), ("fr", "fr"), ("zh", "ch")]
)
def test_outcome_html_links_the_draft_the_procedure_and_the_resolution(
    lang: str, code: str
) -> None:
    page = read_html(render("outcome", seed_facts(), lang, "html"))
    for symbol in ("S/2020/600", "S/2020/253", "S/RES/2531(2020)"):
        assert f"https://undocs.org/{code}/{symbol}" in page.links


def test_outcome_html_groups_the_votes_and_puts_the_annex_in_its_section() -> None:
    document = render("outcome", seed_facts(), "zh", "html")
    assert '<dl class="votes">\n<dt>赞成：</dt>' in document
    assert '<section class="annex" id="annex">\n<h2>附件</h2>' in document
    assert '<sup><a href="#fn-annex" id="fn-annex-ref">*</a></sup>' in document
    assert '<p id="fn-annex">* 仅以英文分发。</p>' in document


def test_html_escapes_the_agenda_item_and_the_draft_text() -> None:
    base = draft(agenda_item="Threats <to> peace & security",
                 text="The Security Council,\n\n1. Decides that <b>x</b> & y;")
    facts: LetterFacts = replace(seed_facts(), procedure=voted(base, dict.fromkeys(
        seed_facts().tally.in_favour, "yes")))
    document = render("outcome", facts, "en", "html")
    assert "“Threats &lt;to&gt; peace &amp; security”" in document
    assert "<p>1. Decides that &lt;b&gt;x&lt;/b&gt; &amp; y;</p>" in document
    assert read_html(document).problems == []
    assert "“Threats <to> peace & security”" in render("outcome", facts, "en", "text")
