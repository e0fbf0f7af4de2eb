"""The letter opening the vote (R2) and the voting-details letter with its annexes (R18)."""

from __future__ import annotations

import re
import zoneinfo
from datetime import date

import pytest

from council.domain.numbering import ResolutionNumber
from council.render import OpeningFacts, render_details_letter, render_opening_letter
from council.render.language import roman
from tests.factories import (
    all_voting,
    draft,
    letter_facts,
    seed_facts,
    utc,
    vetoed_facts,
    voted,
)


def annex_headings(text: str) -> list[str]:
    return re.findall(r"^Annex [IVXLC]+$", text, flags=re.MULTILINE)


def test_new_york_time_zone_is_available() -> None:
    # Without the IANA database (Windows, slim containers) this fails: install ``tzdata``.
    assert zoneinfo.ZoneInfo("America/New_York").key == "America/New_York"


@pytest.mark.parametrize(
    ("lang", "period"),
    [
        ("en", "The voting period opens on 27 June 2020 at 8 a.m. New York time (27 June 2020 "
               "at 12:00 UTC) and closes on 28 June 2020 at 8 a.m. New York time (28 June 2020 "
               "at 12:00 UTC)."),
        ("fr", "La période de vote s'ouvre le 27 juin 2020 à 8\u00a0heures, heure de New York "
               "(le 27 juin 2020 à 12:00 UTC) et se termine le 28 juin 2020 à 8\u00a0heures, "
               "heure de New York (le 28 juin 2020 à 12:00 UTC)."),
        ("zh", "投票表决期自纽约时间2020年6月27日上午8时(协调世界时2020年6月27日12:00)开始，"
               "至纽约时间2020年6月28日上午8时(协调世界时2020年6月28日12:00)结束，不得延长。"),
    ],
)
def test_opening_letter_gives_the_period_in_new_york_time_and_utc(
    lang: str, period: str
) -> None:
    assert period in render_opening_letter(seed_facts().opening, lang)


def test_opening_letter_crosses_midnight_in_utc_but_not_in_new_york() -> None:
    procedure = voted(draft(), all_voting(), opened_at=utc(2020, 12, 1, 2, 30))
    facts = letter_facts(procedure, None, date(2020, 12, 2), ResolutionNumber(2555, 2020))
    text = render_opening_letter(facts)
    # 02:30 UTC on 1 December is 9.30 p.m. on 30 November in New York (EST, UTC-5).
    assert ("opens on 30 November 2020 at 9.30 p.m. New York time (1 December 2020 at 02:30 "
            "UTC)") in text
    assert text.startswith("Letter dated 30 November 2020 from the President")


def test_opening_letter_tells_members_how_to_vote_and_annexes_the_draft() -> None:
    opening = seed_facts().opening
    assert isinstance(opening, OpeningFacts)
    text = render_opening_letter(opening)
    for sentence in (
        "at the request of France, the draft resolution contained in document S/2020/600, "
        "submitted under the agenda item “The situation in Mali”, is hereby put to the vote",
        "(S/2020/253)",
        "signed by its Permanent Representative or Chargé d'affaires a.i. and sent "
        "electronically to the Director of the Security Council Affairs Division, not to the "
        "President",
        "The Director will acknowledge receipt of each letter.",
        "will be considered absent from the vote",
        "during the 3 hours after the voting period closes",
        "It cannot be extended",
        "(Signed) Nicolas de Rivière\nPresident of the Security Council",
        "\nAnnex\n\nS/2020/600\n\nFrance: draft resolution\n\nThe Security Council,",
        "2. Decides to remain actively seized of the matter.",
    ):
        assert sentence in text


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh", ["应法国的请求", "常驻代表或临时代办签署", "安全理事会事务司司长",
                "\n附件\n", "* 仅以英文分发。", "安全理事会主席\n尼古拉·德里维埃(签名)"]),
        ("fr", ["présenté par la France", "à la demande de son auteur",
                "représentant permanent ou son chargé d'affaires par intérim",
                "\nAnnexe\n", "* Distribué en anglais seulement.",
                "Le Président du Conseil de sécurité\n(Signé) Nicolas de Rivière"]),
    ],
)
def test_opening_letter_in_chinese_and_french(lang: str, expected: list[str]) -> None:
    text = render_opening_letter(seed_facts(), lang)
    for sentence in expected:
        assert sentence in text


def test_details_letter_annexes_opening_letter_each_ballot_and_each_explanation() -> None:
    facts = vetoed_facts(details_symbol="S/2020/700", details_date=date(2020, 7, 10))
    text = render_details_letter(facts)
    ballots, explanations = len(facts.procedure.ballots), len(facts.procedure.explanations)
    assert (ballots, explanations) == (15, 2)
    assert annex_headings(text) == [f"Annex {roman(n)}" for n in range(1, 1 + 1 + 15 + 2)]
    for sentence in (
        "S/2020/700",
        "Letter dated 10 July 2020 from the President of the Security Council",
        "I have the honour to refer to the draft resolution contained in document S/2020/654, "
        "submitted under the agenda item “The situation in the Middle East”, which was put to "
        "the vote on 6 July 2020 and not adopted, as announced in document S/2020/657.",
        "agreed in the light of the extraordinary circumstances caused by the coronavirus "
        "disease (COVID-19) pandemic",
        "(a) the letter dated 6 July 2020 from the President of the Security Council addressed "
        "to the Permanent Representatives of the members of the Security Council, by which the "
        "draft resolution was put to the vote, with the draft resolution (annex I);",
        "from all 15 members of the Council (annexes II to XVI);",
        "(c) the written explanations of vote submitted by China and the Russian Federation "
        "(annexes XVII and XVIII).",
    ):
        assert sentence in text


def test_details_letter_member_letters_follow_english_order_with_signatory() -> None:
    text = render_details_letter(vetoed_facts())
    annex_2 = text[text.index("Annex II\n") : text.index("Annex III\n")]
    assert ("Letter dated 6 July 2020 from the Permanent Representative of Belgium to the United "
            "Nations addressed to the Director of the Security Council Affairs Division") in annex_2
    assert ("Belgium votes in favour of the draft resolution contained in document "
            "S/2020/654.") in annex_2
    assert "(Signed) A. Representative\nPermanent Representative" in annex_2
    annex_3 = text[text.index("Annex III\n") : text.index("Annex IV\n")]
    assert "China votes against the draft resolution" in annex_3
    # The factory has the last letter (Viet Nam's) signed by a Chargé d'affaires.
    annex_16 = text[text.index("Annex XVI\n") : text.index("Annex XVII\n")]
    assert "from the Chargé d'affaires a.i. of the Permanent Mission of Viet Nam" in annex_16
    assert "(Signed) B. Deputy\nChargé d'affaires a.i." in annex_16
    annex_17 = text[text.index("Annex XVII\n") : text.index("Annex XVIII\n")]
    assert "Explanation of vote submitted by China" in annex_17
    assert "China explains ..." in annex_17


def test_details_letter_of_adopted_resolution_without_explanations() -> None:
    text = render_details_letter(seed_facts())
    assert ("I have the honour to refer to resolution 2531 (2020), adopted on 29 June 2020 "
            "under the agenda item “The situation in Mali” on the draft resolution contained in "
            "document S/2020/600, as announced in document S/2020/613.") in text
    assert "from all 15 members of the Council (annexes II to XVI)." in text
    assert "No written explanation of vote was received." in text
    assert len(annex_headings(text)) == 16
    assert "\nEnclosure\n\nS/2020/600\n" in text


def test_details_letter_counts_only_letters_received() -> None:
    positions = {code: p for code, p in all_voting().items() if code != "USA"}
    facts = letter_facts(voted(draft(), positions), "S/2020/613", date(2020, 6, 29),
                         ResolutionNumber(2531, 2020))
    text = render_details_letter(facts)
    assert "from 14 members of the Council (annexes II to XV)." in text
    assert len(annex_headings(text)) == 15
    assert "United States" not in text
