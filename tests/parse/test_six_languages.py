"""The 2020 resolutions in the six official languages (issue 7, point 3).

Every file of ``shared/data/akn4un-2020-six-languages/<lang>/`` loads with ``read_akn``; its
structure (number of preambular paragraphs, operative paragraphs with their numbers, headings,
points with their nesting) equals the English expression's of the same resolution; and read →
``render_resolution_text`` → ``parse_resolution`` gives the same document (structure and texts)
for at least 95% of the files of each language. The files whose round trip differs are listed
in ``KNOWN_DIFFERENCES``, those whose structure differs from the English expression's in
``STRUCTURE_DIFFERENCES``, each with where and why; docs/roundtrip.md has the same tables.
Point labels differ by language ("(a)", "a)", "(أ)", "㈠"), so the structure compares whether
a point is labelled, not the label itself.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from council.domain.document import Document, Heading, Operative, Point, Preambular
from council.parse import parse_resolution
from council.parse.akn import read_akn
from council.parse.checks import first_difference
from council.render.resolution import render_resolution_text

SET = Path(__file__).resolve().parents[3] / "shared" / "data" / "akn4un-2020-six-languages"
LANGUAGES = ("ar", "en", "es", "fr", "ru", "zh")
FILES = [(lang, path) for lang in LANGUAGES for path in sorted((SET / lang).glob("*.xml"))]

# (language, file) -> (where the round trip first differs, why).
KNOWN_DIFFERENCES: dict[tuple[str, str], tuple[str, str]] = {
    ("zh", "S_RES_2511_2020.xml"): (
        "document.masthead.symbol",
        "The UN's file has no docNumber: the reader finds no symbol, the parser takes it from "
        'the title "第2511(2020)号决议".',
    ),
    ("zh", "S_RES_2552_2020.xml"): (
        "document.body[37].points[4].points[2].points",
        "In the UN's file two numbered sub-points ㈡ ㈢ of an unlabelled point are one "
        "unlabelled point's children and a sibling's; the text form's indentation nests both.",
    ),
    ("ar", "S_RES_2552_2020.xml"): (
        "document.body[37].points[4].points[2].points",
        "As in the Chinese file: the UN's nesting of ’2‘ ’3‘ under an unlabelled point is not "
        "one the text form's indentation can give.",
    ),
}


# (language, file) -> (where the structure first differs from the English expression's, why).
# The UN's own file of the translation encodes another structure than the English one; the
# reader reads it as written. docs/roundtrip.md has the same table. Fixed in the reader (no
# longer listed): ar 2514 and ru 2552, point labels typed in the text before a tab ("‘1’",
# "а)"); ru 2524, a point closed into the sublist before it (its eId says where it belongs);
# ru 2537, one preambular paragraph cut into two containers.
STRUCTURE_DIFFERENCES: dict[tuple[str, str], tuple[str, str]] = {
    ("ar", "S_RES_2550_2020.xml"): (
        "structure[1][33][2]: 6 items != 0",
        'Paragraph 33 (eId para_455, "يطلب إلى الأمين العام أن يواصل إبلاغه …") has no list: '
        "the six items the English file gives as its points para_455_list_point_1 … _6, "
        'labelled "•", are six paragraphs of their own, para_456 … para_461 ("مشاركة الاتحاد '
        'الأفريقي …"), with neither num nor bullet; they read as unnumbered paragraphs.',
    ),
    ("ar", "S_RES_2552_2020.xml"): (
        "structure[1][37][2][4][1][2][1]: 2 items != 1",
        "In paragraph 32 (para_184), point (ه), the English file puts the unlabelled "
        '"Special Criminal Court (SCC):" (para_184_list_point_e_sublist_point_iii_sublist_'
        'point_iv) inside the sublist of "Urgent temporary measures:", and (vii) inside the '
        'sublist of "Rule of law:"; the Arabic file makes "المحكمة الجنائية الخاصة:" '
        "(para_184_list_point_ه_sublist_point_’4‘) a sibling with its own sublist holding ’4‘, "
        "and ’7‘ a sibling after the sublist of \"سيادة القانون:\".",
    ),
    ("ar", "S_RES_2553_2020.xml"): (
        "structure[0]: 24 != 23",
        "The translation joins two preambular paragraphs: the English container_5 "
        '("Recognizing that development, peace and security and human rights are interlinked '
        '…") is the end of the Arabic container_4 ("… وإذ يسلم بأن التنمية والسلام والأمن وحقوق '
        'الإنسان مترابطة …"): 23 containers against 24.',
    ),
    ("zh", "S_RES_2552_2020.xml"): (
        "structure[1][37][2][4][1][2][1]: 2 items != 1",
        "As in the Arabic file: in paragraph 32 (para_184), point (e), \"特别刑事法院：\" "
        "(para_184_list_point_e_sublist_point_㈣) is a sibling of \"紧急临时措施：\" with its own "
        "sublist holding ㈣, and ㈦ comes after the sublist of \"法治：\"; the English file nests "
        '"Special Criminal Court (SCC):" in the "Urgent temporary measures:" sublist and (vii) in '
        'the "Rule of law:" one.',
    ),
}


def _points(points: tuple[Point, ...]) -> tuple[object, ...]:
    return tuple((bool(point.num), _points(point.points)) for point in points)


def structure(document: Document) -> tuple[object, ...]:
    """Preambular paragraphs counted, operative paragraphs with their numbers and the shape of
    their points, headings: what every language's expression shares."""
    preamble = sum(1 for node in document.preamble if isinstance(node, Preambular))
    body: list[object] = []
    for node in document.body:
        if isinstance(node, Operative):
            body.append(("operative", node.number, _points(node.points)))
        elif isinstance(node, Heading):
            body.append(("heading",))
    return preamble, tuple(body)


def _english(path: Path) -> Document | None:
    english = SET / "en" / path.name
    return read_akn(english.read_bytes()) if english.exists() else None


def test_the_set_has_45_resolutions_per_language_and_44_in_english() -> None:
    counts = {lang: sum(1 for lg, _ in FILES if lg == lang) for lang in LANGUAGES}
    assert counts == {"ar": 45, "en": 44, "es": 45, "fr": 45, "ru": 45, "zh": 45}


@pytest.mark.parametrize(
    "language",
    [
        lang
        for lang in LANGUAGES
    ],
)
def test_at_least_95_percent_of_each_language_round_trip(language: str) -> None:
    files = [path for lang, path in FILES if lang == language]
    listed = [name for lang, name in KNOWN_DIFFERENCES if lang == language]
    assert (len(files) - len(listed)) / len(files) >= 0.95


@pytest.mark.parametrize(
    ("language", "path"), FILES, ids=[f"{lang}-{path.stem}" for lang, path in FILES]
)
def test_a_file_loads_has_the_english_structure_and_round_trips(language: str, path: Path) -> None:
    document = read_akn(path.read_bytes())
    assert document.masthead.language == language
    english = _english(path)
    if english is not None:
        differs = first_difference(structure(english), structure(document), "structure")
        listed = STRUCTURE_DIFFERENCES.get((language, path.name))
        if listed is None:
            assert differs is None, differs
        else:
            # Fails when the difference disappears (unlist the file) or changes (explain anew).
            assert differs == listed[0], f"{language}/{path.name}: {differs}; listed: {listed}"
    again = parse_resolution(render_resolution_text(document))
    difference = first_difference(document, again)
    known = KNOWN_DIFFERENCES.get((language, path.name))
    if known is not None:
        assert difference is not None, f"{language}/{path.name} round-trips now: unlist it"
        assert difference.startswith(f"{known[0]}"), difference
        return
    assert difference is None, difference
    assert again.masthead.language == language
