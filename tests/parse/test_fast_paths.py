"""The parser's fast paths (issue 3, speed) give exactly what their plain definitions give.

Each hot path replaced a simple formulation by a faster one; these properties keep the two
equal: ``_mentions`` against one ``finditer`` of the reference pattern, the kinds
``clean_lines`` gives its lines (``tokens.classify_texts``, column by column) against
``classify`` on every line, ``_vocabulary`` against its two regular expressions,
``normalise_spaces`` against ``" ".join(text.split())``, the paragraphs' texts that
``paragraphs._blocks`` joins itself against ``join_lines``, under every layout; the
document nodes' quick constructors (``council.domain.document._quick_init``) against the
dataclasses' own.
"""

from __future__ import annotations

import dataclasses
import inspect
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from council.domain import document
from council.parse import references
from council.parse.clean import (
    _COMPOUND,
    _WHOLE_WORD,
    Layout,
    _is_printable,
    _vocabulary,
    clean_lines,
    join_lines,
    normalise_spaces,
)
from council.parse.lines import Kind
from council.parse.paragraphs import assemble
from council.parse.tokens import classify, classify_lines

SHARED = Path(__file__).resolve().parents[3] / "shared"

# Pieces of mentions and near misses: triggers ("/", "(", "solution", "rticle", "Chapter") with
# and without what a mention needs around them.
REFERENCE_PIECES = [
    "resolution ", "resolutions ", "Resolution ", "résolution ", "Article ", "articles ",
    "Chapter ", "Chapters ", "S/RES/", "S/", "A/", "PRST/", "E/CN.6/", "SC/", "(", ")",
    "2020", "1999", "2391", "46/182", "ES-10/19", "377 (V)", " and ", " to ", ", ", "–", "-",
    " of the Charter", " of the Agreement", "common ", "Human Rights Council ", "VII", "IX",
    "12", "0", "9", "/", ".", " ", "x", "第", "号决议", "2480(2019)", "(2019)", "Rev.1",
    "and/or", "paragraph 3", " (4)", "ABCDEFG/1", "12345 (2019)", "1\t(2019)", "١٢ (2019)",
    "a", "r", "R", "_", "E",
]  # fmt: skip
LINE_PIECES = [
    "a", "o", "of ", "b.", "i)", "(a) ", "12. ", "3,", "Decides", "A", "Annex", "Adopted ",
    "The Security Council,", "United Nations", "S/RES/2531 (2020)", "Chinese", "Footnotes",
    "– ", "•", "[S/3237]", "29 June 2020", "联合国", "x" * 40, " ", ".", ")",
]  # fmt: skip
WORD_CHARACTERS = "ab-_1 .,;'\"()x-yz09\t\n-é²½’“—٣\u3000\xa0"


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(REFERENCE_PIECES), max_size=14).map("".join))
def test_mentions_are_the_pattern_s_matches(text: str) -> None:
    fast = [match.span() for match in references._mentions(text)]
    plain = [match.span() for match in references._PATTERN.finditer(text)]
    assert fast == plain


def texts_of(pieces: list[str], per_line: int, lines: int) -> st.SearchStrategy[str]:
    """Texts of 1 to ``lines`` lines, each joined from 1 to ``per_line`` of ``pieces``."""
    line = st.lists(st.sampled_from(pieces), min_size=1, max_size=per_line).map("".join)
    return st.lists(line, min_size=1, max_size=lines).map("\n".join)


@settings(max_examples=1000, deadline=None)
@given(texts_of(LINE_PIECES, per_line=5, lines=12))
def test_clean_lines_classifies_every_line_as_classify(text: str) -> None:
    lines = list(clean_lines(text).lines)
    assert lines == [classify(line) for line in lines]
    assert classify_lines(lines) == lines


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=WORD_CHARACTERS + "\x00\x7f\x85\u2028\ud800", max_size=30))
def test_normalise_spaces_is_split_and_join(text: str) -> None:
    assert _is_printable(text) == text.isprintable()
    assert normalise_spaces(text) == " ".join(text.split())


@settings(max_examples=3000, deadline=None)
@given(st.text(alphabet=WORD_CHARACTERS, max_size=40))
def test_vocabulary_is_its_regular_expressions(text: str) -> None:
    lowered = text.lower()
    assert _vocabulary(lowered) == (
        frozenset(_WHOLE_WORD.findall(lowered)),
        frozenset(_COMPOUND.findall(lowered)),
    )


# Lines for paragraphs: hyphens inside and at the ends of lines, double spaces, wide (CJK)
# characters at line breaks, spaces that are not printable, labels alone on their line.
JOIN_PIECES = [
    "Decides", "non-", "State", "self-", "Coun-", "cil", "  ", " ", "-", "- ", "联合国", "，",
    "’", "“", "é", "\xa0", "\u3000", "(a)", "(b) ", "12. ", "x" * 30, "of ", "a", ".", ",",
]  # fmt: skip


def _joined_as_join_lines(text: str) -> None:
    detected = clean_lines(text)
    # Under every layout, not only the one detected: PDF-extracted text keeps a hyphen at a
    # line break, which paragraphs._join_at_breaks joins itself.
    for layout in Layout:
        clean = dataclasses.replace(detected, layout=layout)
        for block in assemble(clean.lines, clean):
            parts = [line.text for line in block.lines]
            if block.kind in (Kind.NUMBERED, Kind.POINT):
                parts[0] = block.lines[0].rest
            assert block.text == join_lines(parts, clean.layout, clean)


@settings(max_examples=1500, deadline=None)
@given(texts_of(JOIN_PIECES, per_line=6, lines=10))
def test_blocks_join_their_lines_as_join_lines_does(text: str) -> None:
    _joined_as_join_lines(text)


def _shared_texts() -> list[Path]:
    seed = sorted((SHARED / "seed").glob("*.txt"))
    return seed + sorted((SHARED / "data" / "resolutions-ocr").glob("*.txt"))


@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared")
def test_fast_paths_on_the_shared_texts() -> None:
    for path in _shared_texts():
        text = path.read_text(encoding="utf-8")
        lowered = text.lower()
        assert _vocabulary(lowered) == (
            frozenset(_WHOLE_WORD.findall(lowered)),
            frozenset(_COMPOUND.findall(lowered)),
        ), path.name
        lines = list(clean_lines(text).lines)
        assert lines == [classify(line) for line in lines], path.name
        _joined_as_join_lines(text)
        for line in lines:
            fast = [match.span() for match in references._mentions(line.text)]
            assert fast == [match.span() for match in references._PATTERN.finditer(line.text)]


NODE_CLASSES = [
    value
    for value in vars(document).values()
    if isinstance(value, type) and dataclasses.is_dataclass(value)
]


@pytest.mark.parametrize("cls", NODE_CLASSES, ids=lambda cls: cls.__name__)
def test_a_node_s_quick_constructor_takes_its_fields_as_a_dataclass_s_does(cls: type) -> None:
    fields = dataclasses.fields(cls)
    parameters = list(inspect.signature(cls).parameters.values())
    assert [p.name for p in parameters] == [f.name for f in fields]
    assert [p.default for p in parameters] == [
        inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default for f in fields
    ]
    assert all(p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD for p in parameters)


def test_nodes_built_by_the_quick_constructors_hold_what_they_were_given() -> None:
    span = document.Span(1, 2, 3, 4)
    ref = document.Reference(document.ReferenceKind.RESOLUTION, "S/RES/1 (1946)", 0, 1, span=span)
    point = document.Point("(a)", "text", references=(ref,), span=span)
    assert (point.num, point.text, point.points, point.wrap_up, point.references, point.span) == (
        "(a)",
        "text",
        (),
        "",
        (ref,),
        span,
    )
    assert dataclasses.replace(point, text="other").text == "other"
    assert point == document.Point("(a)", "text", (), "", (ref,))  # spans are not compared
    with pytest.raises(dataclasses.FrozenInstanceError):
        point.text = "changed"  # type: ignore[misc]
    assert span < document.Span(1, 2, 3, 5)
