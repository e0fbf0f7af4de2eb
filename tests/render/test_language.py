"""Dates, times, lists and quotations as each language version writes them."""

from __future__ import annotations

from datetime import date

import pytest

from council.domain.errors import InvalidInput
from council.render.language import (
    check_language,
    format_date,
    format_moment,
    join_names,
    quote,
    roman,
    undocs_url,
    vote_list,
)
from council.render.templating import columns, oneline, paragraphs
from tests.factories import utc

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("day", "lang", "expected"),
    [
        (date(2020, 6, 29), "en", "29 June 2020"),
        (date(2020, 7, 1), "en", "1 July 2020"),
        (date(2020, 6, 29), "fr", "29 juin 2020"),
        (date(2020, 7, 1), "fr", "1er juillet 2020"),
        (date(2020, 8, 10), "fr", "10 août 2020"),
        (date(2020, 6, 29), "zh", "2020年6月29日"),
        (date(2021, 1, 1), "zh", "2021年1月1日"),
    ],
)
def test_dates_follow_each_languages_un_style(day: date, lang: str, expected: str) -> None:
    assert format_date(day, lang) == expected


@pytest.mark.parametrize(
    ("hour", "minute", "lang", "expected"),
    [
        (14, 0, "en", "28 June 2020 at 10 a.m. New York time (28 June 2020 at 14:00 UTC)"),
        (16, 0, "en", "28 June 2020 at 12 noon New York time (28 June 2020 at 16:00 UTC)"),
        (4, 0, "en", "28 June 2020 at 12 midnight New York time (28 June 2020 at 04:00 UTC)"),
        (19, 30, "en", "28 June 2020 at 3.30 p.m. New York time (28 June 2020 at 19:30 UTC)"),
        (19, 30, "fr", f"le 28 juin 2020 à 15{NBSP}h{NBSP}30, heure de New York "
                       "(le 28 juin 2020 à 19:30 UTC)"),
        (4, 0, "fr", "le 28 juin 2020 à minuit, heure de New York (le 28 juin 2020 à 04:00 UTC)"),
        (16, 0, "zh", "纽约时间2020年6月28日中午12时(协调世界时2020年6月28日16:00)"),
        (19, 30, "zh", "纽约时间2020年6月28日下午3时30分(协调世界时2020年6月28日19:30)"),
    ],
)
def test_moments_are_given_in_new_york_time_and_utc(
    hour: int, minute: int, lang: str, expected: str
) -> None:
    assert format_moment(utc(2020, 6, 28, hour, minute), lang) == expected


@pytest.mark.parametrize(
    ("names", "lang", "expected"),
    [
        (["France"], "en", "France"),
        (["Belgium", "Germany"], "en", "Belgium and Germany"),
        (["the Niger", "Germany", "France"], "en", "the Niger, Germany and France"),
        (["la Belgique", "l'Allemagne"], "fr", "la Belgique et l'Allemagne"),
        (["比利时", "德国"], "zh", "比利时和德国"),
        (["尼日尔", "德国", "法国"], "zh", "尼日尔、德国和法国"),
    ],
)
def test_names_in_running_text_end_with_and(names: list[str], lang: str, expected: str) -> None:
    assert join_names(names, lang) == expected


@pytest.mark.parametrize(
    ("names", "lang", "expected"),
    [
        (["中国", "越南"], "zh", "中国、越南。"),
        ([], "zh", "无。"),
        (["China", "Viet Nam"], "en", "China, Viet Nam."),
        ([], "en", "None."),
        ([], "fr", "Néant."),
    ],
)
def test_vote_lists_end_with_a_full_stop(names: list[str], lang: str, expected: str) -> None:
    assert vote_list(names, lang) == expected


def test_quotes_and_links_per_language() -> None:
    assert quote("马里局势", "zh") == "“马里局势”"
    assert quote("La situation au Mali", "fr") == f"«{NBSP}La situation au Mali{NBSP}»"
    assert undocs_url("S/2020/600", "zh") == "https://undocs.org/ch/S/2020/600"
    assert undocs_url("S/RES/2531(2020)", "en") == "https://undocs.org/en/S/RES/2531(2020)"


@pytest.mark.parametrize(
    ("number", "numeral"), [(1, "I"), (4, "IV"), (9, "IX"), (16, "XVI"), (19, "XIX"), (40, "XL")]
)
def test_annexes_are_numbered_in_roman_numerals(number: int, numeral: str) -> None:
    assert roman(number) == numeral


def test_unknown_language_names_the_choices() -> None:
    with pytest.raises(InvalidInput, match=r"Language 'de' is not available for this letter; "
                                           r"expected one of: ar, zh, en, fr, ru, es\."):
        check_language("de")


def test_template_lines_join_with_a_space_except_between_chinese_characters() -> None:
    assert oneline("  I have the honour\n  to inform you\n") == "I have the honour to inform you"
    assert oneline("谨此告知，\n安全理事会") == "谨此告知，安全理事会"
    assert oneline("对\nS/2020/600\n号文件") == "对S/2020/600号文件"


def test_draft_text_splits_into_paragraphs_at_blank_lines() -> None:
    assert paragraphs("\nThe Security Council,\n \nRecalling\nits resolutions,\n\n\n1. Decides;") \
        == ["The Security Council,", "Recalling\nits resolutions,", "1. Decides;"]


def test_masthead_columns_align_by_display_width() -> None:
    lines = columns([("联合国", "S/2020/613"), ("United Nations", "S/2020/613")]).splitlines()
    assert lines[0].index("S/") + len("联合国") == lines[1].index("S/")
