"""The voting-outcome letter (DOMAIN.md R17, R20): the Chinese version against the seed
S/2020/613 character for character, and the English and French versions of the three kinds of
outcome (adopted, vetoed, failed) of the real votes of 2020."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from council.domain.numbering import ResolutionNumber
from council.render import render_outcome_letter
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

SEED = Path(__file__).parents[2].parent / "shared" / "seed" / "000_bb3b1705f158320d.txt"
SEED_TITLE = "2020年6月29日安全理事会主席给秘书长和安全理事会成员国常驻代表的信"
SEED_END = "(签名)"
NBSP = "\u00a0"


def squeeze(text: str) -> str:
    """NFKC, then every whitespace character removed: how the seed is compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def title_to_signature(text: str) -> str:
    """The letter from its title line to the President's signature, squeezed."""
    squeezed = squeeze(text)
    start = squeezed.index(squeeze(SEED_TITLE))
    end = squeezed.index(squeeze(SEED_END), start) + len(squeeze(SEED_END))
    return squeezed[start:end]


@pytest.fixture(scope="module")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip(f"seed not found at {SEED} (expected ../shared beside the project)")
    return SEED.read_text("utf-8")


def test_outcome_letter_zh_reproduces_seed(seed_text: str) -> None:
    rendered = render_outcome_letter(seed_facts(), "zh", "text")
    assert title_to_signature(rendered) == title_to_signature(seed_text)


def test_outcome_letter_zh_html_without_tags_reproduces_seed(seed_text: str) -> None:
    page = read_html(render_outcome_letter(seed_facts(), "zh", "html"))
    assert title_to_signature(page.text) == title_to_signature(seed_text)


def test_seed_comparison_notices_a_single_changed_character(seed_text: str) -> None:
    rendered = render_outcome_letter(seed_facts(), "zh", "text")
    assert title_to_signature(rendered.replace("15票", "14票")) != title_to_signature(seed_text)
    assert title_to_signature(rendered.replace("，*", "，")) != title_to_signature(seed_text)


def test_zh_masthead_and_footnote_follow_the_seed() -> None:
    text = render_outcome_letter(seed_facts(), "zh", "text")
    masthead = squeeze(text[: text.index(SEED_TITLE)])
    assert masthead == squeeze(
        "联合国 S/2020/613 安全理事会 Distr.: General 29 June 2020 Chinese Original: French"
    )
    signature_to_annex = text[text.index(SEED_END) : text.index("\n附件\n")]
    assert "* 仅以英文分发。" in signature_to_annex


@pytest.mark.parametrize(
    ("lang", "sentences"),
    [
        ("en", [
            "Letter dated 29 June 2020 from the President of the Security Council addressed to "
            "the Secretary-General and the Permanent Representatives of the members of the "
            "Security Council",
            "I have the honour to inform you that the Security Council has concluded its voting "
            "procedure on the draft resolution contained in document S/2020/600, submitted by "
            "France under the agenda item “The situation in Mali”.",
            "The vote was held in accordance with the procedure agreed in the light of the "
            "extraordinary circumstances caused by the coronavirus disease (COVID-19) pandemic, "
            "as set out in the letter dated 27 March 2020 from the President of the Security "
            "Council addressed to the Permanent Representatives of the members of the Security "
            "Council (S/2020/253).",
            "The Director of the Security Council Affairs Division received letters from all 15 "
            "members of the Council stating their national positions on the draft resolution "
            "contained in document S/2020/600. The result of the vote is as follows:",
            "In favour:\nBelgium, China, Dominican Republic, Estonia, France, Germany, "
            "Indonesia, Niger, Russian Federation, Saint Vincent and the Grenadines, South "
            "Africa, Tunisia, United Kingdom of Great Britain and Northern Ireland, United "
            "States of America, Viet Nam.",
            "Against:\nNone.",
            "Abstentions:\nNone.",
            "The draft resolution received 15 votes in favour. The draft resolution has been "
            "adopted as resolution 2531 (2020) dated 29 June 2020. The text of the resolution "
            "is annexed to the present letter and will be issued as a document of the Security "
            "Council immediately.",
            "(Signed) Nicolas de Rivière\nPresident of the Security Council",
            "Annex",
            "S/RES/2531 (2020)",
            "Resolution 2531 (2020)",
            "Adopted by the Security Council on 29 June 2020\n",
        ]),
        ("fr", [
            "Lettre datée du 29 juin 2020, adressée au Secrétaire général et aux représentants "
            "permanents des membres du Conseil de sécurité par le Président du Conseil de "
            "sécurité",
            "J'ai l'honneur de vous informer que le Conseil de sécurité a achevé la procédure "
            "de vote sur le projet de résolution publié sous la cote S/2020/600, présenté par "
            f"la France au titre du point intitulé «{NBSP}La situation au Mali{NBSP}».",
            f"Pour{NBSP}:\nBelgique, Chine, République dominicaine, Estonie, France, Allemagne, "
            "Indonésie, Niger, Fédération de Russie, Saint-Vincent-et-les Grenadines, Afrique "
            "du Sud, Tunisie, Royaume-Uni de Grande-Bretagne et d'Irlande du Nord, États-Unis "
            "d'Amérique, Viet Nam.",
            f"Contre{NBSP}:\nNéant.",
            f"Abstentions{NBSP}:\nNéant.",
            "Le projet de résolution a recueilli 15 voix pour. Le projet de résolution a été "
            "adopté en tant que résolution 2531 (2020) en date du 29 juin 2020. Le texte de la "
            "résolution est joint en annexe à la présente lettre* et sera publié immédiatement "
            "en tant que document du Conseil de sécurité.",
            "Le Président du Conseil de sécurité\n(Signé) Nicolas de Rivière",
            "* Distribué en anglais seulement.",
            "\nAnnexe\n",
            # The annexed resolution stays in English.
            "Adopted by the Security Council on 29 June 2020",
        ]),
    ],
)
def test_adopted_draft_letter_states_the_vote_and_annexes_the_resolution(
    lang: str, sentences: list[str]
) -> None:
    text = render_outcome_letter(seed_facts(), lang, "text")
    for sentence in sentences:
        assert sentence in text


@pytest.mark.parametrize(
    ("lang", "masthead"),
    [
        ("en", "United Nations S/2020/613 Security Council Distr.: General 29 June 2020 "
               "English Original: French"),
        ("fr", "Nations Unies S/2020/613 Conseil de sécurité Distr. générale 29 juin 2020 "
               f"Français Original{NBSP}: français"),
    ],
)
def test_masthead_gives_symbol_date_language_and_original(lang: str, masthead: str) -> None:
    text = render_outcome_letter(seed_facts(), lang, "text")
    first_line_of_title = {"en": "Letter dated", "fr": "Lettre datée"}[lang]
    assert squeeze(text[: text.index(first_line_of_title)]) == squeeze(masthead)


def test_english_letter_needs_no_footnote_for_the_english_annex() -> None:
    text = render_outcome_letter(seed_facts(), "en", "text")
    assert "*" not in text
    assert "English only" not in text


@pytest.mark.parametrize(
    ("lang", "sentences"),
    [
        ("en", [
            "submitted by Belgium and Germany under the agenda item “The situation in the "
            "Middle East”.",
            "Against:\nChina, Russian Federation.",
            "The draft resolution received 13 votes in favour and 2 against. The draft "
            "resolution has not been adopted, owing to the negative vote of permanent members "
            "of the Council.",
            "(Signed) Christoph Heusgen\nPresident of the Security Council",
            "7 July 2020",
        ]),
        ("fr", [
            "présenté par la Belgique et l'Allemagne au titre du point intitulé "
            f"«{NBSP}La situation au Moyen-Orient{NBSP}».",
            f"Pour{NBSP}:\nBelgique, République dominicaine, Estonie, France, Allemagne,",
            f"Contre{NBSP}:\nChine, Fédération de Russie.",
            "Le projet de résolution a recueilli 13 voix pour et 2 voix contre. Le projet de "
            "résolution n'a pas été adopté, en raison du vote négatif de membres permanents du "
            "Conseil.",
            "7 juillet 2020",
        ]),
        ("zh", [
            "该决议草案由比利时和德国在“中东局势”议程项目下提交。",
            "反对：\n中国、俄罗斯联邦。",
            "决议草案获得13票赞成、2票反对。由于两个常任理事国投反对票，决议草案未获通过。",
        ]),
    ],
)
def test_vetoed_draft_letter_names_the_negative_vote_of_permanent_members(
    lang: str, sentences: list[str]
) -> None:
    text = render_outcome_letter(vetoed_facts(), lang, "text")
    for sentence in sentences:
        assert sentence in text
    assert "S/RES" not in text


@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        ("en", "The draft resolution has not been adopted, owing to the negative vote of a "
               "permanent member of the Council."),
        ("fr", "Le projet de résolution n'a pas été adopté, en raison du vote négatif d'un "
               "membre permanent du Conseil."),
        ("zh", "由于一个常任理事国投反对票，决议草案未获通过。"),
    ],
)
def test_veto_by_one_permanent_member_is_singular(lang: str, sentence: str) -> None:
    procedure = voted(draft("S/2020/654", ("BEL", "DEU"), "The situation in the Middle East"),
                      {**all_voting(), "RUS": "no"})
    facts = letter_facts(procedure, "S/2020/657", date(2020, 7, 7))
    assert sentence in render_outcome_letter(facts, lang, "text")


@pytest.mark.parametrize(
    ("lang", "sentences"),
    [
        ("en", [
            "submitted by the Russian Federation under the agenda item",
            "The draft resolution received 4 votes in favour, 7 against and 4 abstentions. The "
            "draft resolution has not been adopted, having failed to obtain the required number "
            "of votes.",
            "Abstentions:\nIndonesia, Niger, Saint Vincent and the Grenadines, Tunisia.",
        ]),
        ("fr", [
            "présenté par la Fédération de Russie au titre du point intitulé",
            "Le projet de résolution a recueilli 4 voix pour, 7 voix contre et 4 abstentions. "
            "Le projet de résolution n'a pas été adopté, n'ayant pas obtenu le nombre de voix "
            "requis.",
            f"Pour{NBSP}:\nChine, Fédération de Russie, Afrique du Sud, Viet Nam.",
        ]),
        ("zh", [
            "决议草案获得4票赞成、7票反对、4票弃权，因未获得所需票数而未获通过。",
            "赞成：\n中国、俄罗斯联邦、南非、越南。",
        ]),
    ],
)
def test_failed_draft_letter_says_it_lacked_the_required_votes(
    lang: str, sentences: list[str]
) -> None:
    text = render_outcome_letter(failed_facts(), lang, "text")
    for sentence in sentences:
        assert sentence in text
    assert "S/RES" not in text


@pytest.mark.parametrize(
    ("lang", "received", "absent"),
    [
        ("en", "received letters from 13 members of the Council",
         "Abstentions:\nNone.\n\nAbsent:\nChina, Viet Nam."),
        ("fr", "a reçu des lettres de 13 membres du Conseil",
         f"Abstentions{NBSP}:\nNéant.\n\nAbsents{NBSP}:\nChine, Viet Nam."),
        ("zh", "已收到安理会13个成员的来信", "弃权：\n无。\n\n缺席：\n中国、越南。"),
    ],
)
def test_absent_members_get_their_own_group_after_abstentions(
    lang: str, received: str, absent: str
) -> None:
    positions = {code: p for code, p in all_voting().items() if code not in ("CHN", "VNM")}
    facts = letter_facts(voted(draft(), positions), "S/2020/613", date(2020, 6, 29),
                         ResolutionNumber(2531, 2020))
    text = render_outcome_letter(facts, lang, "text")
    assert received in text
    assert absent in text


@pytest.mark.parametrize("lang", ["zh", "en", "fr"])
def test_no_absent_group_when_every_member_voted(lang: str) -> None:
    text = render_outcome_letter(seed_facts(), lang, "text")
    assert not {"Absent", "Absents", "缺席"} & set(re.findall(r"\w+", text))


@pytest.mark.parametrize(
    ("day", "expected"),
    [(date(2020, 7, 1), "1er juillet 2020"), (date(2020, 7, 2), "2 juillet 2020")],
)
def test_french_dates_write_the_first_of_the_month_as_1er(day: date, expected: str) -> None:
    text = render_outcome_letter(replace(seed_facts(), date=day), "fr", "text")
    assert f"Lettre datée du {expected}," in text
    assert f"en date du {expected}." in text


def test_member_lists_keep_english_alphabetical_order_in_every_language() -> None:
    facts = failed_facts()
    english = render_outcome_letter(facts, "en", "text")
    french = render_outcome_letter(facts, "fr", "text")
    assert "Belgium, Dominican Republic, Estonia, France, Germany, United Kingdom" in english
    # Allemagne (Germany) after France, as in English, not in French alphabetical order.
    assert "Belgique, République dominicaine, Estonie, France, Allemagne, Royaume-Uni" in french


def test_sponsors_in_running_text_take_their_article() -> None:
    procedure = voted(draft(sponsors=("NER", "DEU", "FRA")), all_voting())
    facts = letter_facts(procedure, "S/2020/613", date(2020, 6, 29), ResolutionNumber(2531, 2020))
    assert "submitted by the Niger, Germany and France under" in render_outcome_letter(facts)
    assert "présenté par le Niger, l'Allemagne et la France au titre" in render_outcome_letter(
        facts, "fr"
    )
    assert "该决议草案由尼日尔、德国和法国在" in render_outcome_letter(facts, "zh")
