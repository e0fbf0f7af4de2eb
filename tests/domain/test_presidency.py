"""The presidency of the month by rule 18 (DOMAIN.md R24 and §4)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

import pytest

from council.catalog import load_catalog
from council.domain.errors import InvalidInput
from council.domain.presidency import PresidencyRule, President, presidency_of

# DOMAIN.md §4, month by month.
PRESIDENCIES = [
    ((2020, 1), "VNM", "Dang Dinh Quy"),
    ((2020, 2), "BEL", "Marc Pecsteen de Buytswerve"),
    ((2020, 3), "CHN", "Zhang Jun"),
    ((2020, 4), "DOM", "José Singer Weisinger"),
    ((2020, 5), "EST", "Sven Jürgenson"),
    ((2020, 6), "FRA", "Nicolas de Rivière"),
    ((2020, 7), "DEU", "Christoph Heusgen"),
    ((2020, 8), "IDN", "Dian Triansyah Djani"),
    ((2020, 9), "NER", "Abdou Abarry"),
    ((2020, 10), "RUS", "Vassily Nebenzia"),
    ((2020, 11), "VCT", "Inga Rhonda King"),
    ((2020, 12), "ZAF", "Jerry Matthews Matjila"),
    ((2021, 1), "TUN", None),
    ((2021, 2), "GBR", "Barbara Woodward"),
    ((2021, 3), "USA", "Linda Thomas-Greenfield"),
    ((2021, 4), "VNM", None),
    ((2021, 5), "CHN", None),
    ((2021, 6), "EST", "Sven Jürgenson"),
]

# Months before the anchor (January 2020), computed backwards; these are the historical
# presidencies of 2018 and 2019.
EARLIER = [
    ((2019, 12), "USA"), ((2019, 11), "GBR"), ((2019, 10), "ZAF"), ((2019, 9), "RUS"),
    ((2019, 8), "POL"), ((2019, 7), "PER"), ((2019, 6), "KWT"), ((2019, 5), "IDN"),
    ((2019, 4), "DEU"), ((2019, 3), "FRA"), ((2019, 2), "GNQ"), ((2019, 1), "DOM"),
    ((2018, 12), "CIV"), ((2018, 11), "CHN"), ((2018, 10), "BOL"), ((2018, 9), "USA"),
    ((2018, 1), "KAZ"),
]


def shipped_presidencies() -> dict[str, dict[str, str]]:
    data = resources.files("council").joinpath("data", "presidencies.json").read_text("utf-8")
    presidents: dict[str, dict[str, str]] = json.loads(data)["presidents"]
    return presidents


def holder(year: int, month: int, rule: PresidencyRule | None = None) -> str:
    catalog = load_catalog()
    return presidency_of(catalog.membership, rule or catalog.presidency_rule, year, month).code


@pytest.mark.parametrize(("month", "code", "name"), PRESIDENCIES)
def test_the_presidency_of_each_month_is_the_one_domain_md_records(
    month: tuple[int, int], code: str, name: str | None
) -> None:
    president = load_catalog().president(*month)

    assert president.member.code == code
    if name is not None:
        assert president.name == name


def test_every_month_of_2020_and_2021_matches_the_shipped_data() -> None:
    shipped = shipped_presidencies()
    months = [(y, m) for y in (2020, 2021) for m in range(1, 13)]

    assert sorted(shipped) == [f"{y}-{m:02d}" for y, m in months]
    for year, month in months:
        entry = shipped[f"{year}-{month:02d}"]
        president = load_catalog().president(year, month)
        assert president.member.code == entry["member"], (year, month)
        assert president.name == entry["name"], (year, month)


@pytest.mark.parametrize(
    ("december", "january"),
    [
        ((2019, "USA"), (2020, "VNM")),  # the order continues into the new membership
        ((2020, "ZAF"), (2021, "TUN")),  # the next member after South Africa in 2021
        ((2021, "NER"), (2022, "NOR")),
    ],
)
def test_the_rotation_continues_across_the_first_of_january(
    december: tuple[int, str], january: tuple[int, str]
) -> None:
    assert holder(december[0], 12) == december[1]
    assert holder(january[0], 1) == january[1]


@pytest.mark.parametrize(("month", "code"), EARLIER)
def test_months_before_the_anchor_are_computed_backwards(month: tuple[int, int], code: str) -> None:
    assert holder(*month) == code


def test_the_anchor_month_gives_the_anchor_member() -> None:
    rule = load_catalog().presidency_rule

    assert (rule.anchor_year, rule.anchor_month, rule.anchor_member) == (2020, 1, "VNM")
    assert holder(2020, 1) == "VNM"


MONTHS_2018_2022 = [(y, m) for y in range(2018, 2023) for m in range(1, 13)]


@cache
def holders_from_the_shipped_anchor() -> list[str]:
    return [holder(y, m) for y, m in MONTHS_2018_2022]


@pytest.mark.parametrize("anchor", [(y, m) for y in (2020, 2021) for m in range(1, 13)])
def test_any_known_month_as_anchor_gives_the_same_presidencies(anchor: tuple[int, int]) -> None:
    rule = PresidencyRule(*anchor, holder(*anchor))

    assert [holder(y, m, rule) for y, m in MONTHS_2018_2022] == holders_from_the_shipped_anchor()


def test_an_override_is_honoured_and_the_rotation_continues_from_it() -> None:
    rule = PresidencyRule(2020, 1, "VNM", overrides={(2020, 3): "FRA"})

    assert [holder(2020, m, rule) for m in range(1, 6)] == ["VNM", "BEL", "FRA", "DEU", "IDN"]


def test_an_override_before_the_anchor_is_honoured_going_backwards() -> None:
    # Counting back from June, March is the recorded holder and February is counted from it.
    rule = PresidencyRule(2020, 6, "FRA", overrides={(2020, 3): "USA"})

    assert [holder(2020, m, rule) for m in range(1, 7)] == [
        "TUN", "GBR", "USA", "DOM", "EST", "FRA"
    ]


def test_the_shipped_rule_records_no_departure_from_the_rotation() -> None:
    assert dict(load_catalog().presidency_rule.overrides) == {}


@pytest.mark.parametrize("month", [0, 13, -1])
def test_a_month_outside_1_to_12_is_an_error(month: int) -> None:
    expected = f"^Month {month} is not a calendar month; expected 1 to 12\\.$"
    with pytest.raises(InvalidInput, match=expected):
        holder(2020, month)


def test_a_year_without_membership_data_is_an_error() -> None:
    with pytest.raises(InvalidInput, match=r"^No Security Council membership is known for 2031"):
        holder(2031, 1)


# -- the President as a person ---------------------------------------------------------------


def test_the_president_has_the_representatives_name_in_each_language() -> None:
    president = load_catalog().president(2020, 6)

    assert president.display_name("en") == "Nicolas de Rivière"
    assert president.display_name("fr") == "Nicolas de Rivière"
    assert president.display_name("zh") == "尼古拉·德里维埃"


def test_a_president_without_a_known_name_is_described_by_the_member() -> None:
    france = load_catalog().directory.get("FRA")

    president = President(france, 2020, 6)

    assert president.display_name("en") == "the President (France)"
    assert president.display_name("fr") == "the President (France)"


def test_a_president_named_by_hand_keeps_the_name_and_its_known_translations() -> None:
    president = load_catalog().president_named("Zhang Jun", 2021, 5)

    assert president.member.code == "CHN"
    assert president.display_name("zh") == "张军"
    assert president.display_name("en") == "Zhang Jun"
