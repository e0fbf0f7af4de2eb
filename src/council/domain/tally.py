"""The tally under Article 27 of the Charter and rule 40 (R12–R16).

``tally_votes`` is a function of the positions alone: no clock, no database. The points that
practice never settled (DOMAIN.md marks them [?]) are fields of ``TallyRule`` with the
documented defaults.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from council.domain.ballots import Position
from council.domain.errors import InvalidInput


class Matter(enum.Enum):
    """Procedural matters need nine votes and know no veto (Article 27(2)); all others are
    substantive (Article 27(3))."""

    SUBSTANTIVE = "substantive"
    PROCEDURAL = "procedural"


class Outcome(enum.Enum):
    """The outcome classes of R15, in their order of precedence."""

    FAILED = "failed"  # fewer than the required votes in favour
    VETOED = "vetoed"  # enough votes, but a permanent member voted against
    ADOPTED = "adopted"


class AbsentPermanentMember(enum.Enum):
    """How a permanent member's absence counts (R14 [?]: never tested under the written
    procedure)."""

    ABSTENTION = "abstention"  # the default: like an abstention, not a veto
    VETO = "veto"  # count it as a negative vote


@dataclass(frozen=True)
class TallyRule:
    """The settings of the tally.

    Attributes:
        required_votes: votes in favour needed (nine, Article 27).
        absent_permanent_member: how a permanent member's absence counts (R14 [?]).
        parties_to_dispute: members that must abstain on this decision (Article 27(3),
            decisions under Chapter VI and Article 52(3)); whatever they sent counts as an
            abstention.
    """

    required_votes: int = 9
    absent_permanent_member: AbsentPermanentMember = AbsentPermanentMember.ABSTENTION
    parties_to_dispute: frozenset[str] = frozenset()


DEFAULT_RULE = TallyRule()


@dataclass(frozen=True)
class TallyResult:
    """What the count gives. Member lists hold member codes in the order given by the caller
    (``tally_votes`` sorts them with ``sort_key``)."""

    outcome: Outcome
    matter: Matter
    in_favour: tuple[str, ...]
    against: tuple[str, ...]
    abstaining: tuple[str, ...]
    absent: tuple[str, ...]
    vetoed_by: tuple[str, ...] = ()
    obligatory_abstentions: tuple[str, ...] = ()
    required_votes: int = field(default=9, compare=False)

    @property
    def letters_received(self) -> int:
        return len(self.in_favour) + len(self.against) + len(self.abstaining)


def tally_votes(
    members: Iterable[str],
    permanent: Iterable[str],
    positions: Mapping[str, Position],
    matter: Matter = Matter.SUBSTANTIVE,
    rule: TallyRule = DEFAULT_RULE,
    sort_key: Mapping[str, str] | None = None,
) -> TallyResult:
    """Count a vote.

    Args:
        members: the codes of the members of the Council.
        permanent: the codes of the permanent members.
        positions: each voting member's position; a member missing here is absent (R9).
        matter: substantive (the default) or procedural.
        rule: the tally settings.
        sort_key: how to order member lists (English alphabetical order); by code if None.

    Returns:
        The outcome and the lists of members by position.
    """
    members = tuple(members)
    permanent_set = frozenset(permanent)
    strangers = sorted(set(positions) - set(members))
    if strangers:
        raise InvalidInput(
            f"Positions given for {', '.join(strangers)}, who are not members of this Council; "
            f"expected only: {', '.join(sorted(members))}."
        )
    order = sorted(members, key=lambda m: (sort_key or {}).get(m, m))
    in_favour: list[str] = []
    against: list[str] = []
    abstaining: list[str] = []
    absent: list[str] = []
    obligatory: list[str] = []
    for member in order:
        position = positions.get(member)
        if member in rule.parties_to_dispute:
            obligatory.append(member)
            (abstaining if position is not None else absent).append(member)
        elif position is None:
            absent.append(member)
        elif position is Position.IN_FAVOUR:
            in_favour.append(member)
        elif position is Position.AGAINST:
            against.append(member)
        else:
            abstaining.append(member)

    negative_permanent = [m for m in against if m in permanent_set]
    if rule.absent_permanent_member is AbsentPermanentMember.VETO:
        negative_permanent += [
            m for m in absent if m in permanent_set and m not in rule.parties_to_dispute
        ]
    negative_permanent.sort(key=order.index)

    vetoed_by: tuple[str, ...] = ()
    if len(in_favour) < rule.required_votes:
        outcome = Outcome.FAILED
    elif matter is Matter.SUBSTANTIVE and negative_permanent:
        outcome = Outcome.VETOED
        vetoed_by = tuple(negative_permanent)
    else:
        outcome = Outcome.ADOPTED
    return TallyResult(
        outcome=outcome,
        matter=matter,
        in_favour=tuple(in_favour),
        against=tuple(against),
        abstaining=tuple(abstaining),
        absent=tuple(absent),
        vetoed_by=vetoed_by,
        obligatory_abstentions=tuple(obligatory),
        required_votes=rule.required_votes,
    )
