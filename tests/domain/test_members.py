"""Members, their names in the six official languages, and who sits when (DOMAIN.md §4)."""

from __future__ import annotations

import re

import pytest

from council.catalog import load_catalog
from council.domain.errors import InvalidInput, UnknownMember
from council.domain.members import LANGUAGES, fold, list_form, running_form, sort_members

from .factories import PERMANENT_FIVE, council

ELECTED_2020 = {"BEL", "DOM", "DEU", "IDN", "ZAF", "EST", "NER", "VCT", "TUN", "VNM"}
ELECTED_2021 = {"EST", "NER", "VCT", "TUN", "VNM", "IND", "IRL", "KEN", "MEX", "NOR"}


def resolve(name: str, year: int = 2020) -> str:
    return load_catalog().membership.resolve(name, year).code


# -- who sits when ---------------------------------------------------------------------------


@pytest.mark.parametrize(("year", "elected"), [(2020, ELECTED_2020), (2021, ELECTED_2021)])
def test_the_council_has_fifteen_members_five_of_them_permanent(
    year: int, elected: set[str]
) -> None:
    sitting = council(year)

    assert len(sitting.members) == 15
    assert {c.code for c in sitting.permanent} == set(PERMANENT_FIVE)
    assert {c.code for c in sitting.elected} == elected
    assert sitting.codes == set(PERMANENT_FIVE) | elected
    assert all(sitting.is_permanent(code) for code in PERMANENT_FIVE)
    assert not any(sitting.is_permanent(code) for code in elected)


def test_the_2020_members_are_listed_in_english_alphabetical_order() -> None:
    assert [c.name("en") for c in council(2020).members] == [
        "Belgium",
        "China",
        "Dominican Republic",
        "Estonia",
        "France",
        "Germany",
        "Indonesia",
        "Niger",
        "Russian Federation",
        "Saint Vincent and the Grenadines",
        "South Africa",
        "Tunisia",
        "United Kingdom of Great Britain and Northern Ireland",
        "United States of America",
        "Viet Nam",
    ]


def test_sort_members_orders_countries_by_english_name_not_by_code() -> None:
    directory = load_catalog().directory
    countries = [directory.get(c) for c in ("VNM", "DEU", "CIV", "CHN")]

    assert [c.code for c in sort_members(countries)] == ["CHN", "CIV", "DEU", "VNM"]


def test_every_year_from_2000_to_2026_has_a_council_of_fifteen() -> None:
    membership = load_catalog().membership

    assert membership.years == tuple(range(2000, 2027))
    for year in membership.years:
        assert len(membership.council(year).codes) == 15, year


@pytest.mark.parametrize("year", [1999, 2027, 1945])
def test_an_unknown_year_is_a_clear_error(year: int) -> None:
    with pytest.raises(
        InvalidInput, match=f"^No Security Council membership is known for {year}; known years: "
        "2000–2026"
    ):
        load_catalog().membership.council(year)


def test_each_member_is_found_by_its_code_and_nothing_else_is() -> None:
    sitting = council(2020)
    for member in sitting.members:
        assert sitting.member(member.code) is member
    for code in ("IND", "fra", "FRA ", ""):
        with pytest.raises(UnknownMember, match=r"is not a member of the Security Council in 2020"):
            sitting.member(code)


def test_asking_the_council_for_a_non_member_names_the_year() -> None:
    expected = r"^'IND' is not a member of the Security Council in 2020\.$"
    with pytest.raises(UnknownMember, match=expected):
        council(2020).member("IND")


# -- names in the six languages ------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "lang", "list_name", "running_name"),
    [
        ("NER", "en", "Niger", "the Niger"),
        ("NER", "fr", "Niger", "le Niger"),
        ("NER", "es", "Níger", "el Níger"),
        ("NER", "ru", "Нигер", "Нигер"),
        ("NER", "zh", "尼日尔", "尼日尔"),
        ("NER", "ar", "النيجر", "النيجر"),
        ("DOM", "zh", "多米尼加共和国", "多米尼加共和国"),  # as in the seed S/2020/613
        ("DOM", "en", "Dominican Republic", "the Dominican Republic"),
        ("DOM", "fr", "République dominicaine", "la République dominicaine"),
        ("DEU", "fr", "Allemagne", "l'Allemagne"),
        ("USA", "fr", "États-Unis d'Amérique", "les États-Unis d'Amérique"),
        ("GBR", "en", "United Kingdom of Great Britain and Northern Ireland",
         "the United Kingdom of Great Britain and Northern Ireland"),
        ("RUS", "en", "Russian Federation", "the Russian Federation"),
        ("VNM", "en", "Viet Nam", "Viet Nam"),
        ("VNM", "fr", "Viet Nam", "le Viet Nam"),
        ("VCT", "fr", "Saint-Vincent-et-les Grenadines", "Saint-Vincent-et-les Grenadines"),
        ("CHN", "zh", "中国", "中国"),
        ("CIV", "en", "Côte d'Ivoire", "Côte d'Ivoire"),
    ],
)
def test_names_in_lists_drop_the_article_and_running_text_moves_it_to_the_front(
    code: str, lang: str, list_name: str, running_name: str
) -> None:
    country = load_catalog().directory.get(code)

    assert country.name(lang) == list_name
    assert country.running_name(lang) == running_name


@pytest.mark.parametrize(
    ("unterm", "list_name", "running_name"),
    [
        ("Niger (the)", "Niger", "the Niger"),
        ("Niger (le)", "Niger", "le Niger"),
        ("Allemagne (l')", "Allemagne", "l'Allemagne"),
        ("Allemagne (l’)", "Allemagne", "l’Allemagne"),
        ("États-Unis d'Amérique (les)", "États-Unis d'Amérique", "les États-Unis d'Amérique"),
        ("Belgium", "Belgium", "Belgium"),
    ],
)
def test_the_bracketed_unterm_article_gives_the_list_and_running_forms(
    unterm: str, list_name: str, running_name: str
) -> None:
    assert (list_form(unterm), running_form(unterm)) == (list_name, running_name)


@pytest.mark.parametrize(
    ("unterm", "list_name", "running_name"),
    [
        ("Bolivia (Plurinational State of)", "Bolivia (Plurinational State of)",
         "Bolivia (Plurinational State of)"),
        ("Iran (République islamique d')", "Iran (République islamique d')",
         "Iran (République islamique d')"),
        ("Venezuela (República Bolivariana de)", "Venezuela (República Bolivariana de)",
         "Venezuela (República Bolivariana de)"),
    ],
)
def test_a_bracket_that_is_not_an_article_stays_in_every_form(
    unterm: str, list_name: str, running_name: str
) -> None:
    assert (list_form(unterm), running_form(unterm)) == (list_name, running_name)


@pytest.mark.parametrize(
    ("code", "lang", "preposition", "expected"),
    [
        ("NER", "fr", "de", "du Niger"),
        ("NER", "fr", "à", "au Niger"),
        ("USA", "fr", "de", "des États-Unis d'Amérique"),
        ("USA", "fr", "à", "aux États-Unis d'Amérique"),
        ("FRA", "fr", "de", "de la France"),
        ("DEU", "fr", "de", "de l'Allemagne"),
        ("ISR", "fr", "de", "d'Israël"),
        ("VCT", "fr", "de", "de Saint-Vincent-et-les Grenadines"),
        ("NER", "es", "de", "del Níger"),
        ("NER", "es", "a", "al Níger"),
        ("RUS", "es", "de", "de la Federación de Rusia"),
        ("USA", "es", "de", "de los Estados Unidos de América"),
        ("FRA", "es", "de", "de Francia"),
        ("NER", "en", "of", "of the Niger"),
    ],
)
def test_french_and_spanish_contract_the_preposition_with_the_article(
    code: str, lang: str, preposition: str, expected: str
) -> None:
    assert load_catalog().directory.get(code).name_after(preposition, lang) == expected


def test_the_directory_holds_the_193_member_states_and_marks_the_others() -> None:
    directory = load_catalog().directory
    states = [c for c in (directory.get(code) for code in directory.codes) if c.member_state]
    assert len(states) == 193
    holy_see = directory.get("VAT")
    assert not holy_see.member_state
    assert holy_see.name("en") == "Holy See"  # UNTERM's "*" mark is not part of the name


def test_a_name_with_a_bracketed_qualifier_is_found_without_it() -> None:
    directory = load_catalog().directory
    assert [directory.find(n).code for n in ("Bolivia", "Iran", "Venezuela")  # type: ignore[union-attr]
            ] == ["BOL", "IRN", "VEN"]


def test_every_2020_member_has_a_name_in_all_six_languages() -> None:
    for country in council(2020).members:
        for lang in LANGUAGES:
            assert country.name(lang).strip(), (country.code, lang)


def test_a_name_in_a_language_that_is_not_official_is_an_error() -> None:
    with pytest.raises(InvalidInput, match=r"^Language 'de' is not an official language"):
        load_catalog().directory.get("DEU").name("de")


# -- resolving names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("NER", "NER"),
        ("ner", "NER"),
        ("GBR", "GBR"),
        ("United Kingdom", "GBR"),
        ("united kingdom", "GBR"),
        ("UK", "GBR"),
        ("United Kingdom of Great Britain and Northern Ireland", "GBR"),
        ("United States", "USA"),
        ("UNITED STATES OF AMERICA", "USA"),
        ("Russia", "RUS"),
        ("Russian Federation", "RUS"),
        ("the Russian Federation", "RUS"),
        ("Niger", "NER"),
        ("the Niger", "NER"),
        ("le Niger", "NER"),
        ("Níger", "NER"),
        ("niger", "NER"),
        ("尼日尔", "NER"),
        ("Нигер", "NER"),
        ("النيجر", "NER"),
        ("the Republic of the Niger", "NER"),
        ("Republic of the Niger", "NER"),
        ("la République du Niger", "NER"),
        ("多米尼加共和国", "DOM"),
        ("République dominicaine", "DOM"),
        ("republique dominicaine", "DOM"),
        ("  Dominican Republic  ", "DOM"),
        ("Viet Nam", "VNM"),
        ("Vietnam", "VNM"),
        ("Saint Vincent and the Grenadines", "VCT"),
        ("Saint-Vincent-et-les Grenadines", "VCT"),
        ("the Federal Republic of Germany", "DEU"),
        ("l'Allemagne", "DEU"),
        ("Afrique du Sud", "ZAF"),
        ("中国", "CHN"),
    ],
)
def test_a_2020_member_is_found_by_code_name_or_common_short_form(name: str, code: str) -> None:
    assert resolve(name, 2020) == code


@pytest.mark.parametrize(
    "name", ["Côte d'Ivoire", "cote d'ivoire", "COTE D’IVOIRE", "Ivory Coast", "CIV", "科特迪瓦"]
)
def test_names_are_matched_without_regard_to_case_accents_or_apostrophes(name: str) -> None:
    assert resolve(name, 2019) == "CIV"


@pytest.mark.parametrize(
    ("text", "key"),
    [("Côte d’Ivoire", "cote d'ivoire"), ("  Viet   Nam ", "viet nam"), ("NÍGER", "niger")],
)
def test_fold_ignores_case_accents_spacing_and_curly_apostrophes(text: str, key: str) -> None:
    assert fold(text) == key


def test_every_name_of_every_country_finds_that_country() -> None:
    directory = load_catalog().directory
    wrong = []
    for code in {c for year in load_catalog().membership.years for c in council(year).codes}:
        country = directory.get(code)
        for name in (*country.short, *country.formal):
            for form in {name, list_form(name), running_form(name)}:
                found = directory.find(form)
                if found is None or found.code != code:
                    wrong.append((code, form, found and found.code))
    assert wrong == []


def test_an_unknown_name_is_refused_listing_the_members_of_that_year() -> None:
    with pytest.raises(UnknownMember) as caught:
        resolve("Atlantis", 2020)

    message = str(caught.value)
    assert message.startswith("Member 'Atlantis' is not a known country name or code; ")
    assert "the members in 2020 are: Belgium, China, Dominican Republic," in message
    assert message.endswith("United States of America, Viet Nam.")


@pytest.mark.parametrize(
    ("name", "year", "shown"),
    [
        ("India", 2020, "India"),
        ("Côte d'Ivoire", 2020, "Côte d'Ivoire"),
        ("Belgium", 2021, "Belgium"),
        ("Dominica", 2020, "Dominica"),  # not the Dominican Republic
    ],
)
def test_a_country_that_does_not_sit_that_year_is_refused_naming_the_year(
    name: str, year: int, shown: str
) -> None:
    expected = (
        f"Member {name!r} ({shown}) is not a member of the Security Council in {year}; "
        f"the members in {year} are: "
    )
    with pytest.raises(UnknownMember, match=f"^{re.escape(expected)}"):
        resolve(name, year)


def test_resolving_in_an_unknown_year_is_a_clear_error() -> None:
    with pytest.raises(InvalidInput, match=r"^No Security Council membership is known for 2030"):
        resolve("France", 2030)
