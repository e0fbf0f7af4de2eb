"""Drafts put in blue (R1) and the written procedure that decides on them (R1–R11).

``Procedure`` is a state machine over frozen values::

    registered --open--> in_voting --close--> closed --announce--> announced

Each transition returns a new ``Procedure`` or raises a ``ProcedureError`` that says what
the state allows instead. Time is always an argument (aware UTC datetimes): no clock here.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from council.domain.ballots import Ballot, Explanation, Position
from council.domain.errors import (
    DraftLocked,
    DuplicateBallot,
    ExplanationTooLate,
    InvalidInput,
    ObligatoryAbstention,
    ProcedureError,
    UnknownMember,
    VotingClosed,
    VotingNotOpen,
    VotingPeriodNotOver,
)
from council.domain.members import Council
from council.domain.numbering import DocumentSymbol
from council.domain.tally import DEFAULT_RULE, Matter, TallyResult, TallyRule, tally_votes


class State(enum.Enum):
    REGISTERED = "registered"
    IN_VOTING = "in_voting"
    CLOSED = "closed"
    ANNOUNCED = "announced"


@dataclass(frozen=True)
class Draft:
    """A draft resolution with its own symbol, sponsors, agenda item and text (R1).

    ``sponsors`` are alpha-3 codes (any Member State may sponsor, not only Council members).
    ``agenda_item_translations`` maps a language code to the agenda item's title there.
    """

    symbol: str
    sponsors: tuple[str, ...]
    agenda_item: str
    text: str = ""
    matter: Matter = Matter.SUBSTANTIVE
    parties_to_dispute: frozenset[str] = frozenset()
    agenda_item_translations: Mapping[str, str] = field(default_factory=dict, compare=False)

    def __post_init__(self) -> None:
        DocumentSymbol.parse(self.symbol)
        if not self.sponsors:
            raise InvalidInput(
                f"Draft {self.symbol} names no sponsor; a draft is put in blue at the request "
                "of its sponsor(s) (R1): give at least one."
            )
        if not self.agenda_item.strip():
            raise InvalidInput(f"Draft {self.symbol} has an empty agenda item; give its title.")

    def agenda_item_in(self, lang: str) -> str:
        return self.agenda_item_translations.get(lang, self.agenda_item)


def _check_aware(at: datetime, what: str) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise InvalidInput(
            f"Time {at.isoformat()} for {what} has no time zone; give it in UTC, "
            "for example 2020-06-28T12:00:00Z."
        )


def _fmt(at: datetime) -> str:
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


@dataclass(frozen=True)
class Procedure:
    """One written voting procedure on one draft."""

    draft: Draft
    state: State = State.REGISTERED
    council: Council | None = None
    opened_at: datetime | None = None
    period_hours: float = 24.0
    ballots: tuple[Ballot, ...] = ()
    explanations: tuple[Explanation, ...] = ()
    closed_at: datetime | None = None
    announced_at: datetime | None = None
    explanation_window_hours: float = 3.0

    # -- derived ---------------------------------------------------------------------------

    @property
    def closes_at(self) -> datetime:
        """End of the voting period (R5): fixed once opened."""
        if self.opened_at is None:
            raise VotingNotOpen(f"Draft {self.draft.symbol} has not been put to the vote.")
        return self.opened_at + timedelta(hours=self.period_hours)

    @property
    def voting_ended_at(self) -> datetime:
        """When voting actually ended: the period's end, or an earlier close once every member
        had voted."""
        if self.closed_at is not None and self.closed_at < self.closes_at:
            return self.closed_at
        return self.closes_at

    @property
    def explanations_until(self) -> datetime:
        """Last moment for explanations of vote (R10)."""
        return self.voting_ended_at + timedelta(hours=self.explanation_window_hours)

    def _council(self) -> Council:
        if self.council is None:
            raise VotingNotOpen(f"Draft {self.draft.symbol} has not been put to the vote.")
        return self.council

    def ballot_of(self, member: str) -> Ballot | None:
        return next((b for b in self.ballots if b.member == member), None)

    @property
    def missing(self) -> tuple[str, ...]:
        """Members of the Council whose letter has not arrived, in English order."""
        voted = {b.member for b in self.ballots}
        return tuple(m.code for m in self._council().members if m.code not in voted)

    def tally(self, rule: TallyRule = DEFAULT_RULE) -> TallyResult:
        """Count the letters; a member without a letter is absent (R9)."""
        council = self._council()
        if self.draft.parties_to_dispute:
            rule = replace(rule, parties_to_dispute=rule.parties_to_dispute
                           | self.draft.parties_to_dispute)
        return tally_votes(
            members=[m.code for m in council.members],
            permanent=[m.code for m in council.permanent],
            positions={b.member: b.position for b in self.ballots},
            matter=self.draft.matter,
            rule=rule,
            sort_key={m.code: m.sort_key for m in council.members},
        )

    # -- transitions -----------------------------------------------------------------------

    def check_draft_editable(self, action: str = "change") -> None:
        """Raise ``DraftLocked`` once voting has started (R3)."""
        if self.state is not State.REGISTERED:
            since = f" on {_fmt(self.opened_at)}" if self.opened_at else ""
            raise DraftLocked(
                f"Cannot {action} draft {self.draft.symbol}: voting started{since}, and a draft "
                "in voting can be neither withdrawn nor changed (R3). Submit a new draft instead."
            )

    def open(self, council: Council, at: datetime, period_hours: float) -> Procedure:
        """Put the draft to the vote (R2); the period is fixed from now on (R5)."""
        _check_aware(at, "opening the vote")
        if self.state is not State.REGISTERED:
            raise ProcedureError(
                f"Draft {self.draft.symbol} is already {self.state.value.replace('_', ' ')}; "
                "a draft is put to the vote once."
            )
        if not period_hours > 0:
            raise InvalidInput(
                f"Voting period {period_hours!r} hours is not positive; expected a number of "
                "hours such as 24."
            )
        return replace(self, state=State.IN_VOTING, council=council, opened_at=at,
                       period_hours=float(period_hours))

    def cast(self, ballot: Ballot) -> Procedure:
        """Record a member's letter of position (R6–R9)."""
        _check_aware(ballot.received_at, "the letter's receipt")
        council = self._council() if self.state is not State.REGISTERED else None
        if self.state is State.REGISTERED or council is None:
            raise VotingNotOpen(
                f"Draft {self.draft.symbol} has not been put to the vote yet; the President "
                "must open the vote first."
            )
        member = council.member(ballot.member) if ballot.member in council.codes else None
        if member is None:
            raise UnknownMember(
                f"Ballot from {ballot.member!r}: not a member of the Security Council in "
                f"{council.year}; the members are: "
                f"{', '.join(m.name('en') for m in council.members)}."
            )
        # The member's name is only for the messages: made when one is raised.
        if self.state is not State.IN_VOTING or ballot.received_at >= self.closes_at:
            ended, name = self.voting_ended_at, member.name("en")
            raise VotingClosed(
                f"Letter from {name} received at {_fmt(ballot.received_at)}, after the voting "
                f"period on {self.draft.symbol} ended at {_fmt(ended)}; it cannot be counted and "
                f"{name} is recorded as absent (R9)."
            )
        assert self.opened_at is not None
        if ballot.received_at < self.opened_at:
            raise VotingNotOpen(
                f"Letter from {member.name('en')} dated {_fmt(ballot.received_at)} precedes the "
                f"opening of the vote on {self.draft.symbol} at {_fmt(self.opened_at)}; send it "
                "during the voting period."
            )
        earlier = self.ballot_of(ballot.member)
        if earlier is not None:
            raise DuplicateBallot(
                f"{member.name('en')} already sent its letter on {self.draft.symbol} "
                f"({earlier.position.value}, received {_fmt(earlier.received_at)}); a member "
                "sends one letter and it cannot be replaced."
            )
        if (ballot.member in self.draft.parties_to_dispute
                and ballot.position is not Position.ABSTENTION):
            raise ObligatoryAbstention(
                f"{member.name('en')} is a party to the dispute and shall abstain (Article "
                f"27(3)); its letter says {ballot.position.value!r}, expected 'abstain'."
            )
        return self._with_ballots((*self.ballots, ballot))

    def _with_ballots(self, ballots: tuple[Ballot, ...]) -> Procedure:
        """``replace(self, ballots=ballots)``, a letter of every batch: a copy of this value's
        fields with one changed, without ``replace`` naming each field to ``__init__``
        (which only stores them: a Procedure has no ``__post_init__``)."""
        copy = object.__new__(type(self))
        copy.__dict__.update(self.__dict__)
        object.__setattr__(copy, "ballots", ballots)
        return copy

    def close(self, at: datetime) -> Procedure:
        """End the voting: after the period, or earlier once every member has voted."""
        _check_aware(at, "closing the vote")
        if self.state is not State.IN_VOTING:
            raise VotingNotOpen(
                f"Draft {self.draft.symbol} is {self.state.value.replace('_', ' ')}, not in "
                "voting; only a vote in progress can be closed."
            )
        council = self._council()
        missing = self.missing
        if at < self.closes_at and missing:
            names = ", ".join(council.member(m).name("en") for m in missing)
            raise VotingPeriodNotOver(
                f"Cannot close the vote on {self.draft.symbol} at {_fmt(at)}: the period runs "
                f"until {_fmt(self.closes_at)} and {len(missing)} member(s) have not voted: "
                f"{names}. Close after {_fmt(self.closes_at)} or once all have voted."
            )
        assert self.opened_at is not None
        if at < self.opened_at:
            raise InvalidInput(
                f"Closing time {_fmt(at)} precedes the opening at {_fmt(self.opened_at)}."
            )
        return replace(self, state=State.CLOSED, closed_at=at)

    def explain(self, explanation: Explanation) -> Procedure:
        """Accept a written explanation of vote within the window after closing (R10)."""
        _check_aware(explanation.received_at, "the explanation's receipt")
        council = self._council()
        if explanation.member not in council.codes:
            raise UnknownMember(
                f"Explanation from {explanation.member!r}: not a member of the Security Council "
                f"in {council.year}."
            )
        name = council.member(explanation.member).name("en")
        period_over = self.state is not State.IN_VOTING or explanation.received_at >= self.closes_at
        if not period_over or explanation.received_at < self.voting_ended_at:
            raise ProcedureError(
                f"Explanation of vote from {name} received at {_fmt(explanation.received_at)}, "
                f"before voting on {self.draft.symbol} ended; explanations are accepted during "
                f"the {self.explanation_window_hours:g} hours after the period closes (R10)."
            )
        if explanation.received_at > self.explanations_until:
            raise ExplanationTooLate(
                f"Explanation of vote from {name} received at {_fmt(explanation.received_at)}, "
                f"after the window closed at {_fmt(self.explanations_until)} "
                f"({self.explanation_window_hours:g} hours after voting ended, R10)."
            )
        if any(e.member == explanation.member for e in self.explanations):
            raise DuplicateBallot(
                f"{name} already sent an explanation of vote on {self.draft.symbol}."
            )
        if not explanation.text.strip():
            raise InvalidInput(f"Explanation of vote from {name} is empty; give its text.")
        return replace(self, explanations=(*self.explanations, explanation))

    def announce(self, at: datetime) -> Procedure:
        """Record the public announcement of the result (R11)."""
        _check_aware(at, "the announcement")
        if self.state is not State.CLOSED:
            raise ProcedureError(
                f"Draft {self.draft.symbol} is {self.state.value.replace('_', ' ')}; the result "
                "is announced once, after the vote is closed."
            )
        assert self.closed_at is not None
        if at < self.closed_at:
            raise InvalidInput(
                f"Announcement time {_fmt(at)} precedes the closing at {_fmt(self.closed_at)}."
            )
        return replace(self, state=State.ANNOUNCED, announced_at=at)

    def announce_by(self, deadline_hours: float = 36.0) -> datetime:
        """Latest announcement under R11: 36 hours after the start, or 12 hours after a longer
        period's end."""
        assert self.opened_at is not None
        return max(self.opened_at + timedelta(hours=deadline_hours),
                   self.closes_at + timedelta(hours=deadline_hours - 24))
