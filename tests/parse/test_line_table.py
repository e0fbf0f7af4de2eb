"""The lines ``clean_lines`` keeps column by column (``lines.LineTable``, issue 3) are the lines
it made one object at a time before: every run of them (``lines.Lines``) gives, line by line,
what ``classify`` gives; a slice is the same lines; a paragraph's span and height are its
lines'; the lines dropped as page furniture, made apart, read as they would among the others;
a line's width counts its wide characters twice, whichever characters stand beside them.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from council.parse.clean import _WIDE, clean_lines, display_width
from council.parse.lines import Lines
from council.parse.paragraphs import assemble, span_of
from council.parse.tokens import classify

# Lines of every kind, page furniture among them (links, job numbers, barcodes, page headers
# and page numbers), with tabs, form feeds and blank lines around them.
PIECES = [
    "a", "of ", "(a) ", "12. ", "Decides", "Annex", "Adopted ", "The Security Council,",
    "United Nations", "S/RES/2531 (2020)", "Chinese", "– ", "联合国", "x" * 40, " ", "  ", "\t",
    "\f", "https://undocs.org/S/RES/2531(2020)", "20-08599 (C)    300620", "*2008599*",
    "2/15", "12/15 ", ".", ",",
]  # fmt: skip
TEXTS = st.lists(
    st.lists(st.sampled_from(PIECES), max_size=5).map("".join), min_size=1, max_size=14
).map("\n".join)


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_runs_of_the_table_are_its_lines(text: str) -> None:
    clean = clean_lines(text)
    lines = list(clean.lines)
    assert lines == clean.lines.table.lines(0, len(lines))
    assert lines == [classify(line) for line in lines]
    assert [line.number for line in lines] == sorted({line.number for line in lines})
    for start in range(len(lines) + 1):
        run = clean.lines[start:]
        assert isinstance(run, Lines)
        assert list(run) == lines[start:]
        assert list(run[: len(lines) - start - 1]) == lines[start:-1]
        if run:
            assert run[-1] == lines[-1] and run[0] == lines[start]
            assert run.span == span_of(lines[start:])
    for block in assemble(clean.lines, clean):
        assert block.height == len(block.lines) >= 1
        assert block.span == span_of(list(block.lines))
        assert block.first == block.lines[0] and block.indent == block.first.indent


@settings(max_examples=1500, deadline=None)
@given(TEXTS)
def test_furniture_lines_read_as_they_would_among_the_others(text: str) -> None:
    clean = clean_lines(text)
    kept = {line.number: line for line in clean.lines}
    every = sorted([*clean.lines, *clean.furniture])
    for position, line in enumerate(every):
        assert line == classify(line)
        if line.number in kept:
            continue
        before = every[position - 1] if position else None
        assert line.blank_before == (
            line.number > 1 if before is None else line.number != before.number + 1
            or before.number not in kept
        )
    for position in range(1, len(every)):  # a line after furniture reads as after a blank line
        line, before = every[position], every[position - 1]
        if line.number in kept and before.number not in kept:
            assert line.blank_before


# Characters at either edge of each range of wide characters (clean._WIDE), and the narrow
# non-ASCII characters of English text: clean_lines looks for wide ones only in the lines
# that hold a character of two broader ranges (clean._MAY_BE_WIDE).
EDGES = sorted(
    {
        chr(code)
        for low, high in re.findall(r"(.)-(.)", _WIDE.pattern)
        for code in (ord(low) - 1, ord(low), ord(high), ord(high) + 1)
    }
    | set("’“”–é\u10ff\u1160\u2e7f")
)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(st.sampled_from([*EDGES, "a", " "]), min_size=1), min_size=1))
def test_widths_count_wide_characters_twice(pieces: list[str]) -> None:
    clean = clean_lines("\n".join(f" {piece}." for piece in pieces))
    for line in clean.lines:
        assert line.width == line.indent + display_width(line.text)
        assert line.width == line.indent + len(line.text) + len(_WIDE.findall(line.text))
