"""What a letter says, gathered in one frozen value before any wording is chosen.

The procedure, the tally and the numbers issued for the documents are decided elsewhere
(``council.domain``, the store); the renderers only put them into words. Checking the facts
here, once, keeps every template free of "what if the resolution number is missing".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from council.domain.drafts import Draft, Procedure
from council.domain.errors import InvalidInput, UnknownMember, VotingNotOpen
from council.domain.members import LANGUAGES, Council, Country, CountryDirectory
from council.domain.numbering import DocumentSymbol, ResolutionNumber
from council.domain.presidency import President
from council.domain.tally import Outcome, TallyResult


@dataclass(frozen=True)
class ProcedureReference:
    """The letter that set out the written procedure; every letter cites it (S/2020/253)."""

    symbol: str = "S/2020/253"
    date: dt.date = dt.date(2020, 3, 27)


def sponsor_countries(draft: Draft, directory: CountryDirectory) -> tuple[Country, ...]:
    """The draft's sponsors as countries, in the order the draft gives them.

    Args:
        draft: the draft, whose ``sponsors`` are alpha-3 codes.
        directory: every Member State (a sponsor need not sit on the Council).

    Returns:
        The sponsoring countries.
    """
    found: list[Country] = []
    for code in draft.sponsors:
        country = directory.find(code)
        if country is None:
            raise UnknownMember(
                f"Sponsor {code!r} of {draft.symbol} is not a Member State code; give an "
                "ISO 3166 alpha-3 code such as FRA."
            )
        found.append(country)
    return tuple(found)


def _voting_council(procedure: Procedure) -> Council:
    if procedure.council is None or procedure.opened_at is None:
        raise VotingNotOpen(
            f"Draft {procedure.draft.symbol} has not been put to the vote; a letter about its "
            "vote needs the Council and the opening time."
        )
    return procedure.council


@dataclass(frozen=True)
class OpeningFacts:
    """What the President's letter opening the vote needs (R2): the opened procedure, the
    President in office at the opening and the sponsors."""

    procedure: Procedure
    president: President
    sponsors: tuple[Country, ...]
    procedure_reference: ProcedureReference = ProcedureReference()

    def __post_init__(self) -> None:
        _voting_council(self.procedure)
        problems = list(_sponsor_problems(self.procedure.draft, self.sponsors))
        if problems:
            raise InvalidInput("Opening letter facts are incomplete: " + "; ".join(problems) + ".")

    @property
    def council(self) -> Council:
        return _voting_council(self.procedure)


@dataclass(frozen=True)
class LetterFacts:
    """Everything the outcome letter (R17) and the details letter (R18) state.

    Attributes:
        procedure: the closed procedure, with its draft, Council, ballots and explanations.
        tally: the count of the ballots (``procedure.tally(rule)`` with the rule in force).
        symbol: the outcome letter's symbol, ``S/2020/613``; None before it is issued.
        date: the outcome letter's date, also the adoption date (R20).
        president: the President in office on ``date``, who signs.
        sponsors: the draft's sponsors, in its order (see ``sponsor_countries``).
        resolution: the number given to an adopted draft; None otherwise.
        original_language: the language the letter was written in (R23), e.g. "fr".
        procedure_reference: the letter that set out the procedure.
        details_symbol: the details letter's symbol (a later serial, R19), if issued.
        details_date: the details letter's date; the outcome letter's date if None.
        opening_president: who opened the vote, if not ``president`` (a vote may straddle
            the end of a month).
        details_president: who signs the details letter, if not ``president`` (it may be
            issued in a later month).
    """

    procedure: Procedure
    tally: TallyResult
    symbol: str | None
    date: dt.date
    president: President
    sponsors: tuple[Country, ...]
    resolution: ResolutionNumber | None = None
    original_language: str = "en"
    procedure_reference: ProcedureReference = ProcedureReference()
    details_symbol: str | None = None
    details_date: dt.date | None = None
    opening_president: President | None = None
    details_president: President | None = None

    def __post_init__(self) -> None:
        _voting_council(self.procedure)
        problems = [
            *(f"symbol: {e}" for e in _symbol_problems(self.symbol, self.details_symbol)),
            *_resolution_problems(self.tally, self.resolution, self.procedure.draft.symbol),
        ]
        if self.original_language not in LANGUAGES:
            problems.append(
                f"original language {self.original_language!r} is not an official language; "
                f"expected one of: {', '.join(LANGUAGES)}"
            )
        problems += _sponsor_problems(self.procedure.draft, self.sponsors)
        if problems:
            raise InvalidInput("Letter facts are incomplete: " + "; ".join(problems) + ".")

    @property
    def council(self) -> Council:
        return _voting_council(self.procedure)

    @property
    def draft(self) -> Draft:
        return self.procedure.draft

    @property
    def opening(self) -> OpeningFacts:
        """The facts of the letter that opened the vote (annex I of the details letter)."""
        return OpeningFacts(
            self.procedure,
            self.opening_president or self.president,
            self.sponsors,
            self.procedure_reference,
        )


def _sponsor_problems(draft: Draft, sponsors: tuple[Country, ...]) -> Iterable[str]:
    given = tuple(c.code for c in sponsors)
    if given != draft.sponsors:
        yield (
            f"sponsors {', '.join(given) or 'none'} differ from those of {draft.symbol} "
            f"({', '.join(draft.sponsors)}); pass sponsor_countries(draft, directory)"
        )


def _symbol_problems(*symbols: str | None) -> Iterable[str]:
    for symbol in symbols:
        if symbol is not None:
            try:
                DocumentSymbol.parse(symbol)
            except InvalidInput as error:
                yield str(error)


def _resolution_problems(
    tally: TallyResult, resolution: ResolutionNumber | None, draft: str
) -> Iterable[str]:
    if tally.outcome is Outcome.ADOPTED and resolution is None:
        yield f"{draft} was adopted but no resolution number is given"
    if tally.outcome is not Outcome.ADOPTED and resolution is not None:
        yield f"{draft} was {tally.outcome.value}, yet resolution {resolution} is given"
