"""The seed end to end as a structured document (issue 3 acceptance): the resolution parsed
from the PDF-extracted seed, written as Akoma Ntoso, has the UN's element structure, and every
document the UN's XML of resolution 2531 (2020) links is found among its references."""

from __future__ import annotations

from urllib.parse import unquote

from lxml import etree

from council.domain.document import Reference, ReferenceKind
from council.parse import parse_resolution
from council.parse.references import find_references
from council.render.akn import validate_akn, write_akn
from tests.conftest import SEED, SHARED
from tests.render.test_akn_writer import NS, structure

CHARTER = (ReferenceKind.CHARTER_ARTICLE, ReferenceKind.CHARTER_CHAPTER)
UN_2531 = SHARED / "data" / "akn4un" / "S_RES_2531_2020.xml"


def test_the_seeds_resolution_written_as_akn_has_the_uns_structure() -> None:
    ours = write_akn(parse_resolution(SEED.read_text(encoding="utf-8")))
    assert validate_akn(ours) == []
    assert structure(ours) == structure(UN_2531.read_bytes())


def _un_links() -> set[str]:
    root = etree.fromstring(UN_2531.read_bytes())
    hrefs = root.xpath("//a:mainBody//a:a/@href | //a:preamble//a:a/@href", namespaces=NS)
    return {unquote(str(h)) for h in hrefs}


def test_every_document_the_un_links_in_2531_is_found_in_the_seed() -> None:
    document = parse_resolution(SEED.read_text(encoding="utf-8"))
    found: list[Reference] = list(document.all_references())
    links = {r.link for r in found if r.link}
    missing = sorted(_un_links() - links)
    assert missing == []
    # Canonical symbols: the link is the symbol without the space before the year.
    for reference in found:
        if reference.link:
            assert reference.link == "https://undocs.org/en/" + reference.symbol.replace(" (", "(")


def test_each_reference_points_at_its_mention_in_the_paragraph_text() -> None:
    document = parse_resolution(SEED.read_text(encoding="utf-8"))
    nodes = [*document.preambular_paragraphs, *document.operative_paragraphs]
    assert sum(len(n.references) for n in nodes) > 20
    for node in nodes:
        assert node.references == find_references(node.text)
        for reference in node.references:
            mention = node.text[reference.start:reference.end]
            if reference.kind in CHARTER:
                number = reference.symbol.split()[-1]  # "Charter Chapter VII" -> "VII"
            else:
                number = reference.symbol.split("/")[-1].split(" ")[0]  # "2480 (2019)"
            assert number in mention
