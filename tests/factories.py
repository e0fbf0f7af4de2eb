"""Builders for domain objects shared by the test suites: Councils, drafts, finished votes and
the facts of their letters, including the three real written-procedure votes of 2020.

Build objects here rather than in a test, so a change to a constructor is made once
(eyecite keeps ``test_factories.py`` for the same reason).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from council.catalog import load_catalog
from council.domain.ballots import Ballot, Explanation, Position, Signatory, SignatoryTitle
from council.domain.drafts import Draft, Procedure
from council.domain.members import Council
from council.domain.numbering import ResolutionNumber
from council.domain.presidency import President
from council.domain.tally import Matter
from council.render.facts import LetterFacts, sponsor_countries

# tests/factories.py -> parents[2] is the directory that holds both main/ and shared/.
SHARED = Path(__file__).resolve().parents[2] / "shared"
SEED = SHARED / "seed" / "000_bb3b1705f158320d.txt"

# The seed's vote: S/2020/600 put to the vote on 27 June 2020 at noon UTC, 24-hour period.
OPENED_AT = datetime(2020, 6, 27, 12, 0, tzinfo=UTC)

DRAFT_TEXT = """The Security Council,

Recalling all its previous resolutions, statements of its President and press statements on
the situation in Mali,

1. Decides to extend the mandate of MINUSMA until 30 June 2021;

2. Decides to remain actively seized of the matter."""

# Signatories of the letters of position; names are placeholders, the titles are what R6 allows.
SIGNATORY = Signatory("A. Representative", SignatoryTitle.PERMANENT_REPRESENTATIVE)
CHARGE = Signatory("B. Deputy", SignatoryTitle.CHARGE_D_AFFAIRES)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def council(year: int = 2020) -> Council:
    """The Council of ``year`` from the shipped data."""
    return load_catalog().membership.council(year)


def codes(year: int = 2020) -> tuple[str, ...]:
    """Member codes in English alphabetical order."""
    return tuple(m.code for m in council(year).members)


def draft(
    symbol: str = "S/2020/600",
    sponsors: tuple[str, ...] = ("FRA",),
    agenda_item: str = "The situation in Mali",
    text: str = DRAFT_TEXT,
    matter: Matter = Matter.SUBSTANTIVE,
    parties_to_dispute: frozenset[str] = frozenset(),
) -> Draft:
    """A draft in blue, with the agenda item's shipped translations."""
    return Draft(
        symbol=symbol,
        sponsors=sponsors,
        agenda_item=agenda_item,
        text=text,
        matter=matter,
        parties_to_dispute=parties_to_dispute,
        agenda_item_translations=load_catalog().agenda_item_translations(agenda_item),
    )


def voted(
    the_draft: Draft,
    positions: Mapping[str, Position | str],
    opened_at: datetime = OPENED_AT,
    explanations: Mapping[str, str] | None = None,
    period_hours: float = 24.0,
) -> Procedure:
    """A procedure opened at ``opened_at``, one letter per entry of ``positions`` (an hour
    after the opening, a minute apart, the last one from a Chargé d'affaires), closed when
    the period ends, with ``explanations`` received an hour later."""
    procedure = Procedure(draft=the_draft).open(
        council(opened_at.year), opened_at, period_hours
    )
    for i, (member, position) in enumerate(positions.items()):
        if isinstance(position, str):
            position = Position.parse(position, member)
        signatory = CHARGE if i == len(positions) - 1 else SIGNATORY
        at = opened_at + timedelta(hours=1, minutes=i)
        procedure = procedure.cast(Ballot(member, position, at, signatory))
    procedure = procedure.close(procedure.closes_at)
    for member, text in (explanations or {}).items():
        at = procedure.voting_ended_at + timedelta(hours=1)
        procedure = procedure.explain(Explanation(member, text, at))
    return procedure


def all_voting(
    position: Position | str = Position.IN_FAVOUR, year: int = 2020
) -> dict[str, Position | str]:
    """Every member of the ``year`` Council stating ``position``."""
    return dict.fromkeys(codes(year), position)


def president(year: int, month: int) -> President:
    return load_catalog().president(year, month)


def letter_facts(
    procedure: Procedure,
    symbol: str | None,
    day: date,
    resolution: ResolutionNumber | None = None,
    original_language: str = "en",
    **fields: object,
) -> LetterFacts:
    """The facts of the letters about a finished vote, signed by the President of ``day``."""
    return LetterFacts(
        procedure=procedure,
        tally=procedure.tally(),
        symbol=symbol,
        date=day,
        president=president(day.year, day.month),
        sponsors=sponsor_countries(procedure.draft, load_catalog().directory),
        resolution=resolution,
        original_language=original_language,
        **fields,  # type: ignore[arg-type]
    )


def seed_facts(**fields: object) -> LetterFacts:
    """S/2020/613: draft S/2020/600 (France, "The situation in Mali") adopted 15-0-0 as
    resolution 2531 (2020) on 29 June 2020; the letter's original is French."""
    return letter_facts(
        voted(draft(), all_voting()),
        "S/2020/613",
        date(2020, 6, 29),
        ResolutionNumber(2531, 2020),
        original_language="fr",
        **fields,
    )


def vetoed_facts(**fields: object) -> LetterFacts:
    """S/2020/657: draft S/2020/654 (Belgium and Germany, "The situation in the Middle East")
    vetoed 13-2-0 by China and the Russian Federation, July 2020."""
    positions = {**all_voting(), "CHN": "no", "RUS": "no"}
    procedure = voted(
        draft("S/2020/654", ("BEL", "DEU"), "The situation in the Middle East"),
        positions,
        opened_at=utc(2020, 7, 6, 16),
        explanations={"RUS": "We voted against because ...", "CHN": "China explains ..."},
    )
    return letter_facts(procedure, "S/2020/657", date(2020, 7, 7), **fields)


def failed_facts(**fields: object) -> LetterFacts:
    """Draft S/2020/658 (the Russian Federation) failed 4-7-4, July 2020."""
    positions: dict[str, Position | str] = {
        "BEL": "no", "CHN": "yes", "DOM": "no", "EST": "no", "FRA": "no", "DEU": "no",
        "IDN": "abstain", "NER": "abstain", "RUS": "yes", "VCT": "abstain", "ZAF": "yes",
        "TUN": "abstain", "GBR": "no", "USA": "no", "VNM": "yes",
    }
    procedure = voted(
        draft("S/2020/658", ("RUS",), "The situation in the Middle East"),
        positions,
        opened_at=utc(2020, 7, 7, 17),
    )
    return letter_facts(procedure, "S/2020/661", date(2020, 7, 8), **fields)
