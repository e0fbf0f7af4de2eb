"""Letters in the six official languages (issue 7 points 1-2, first acceptance item).

The outcome letters of three real 2020 votes (adopted, vetoed, failed), replayed from
``../shared/data/procedures``, equal the hand-checked files in ``tests/golden/letters`` in every
language (``scripts/golden_letters.py --check``); the Chinese one of the seed is also compared
with the seed itself in test_outcome_letter.py. The opening and details letters and every
outcome class render in all six, members in English alphabetical order (R17).
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from council.domain.ballots import Position
from council.domain.numbering import ResolutionNumber
from council.render import render_details_letter, render_opening_letter, render_outcome_letter
from council.render.language import LETTER_LANGUAGES, format_date
from tests.conftest import PROCEDURES
from tests.factories import (
    all_voting,
    draft,
    failed_facts,
    letter_facts,
    seed_facts,
    vetoed_facts,
    voted,
)

from .htmlcheck import read_html

ROOT = Path(__file__).resolve().parents[2]
GOLDEN = ROOT / "tests" / "golden" / "letters"
RECORDS = ("S_2020_613", "S_2020_657", "draft_S_2020_658")


def test_the_six_official_languages_are_letter_languages() -> None:
    assert LETTER_LANGUAGES == ("ar", "zh", "en", "fr", "ru", "es")


def test_every_outcome_letter_of_the_three_votes_matches_its_hand_checked_text() -> None:
    if not PROCEDURES.exists():
        pytest.skip(f"procedure records not found at {PROCEDURES}")
    assert sorted(p.name for p in GOLDEN.glob("*.txt")) == sorted(
        f"{record}.{lang}.txt" for record in RECORDS for lang in LETTER_LANGUAGES)
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "golden_letters.py"), "--check"],
        capture_output=True, text=True, cwd=ROOT, check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(
    ("lang", "masthead"),
    [
        ("ar", ["الأمم المتحدة", "مجلس الأمن", "Distr.: General", "29 June 2020", "Arabic",
                "Original: French"]),
        ("zh", ["联合国", "安全理事会", "Distr.: General", "29 June 2020", "Chinese",
                "Original: French"]),
        ("en", ["United Nations", "Security Council", "Distr.: General", "29 June 2020",
                "English", "Original: French"]),
        ("fr", ["Nations Unies", "Conseil de sécurité", "Distr. générale", "29 juin 2020",
                "Français", "Original\u00a0: français"]),
        ("ru", ["Организация Объединенных Наций", "Совет Безопасности", "Distr.: General",
                "29 June 2020", "Russian", "Original: French"]),
        ("es", ["Naciones Unidas", "Consejo de Seguridad", "Distr. general",
                "29 de junio de 2020", "Español", "Original: francés"]),
    ],
)
def test_the_masthead_names_the_language_and_the_original_in_the_un_form(
    lang: str, masthead: list[str]
) -> None:
    text = render_outcome_letter(seed_facts(), lang)
    head = text[: text.index("\n\n")]
    for part in masthead:
        assert part in head


@pytest.mark.parametrize(
    ("lang", "day", "expected"),
    [
        ("ar", date(2020, 6, 29), "29 حزيران/يونيه 2020"),
        ("ar", date(2020, 1, 1), "1 كانون الثاني/يناير 2020"),
        ("ar", date(2020, 7, 7), "7 تموز/يوليه 2020"),
        ("ru", date(2020, 6, 29), "29 июня 2020 года"),
        ("es", date(2020, 7, 1), "1 de julio de 2020"),
        ("fr", date(2020, 7, 1), "1er juillet 2020"),
        ("zh", date(2020, 6, 29), "2020年6月29日"),
    ],
)
def test_dates_are_written_in_each_languages_un_style(lang: str, day: date, expected: str) -> None:
    assert format_date(day, lang) == expected


# The sentence that states each outcome, per language.
OUTCOMES = {
    "adopted": {
        "ar": "وقد اعتمد مشروع القرار بوصفه القرار 2531 (2020)",
        "ru": "Проект резолюции принят в качестве резолюции 2531 (2020)",
        "es": "El proyecto de resolución ha sido aprobado como resolución 2531 (2020)",
        "fr": "adopté en tant que résolution 2531 (2020)",
        "en": "adopted as resolution 2531 (2020)",
        "zh": "成为2020年6月29日第2531(2020)号决议",
    },
    "vetoed_by_several": {
        "ar": "بسبب تصويت عضوين دائمين في المجلس ضده",
        "ru": "поскольку против него проголосовали постоянные члены Совета",
        "es": "debido al voto negativo de miembros permanentes del Consejo",
        "fr": "en raison du vote négatif de membres permanents du Conseil",
        "en": "owing to the negative vote of permanent members of the Council",
        "zh": "由于两个常任理事国投反对票",
    },
    "vetoed_by_one": {
        "ar": "بسبب تصويت عضو دائم في المجلس ضده",
        "ru": "поскольку против него проголосовал постоянный член Совета",
        "es": "debido al voto negativo de un miembro permanente del Consejo",
        "fr": "en raison du vote négatif d'un membre permanent du Conseil",
        "en": "owing to the negative vote of a permanent member of the Council",
        "zh": "由于一个常任理事国投反对票",
    },
    "failed": {
        "ar": "لعدم حصوله على العدد المطلوب من الأصوات",
        "ru": "поскольку он не получил необходимого числа голосов",
        "es": "por no haber obtenido el número de votos necesario",
        "fr": "n'ayant pas obtenu le nombre de voix requis",
        "en": "having failed to obtain the required number of votes",
        "zh": "因未获得所需票数而未获通过",
    },
    "absent": {
        "ar": "الغائبون:\nالنيجر.",
        "ru": "Отсутствовали:\nНигер.",
        "es": "Ausentes:\nNíger.",
        "fr": "Absents\u00a0:\nNiger.",
        "en": "Absent:\nNiger.",
        "zh": "缺席：\n尼日尔。",
    },
}


def _vetoed_by_one() -> object:
    procedure = voted(draft(), {**all_voting(), "USA": Position.AGAINST})
    return letter_facts(procedure, "S/2020/700", date(2020, 6, 29))


def _absent() -> object:
    positions = {code: p for code, p in all_voting().items() if code != "NER"}
    procedure = voted(draft(), positions)
    return letter_facts(procedure, "S/2020/700", date(2020, 6, 29), ResolutionNumber(2531, 2020))


FACTS = {
    "adopted": seed_facts,
    "vetoed_by_several": vetoed_facts,
    "vetoed_by_one": _vetoed_by_one,
    "failed": failed_facts,
    "absent": _absent,
}


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
@pytest.mark.parametrize("case", sorted(OUTCOMES))
def test_every_outcome_class_is_stated_in_every_language(case: str, lang: str) -> None:
    text = render_outcome_letter(FACTS[case](), lang)  # type: ignore[arg-type]
    assert OUTCOMES[case][lang] in text


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_members_are_listed_in_english_alphabetical_order_in_every_language(lang: str) -> None:
    facts = seed_facts()
    text = render_outcome_letter(facts, lang)
    names = [m.name(lang) for m in facts.council.members]
    in_favour = next(line for line in text.splitlines() if names[0] in line and names[-1] in line)
    positions = [in_favour.index(name) for name in names]
    assert positions == sorted(positions)


@pytest.mark.parametrize("lang", LETTER_LANGUAGES)
def test_opening_and_details_letters_render_in_every_language(lang: str) -> None:
    facts = vetoed_facts(details_symbol="S/2020/700")
    opening = render_opening_letter(facts, lang)
    details = render_details_letter(facts, lang)
    assert "S/2020/253" in opening and "S/2020/654" in opening
    # Annex I (the opening letter), II-XVI (15 letters of position), XVII-XVIII (explanations).
    assert opening.split("\n\n")[0] in details
    assert "XVIII" in details or "十八" in details
    assert "Christoph Heusgen" in details or facts.president.display_name(lang) in details


@pytest.mark.parametrize(
    ("lang", "heading"),
    [
        ("fr", "par le Représentant permanent du Niger auprès de l'Organisation des Nations Unies"),
        ("es", "por el Representante Permanente del Níger ante las Naciones Unidas"),
        ("ar", "من الممثل الدائم للنيجر لدى الأمم المتحدة"),
        ("zh", "尼日尔常驻联合国代表给安全理事会事务司司长的信"),
        ("ru", "Нигер: письмо Постоянного представителя при Организации Объединенных Наций"),
    ],
)
def test_details_letter_names_each_member_with_its_articles_and_contractions(
    lang: str, heading: str
) -> None:
    assert heading in render_details_letter(seed_facts(details_symbol="S/2020/700"), lang)


@pytest.mark.parametrize("kind", ["outcome", "opening", "details"])
def test_arabic_html_is_right_to_left_and_its_english_annex_left_to_right(kind: str) -> None:
    render = {"outcome": render_outcome_letter, "opening": render_opening_letter,
              "details": render_details_letter}[kind]
    html = render(seed_facts(details_symbol="S/2020/700"), "ar", "html")  # type: ignore[operator]
    assert re.search(r'<html lang="ar" dir="rtl">', html)
    assert 'lang="en" dir="ltr"' in html
    assert read_html(html).problems == []
    assert read_html(html).lang == "ar"
