"""Finding references (issue 3): every written form in a table, the UN's own links in its
AKN4UN XML as the answer key, and properties that hold for any text (Hypothesis)."""

from __future__ import annotations

import csv
import re
import time
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from council.domain.document import Reference, ReferenceKind
from council.parse.references import find_references

# tests/parse/test_references.py -> parents[3] holds both main/ and shared/.
SHARED = Path(__file__).resolve().parents[3] / "shared"
AKN = SHARED / "data" / "akn4un"
AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
METADATA = SHARED / "data" / "metadata" / "unxml_sc_resolutions_2000_2026.csv"

R = ReferenceKind.RESOLUTION
DOC = ReferenceKind.DOCUMENT
PRST = ReferenceKind.PRESIDENTIAL_STATEMENT
GA = ReferenceKind.GENERAL_ASSEMBLY
ART = ReferenceKind.CHARTER_ARTICLE
CHAP = ReferenceKind.CHARTER_CHAPTER
OTHER = ReferenceKind.OTHER
U = "https://undocs.org/en/"

# (text, [(symbol, start, end, link, kind), ...])
FORMS: list[tuple[str, list[tuple[str, int, int, str | None, ReferenceKind]]]] = [
    # Security Council resolutions: the mention is the number and year, as the UN links it.
    ("Recalling its resolution 2374 (2017),", [
        ("S/RES/2374 (2017)", 25, 36, U + "S/RES/2374(2017)", R),
    ]),
    ("Recalling its resolution 1325 (2000)", [
        ("S/RES/1325 (2000)", 25, 36, U + "S/RES/1325(2000)", R),
    ]),
    ("resolutions 2364 (2017) and 2480 (2019)", [
        ("S/RES/2364 (2017)", 12, 23, U + "S/RES/2364(2017)", R),
        ("S/RES/2480 (2019)", 28, 39, U + "S/RES/2480(2019)", R),
    ]),
    ("resolutions 2100 (2013), 2164 (2014), 2227 (2015) and 2295 (2016)", [
        ("S/RES/2100 (2013)", 12, 23, U + "S/RES/2100(2013)", R),
        ("S/RES/2164 (2014)", 25, 36, U + "S/RES/2164(2014)", R),
        ("S/RES/2227 (2015)", 38, 49, U + "S/RES/2227(2015)", R),
        ("S/RES/2295 (2016)", 54, 65, U + "S/RES/2295(2016)", R),
    ]),
    ("resolutions 1267 (1999) to 1989 (2011)", [
        ("S/RES/1267 (1999)", 12, 23, U + "S/RES/1267(1999)", R),
        ("S/RES/1989 (2011)", 27, 38, U + "S/RES/1989(2011)", R),
    ]),
    ("1267 (1999)–1989 (2011)", [
        ("S/RES/1267 (1999)", 0, 11, U + "S/RES/1267(1999)", R),
        ("S/RES/1989 (2011)", 12, 23, U + "S/RES/1989(2011)", R),
    ]),
    ("paragraph 4 of resolution 2480 (2019);", [
        ("S/RES/2480 (2019)", 26, 37, U + "S/RES/2480(2019)", R),
    ]),
    ("resolution 2461(2019), with", [("S/RES/2461 (2019)", 11, 21, U + "S/RES/2461(2019)", R)]),
    ("(S/RES/2480 (2019)),", [("S/RES/2480 (2019)", 1, 18, U + "S/RES/2480(2019)", R)]),
    ("S/RES/2480(2019).", [("S/RES/2480 (2019)", 0, 16, U + "S/RES/2480(2019)", R)]),
    ("in particular 2164 (2014) and UNSCR 2467 (2019)", [
        ("S/RES/2164 (2014)", 14, 25, U + "S/RES/2164(2014)", R),
        ("S/RES/2467 (2019)", 36, 47, U + "S/RES/2467(2019)", R),
    ]),
    # Without its year: the year comes from the UN's numbering of 2000–2026 ...
    ("paragraph 13 of resolution 2391, takes note", [
        ("S/RES/2391 (2017)", 27, 31, U + "S/RES/2391(2017)", R),
    ]),
    ("resolutions 2250 and 2419;", [
        ("S/RES/2250 (2015)", 12, 16, U + "S/RES/2250(2015)", R),
        ("S/RES/2419 (2018)", 21, 25, U + "S/RES/2419(2018)", R),
    ]),
    ("between resolution 2250 (2015) and 2020", [
        ("S/RES/2250 (2015)", 19, 30, U + "S/RES/2250(2015)", R),
    ]),
    # ... and outside it the number is kept, unlinked, only right after "resolution".
    ("resolution 242 and 15 May", [("S/RES/242", 11, 14, None, OTHER)]),
    # Council documents, presidential statements, General Assembly and other symbols.
    ("the report of the Secretary-General (S/2020/476),", [
        ("S/2020/476", 37, 47, U + "S/2020/476", DOC),
    ]),
    ("S/2020/476/Rev.1 and S/2020/476/Add.1", [
        ("S/2020/476/Rev.1", 0, 16, U + "S/2020/476/Rev.1", DOC),
        ("S/2020/476/Add.1", 21, 37, U + "S/2020/476/Add.1", DOC),
    ]),
    ("on 31 January 1992 (S/25704; S/1996/1)", [
        ("S/25704", 20, 27, U + "S/25704", DOC),
        ("S/1996/1", 29, 37, U + "S/1996/1", DOC),
    ]),
    ("its Presidential Statement of 14 May 2018 (S/PRST/2018/10),", [
        ("S/PRST/2018/10", 43, 57, U + "S/PRST/2018/10", PRST),
    ]),
    ("(PRST/2009/23)", [("S/PRST/2009/23", 1, 13, U + "S/PRST/2009/23", PRST)]),
    ("A/RES/75/1, A/RES/60/251 and A/75/123", [
        ("A/RES/75/1", 0, 10, U + "A/RES/75/1", GA),
        ("A/RES/60/251", 12, 24, U + "A/RES/60/251", GA),
        ("A/75/123", 29, 37, U + "A/75/123", GA),
    ]),
    ("A/RES/ES-10/19.", [("A/RES/ES-10/19", 0, 14, U + "A/RES/ES-10/19", GA)]),
    ("A/74/976-S/2020/773.", [
        ("A/74/976", 0, 8, U + "A/74/976", GA),
        ("S/2020/773", 9, 19, U + "S/2020/773", DOC),
    ]),
    ("General Assembly resolution 46/182 and resolution 377 A (V)", [
        ("A/RES/46/182", 28, 34, U + "A/RES/46/182", GA),
        ("A/RES/377 (V)", 50, 59, U + "A/RES/377(V)", GA),
    ]),
    ("resolutions 70/262 and 2282 (2016)", [
        ("A/RES/70/262", 12, 18, U + "A/RES/70/262", GA),
        ("S/RES/2282 (2016)", 23, 34, U + "S/RES/2282(2016)", R),
    ]),
    ("Human Rights Council resolution 5/1", [
        ("A/HRC/RES/5/1", 32, 35, U + "A/HRC/RES/5/1", OTHER),
    ]),
    ("(S/AC.29/2020/1) and E/CN.6/2020/3", [
        ("S/AC.29/2020/1", 1, 15, U + "S/AC.29/2020/1", OTHER),
        ("E/CN.6/2020/3", 21, 34, U + "E/CN.6/2020/3", OTHER),
    ]),
    ("its press statement (SC/15391)", [("SC/15391", 21, 29, None, OTHER)]),
    # The Charter: the keyword and number; later numbers of a list alone.
    ("under Article 27 of the Charter", [("Charter Article 27", 6, 16, None, ART)]),
    ("Articles 41 and 42 of the Charter of the United Nations", [
        ("Charter Article 41", 0, 11, None, ART),
        ("Charter Article 42", 16, 18, None, ART),
    ]),
    ("Acting under Chapter VII of the Charter,", [("Charter Chapter VII", 13, 24, None, CHAP)]),
    ("consistent with Chapter VIII,", [("Charter Chapter VIII", 16, 28, None, CHAP)]),
    ("obligations under Article 25", [("Charter Article 25", 18, 28, None, ART)]),
    ("Chapters VI and VII of the United Nations Charter", [
        ("Charter Chapter VI", 0, 11, None, CHAP),
        ("Charter Chapter VII", 16, 19, None, CHAP),
    ]),
    ("Article 2 (4) of the Charter", [("Charter Article 2", 0, 9, None, ART)]),
    ("Article 27, paragraph 3, of the Charter", [("Charter Article 27", 0, 10, None, ART)]),
    ("Article 41 of Chapter VII of the Charter", [
        ("Charter Article 41", 0, 10, None, ART),
        ("Charter Chapter VII", 14, 25, None, CHAP),
    ]),
    ("Chapter VIII of the UN Charter", [("Charter Chapter VIII", 0, 12, None, CHAP)]),
]  # fmt: skip

NOT_REFERENCES = [
    "article 5 of the Agreement",
    "Article 2 of the Rome Statute",
    "common Article 3 of the Geneva Conventions",
    "Article 3 common to the Geneva Conventions",
    "Recalling Article 25 and Article 26 of the Statute of the Mechanism",
    "Chapter V of the Revitalised Agreement",
    "as recognized by Chapter V in the Revitalised Agreement",
    "Chapter XX",
    "Article 200",
    "up to 13,289 (2020) military personnel",
    "Law 12 (2015)",
    "Decree 2015-06 (2015)",
    "and/or COVID-19 24/7 S/RES/ UN/AU",
    "paragraphs 2, 5, 6 and 7",
    "the 2374 sanctions list",
    "this resolution",
]


def _as_rows(refs: tuple[Reference, ...]) -> list[tuple[str, int, int, str | None, ReferenceKind]]:
    return [(r.symbol, r.start, r.end, r.link, r.kind) for r in refs]


@pytest.mark.parametrize(("text", "expected"), FORMS)
def test_each_written_form_gives_its_symbol_span_link_and_kind(
    text: str, expected: list[tuple[str, int, int, str | None, ReferenceKind]]
) -> None:
    assert _as_rows(find_references(text)) == expected


@pytest.mark.parametrize("text", NOT_REFERENCES)
def test_text_that_only_looks_like_a_reference_gives_none(text: str) -> None:
    assert find_references(text) == ()


def test_the_link_carries_the_language_asked_for() -> None:
    (ref,) = find_references("la résolution 2480 (2019)", lang="fr")
    assert ref.link == "https://undocs.org/fr/S/RES/2480(2019)"


def test_a_resolution_without_its_year_takes_the_year_the_un_metadata_gives() -> None:
    with METADATA.open(encoding="utf-8") as rows:
        years = {int(row["number"]): row["year"] for row in csv.DictReader(rows)}
    assert len(years) > 1500
    for number, year in years.items():
        (ref,) = find_references(f"resolution {number}")
        assert ref.symbol == f"S/RES/{number} ({year})"


# The UN's links as the answer key.


def _target(href: str) -> str:
    """The symbol a UN link points at, canonical: ``.../en/S/RES/2480(2019)`` → ``S/RES/2480
    (2019)``. Links come from undocs.org with or without a language, docs.un.org, and the
    old ``un.org/ga/search/view_doc.asp?symbol=``; one ends with a stray ";"."""
    path = href.split("symbol=", 1)[1] if "symbol=" in href else urlsplit(href).path.lstrip("/")
    symbol = re.sub(r"^[a-z]{2}/", "", unquote(path)).rstrip(";,. ")
    if match := re.fullmatch(r"(S/RES/[0-9]+)\s?\(([0-9]{4})\)", symbol):
        return f"{match[1]} ({match[2]})"
    return symbol


@dataclass(frozen=True)
class Score:
    links: int  # distinct link targets, per paragraph
    found: int  # of which find_references found
    misses: frozenset[tuple[str, str]]  # (file, target) not found
    unlinked: int  # references found in linked paragraphs that the UN did not link


@cache
def _score(*names: str, folder: Path = AKN, lang: str = "en") -> Score:
    """Each ``p``'s full text (whitespace normalised) against its ``a/@href`` targets."""
    links = found = unlinked = 0
    misses: set[tuple[str, str]] = set()
    for name in names:
        for p in etree.parse(str(folder / name)).iter(f"{{{AKN_NS}}}p"):
            text = " ".join("".join(p.itertext()).split())
            hrefs = (a.get("href") for a in p.iter(f"{{{AKN_NS}}}a"))
            targets = {_target(href) for href in hrefs if href}
            if not targets:
                continue
            symbols = {ref.symbol for ref in find_references(text, lang)}
            links += len(targets)
            found += len(targets & symbols)
            misses |= {(name, target) for target in targets - symbols}
            unlinked += len(symbols - targets)
    return Score(links, found, frozenset(misses), unlinked)


def _corpus() -> tuple[str, ...]:
    return tuple(sorted(path.name for path in AKN.glob("*.xml")))


def test_the_shared_corpus_is_beside_the_project() -> None:
    assert AKN.is_dir(), f"expected the UN's AKN4UN files in {AKN}"
    assert len(_corpus()) == 115


def test_every_un_link_in_resolution_2531_is_found() -> None:
    score = _score("S_RES_2531_2020.xml")
    print(f"S/RES/2531 (2020): {score.found}/{score.links} links found")
    assert score.links == 22
    assert score.misses == frozenset()


# Faults of the UN data, not of the finder: a link to E/RES/2018/54 on the text "S/2018/541",
# and one to S/RES/2483 (2019) in a paragraph that cites only resolution 2506 (2020).
UN_LINK_FAULTS = frozenset(
    {("S_RES_2423_2018.xml", "E/RES/2018/54"), ("S_RES_2537_2020.xml", "S/RES/2483 (2019)")}
)


def test_the_un_links_across_the_corpus_are_found() -> None:
    score = _score(*_corpus())
    recall = score.found / score.links
    print(
        f"corpus: {score.found}/{score.links} links found (recall {recall:.4f}); "
        f"{score.unlinked} references found that the UN did not link"
    )
    assert recall >= 1758 / 1760  # measured; the two misses are the UN's faults below
    assert score.misses <= UN_LINK_FAULTS
    # Checked by hand: all real references (mostly in 2013-2016 files, linked sparsely).
    assert score.unlinked <= 42


# The 2020 resolutions in the six official languages: the finder knows only English words,
# but symbols and "2480 (2019)" are written the same way everywhere. Floors as measured;
# the misses are mentions with no number and year ("第46/182号决议", "resolución 46/182") and
# the UN's own slips (a link to 2140 (2015) on the text "2140 (2014)").
SIX_LANGUAGES = SHARED / "data" / "akn4un-2020-six-languages"
FLOORS = {
    "en": (893, 894), "fr": (911, 916), "es": (909, 915),
    "ru": (899, 907), "ar": (898, 903), "zh": (889, 902),
}  # fmt: skip


@pytest.mark.parametrize("lang", sorted(FLOORS))
def test_the_un_links_are_found_in_each_official_language(lang: str) -> None:
    folder = SIX_LANGUAGES / lang
    names = tuple(sorted(path.name for path in folder.glob("*.xml")))
    score = _score(*names, folder=folder, lang=lang)
    print(f"{lang}: {score.found}/{score.links} links found")
    assert score.found / score.links >= FLOORS[lang][0] / FLOORS[lang][1]


# Properties.

FRAGMENTS = [
    "resolution ", "resolutions ", "Resolution ", "2480", "2391", "1", "46/182", " (2019)",
    "(2019)", " (V)", "ES-10/19", "S/", "RES/", "PRST/", "A/", "2020/476", "/Rev.1", ".", ",",
    ", ", " and ", " to ", "–", "-", "Article ", "Articles ", "Chapter ", "VII", "IX", "27",
    " of the Charter", " of the Agreement", "common ", "(", ")", " ", "\xa0",
    "Human Rights Council ", "its ", "١",
]  # fmt: skip
TEXTS = st.one_of(st.text(), st.lists(st.sampled_from(FRAGMENTS), max_size=30).map("".join))


def _number(symbol: str) -> str:
    """The number a mention must show: 2480 of S/RES/2480 (2019), 182 of A/RES/46/182, VII."""
    bare = re.sub(r"\s*\([^)]*\)$", "", symbol)
    match = re.search(r"([0-9]+|[IVX]+)$", bare)
    assert match, symbol
    return match[1]


@given(TEXTS)
def test_references_are_in_order_apart_and_show_their_number(text: str) -> None:
    refs = find_references(text)
    for ref in refs:
        mention = text[ref.start : ref.end]
        assert mention.strip()
        assert _number(ref.symbol) in mention
    for before, after in pairwise(refs):
        assert before.end <= after.start


@pytest.mark.parametrize(
    "text",
    [
        "Article 1 and " * 20_000,
        "resolutions 2250 (2015) and " * 10_000,
        "resolution 1" + " " * 200_000 + "x",
        "S/" * 100_000,
        "A/1-" * 50_000,
        "1 (" * 60_000,
    ],
    ids=["articles", "resolutions", "spaces", "slashes", "hyphens", "brackets"],
)
def test_long_adversarial_text_takes_linear_time(text: str) -> None:
    started = time.perf_counter()
    find_references(text)
    assert time.perf_counter() - started < 2.0
