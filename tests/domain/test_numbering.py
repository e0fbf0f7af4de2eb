"""Document symbols and resolution numbers (DOMAIN.md R19–R22)."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from council.domain.errors import InvalidSymbol
from council.domain.numbering import (
    DocumentSymbol,
    ResolutionNumber,
    next_resolution_number,
    next_serial,
    parse_resolution_number,
)


@pytest.mark.parametrize(
    ("text", "symbol"),
    [
        ("S/2020/613", DocumentSymbol(2020, 613)),
        ("S/2020/1", DocumentSymbol(2020, 1)),
        ("S/2021/194", DocumentSymbol(2021, 194)),
        ("S/2020/600/Rev.1", DocumentSymbol(2020, 600, "/Rev.1")),
        ("S/2020/99999", DocumentSymbol(2020, 99999)),
        ("  S/2020/613 ", DocumentSymbol(2020, 613)),
    ],
)
def test_a_council_document_symbol_is_parsed_into_year_and_serial(
    text: str, symbol: DocumentSymbol
) -> None:
    assert DocumentSymbol.parse(text) == symbol


@pytest.mark.parametrize("text", ["S/2020/613", "S/2020/1", "S/1946/12", "S/2020/600/Rev.2"])
def test_a_symbol_prints_as_it_was_written(text: str) -> None:
    assert str(DocumentSymbol.parse(text)) == text


@given(
    st.integers(1000, 9999),
    st.integers(1, 99999),
    st.sampled_from(["", "/Rev.1", "/Rev.12"]),
)
def test_every_symbol_survives_the_round_trip_through_text(
    year: int, serial: int, suffix: str
) -> None:
    symbol = DocumentSymbol(year, serial, suffix)

    assert DocumentSymbol.parse(str(symbol)) == symbol


@pytest.mark.parametrize(
    "text",
    [
        "S/20/1",  # a two-digit year
        "A/2020/1",  # a General Assembly document
        "S/2020/0",  # serials start at 1
        "S/2020/0613",  # no leading zero
        "S/2020/",
        "S/RES/2531 (2020)",  # a resolution, not a document symbol
        "s/2020/613",
        "S/2020/613/Rev.0",
        "S/2020/613/Add.1",
        "S 2020 613",
        "",
    ],
)
def test_anything_else_is_refused_naming_the_value(text: str) -> None:
    expected = (
        f"Document symbol {text!r} is not a Council document symbol; expected S/YYYY/NNN, "
        "for example S/2020/613."
    )

    with pytest.raises(InvalidSymbol, match=f"^{re.escape(expected)}$"):
        DocumentSymbol.parse(text)


def test_symbols_sort_by_year_then_serial() -> None:
    texts = ["S/2021/1", "S/2020/613", "S/2020/657", "S/2020/99"]

    assert [str(s) for s in sorted(map(DocumentSymbol.parse, texts))] == [
        "S/2020/99", "S/2020/613", "S/2020/657", "S/2021/1",
    ]


# -- resolution numbers (R21) ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "number"),
    [
        (2531, 2531),
        ("2531", 2531),
        ("2531 (2020)", 2531),
        ("2531(2020)", 2531),
        ("S/RES/2531 (2020)", 2531),
        ("S/RES/2531(2020)", 2531),
        ("S/RES/2531", 2531),
        (" 1 ", 1),
    ],
)
def test_a_resolution_number_is_read_from_its_usual_forms(text: str | int, number: int) -> None:
    assert parse_resolution_number(text) == number


@pytest.mark.parametrize(
    "text", ["0", "-1", "S/RES/0 (2020)", "S/2020/613", "resolution 2531", "2531 (20)", ""]
)
def test_a_resolution_number_in_any_other_form_is_refused_naming_the_value(text: str) -> None:
    with pytest.raises(InvalidSymbol, match=f"^Resolution number {re.escape(repr(text))} is not"):
        parse_resolution_number(text)


def test_a_resolution_number_prints_with_its_year_in_every_form() -> None:
    resolution = ResolutionNumber(2531, 2020)

    assert str(resolution) == "2531 (2020)"
    assert resolution.symbol == "S/RES/2531 (2020)"
    assert resolution.link_symbol == "S/RES/2531(2020)"


# -- the next number (R19, R21, R22) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("issued", "start", "expected"),
    [
        ([], 1, 1),  # the first document of a year
        ([1, 2, 3], 1, 4),
        ([613, 600, 657], 1, 658),  # one past the highest, not past the last issued
        ([1, 5], 1, 6),  # gaps are not filled
        ([], 600, 600),  # a Council taking over an existing series starts where told
        ([3], 600, 600),
        ([600, 612], 600, 613),
    ],
)
def test_the_next_serial_is_one_past_the_highest_never_below_the_start(
    issued: list[int], start: int, expected: int
) -> None:
    assert next_serial(issued, start=start) == expected


@pytest.mark.parametrize(
    ("issued", "start", "expected"),
    [
        ([], 1, 1),
        ([], 2504, 2504),  # the first resolution of 2020
        ([2530], 2504, 2531),  # the seed's resolution
        ([2559, 2531], 1, 2560),
        ([10], 2568, 2568),
    ],
)
def test_the_next_resolution_number_is_one_past_the_highest_never_below_the_start(
    issued: list[int], start: int, expected: int
) -> None:
    assert next_resolution_number(issued, start=start) == expected


def test_the_next_serial_accepts_any_iterable_of_serials() -> None:
    assert next_serial(iter([612, 613])) == 614
    assert next_resolution_number(n for n in (2530, 2531)) == 2532
