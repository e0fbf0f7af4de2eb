"""The presidency of the month (rule 18 of the provisional rules of procedure, R24).

The presidency passes each calendar month to the next member in the English alphabetical
order of the members' names, and the order continues across 1 January into the new
membership: January's President is the first member of the new Council whose name comes after
December's President, wrapping round to the top of the list.

Computing a month needs one known month (the anchor) to count from; the anchor, and any month
where practice departed from the rotation, are data passed in.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from council.domain.errors import InvalidInput
from council.domain.members import Country, Membership


@dataclass(frozen=True)
class President:
    """A President of the Council: the member holding the presidency and its representative."""

    member: Country
    year: int
    month: int
    name: str | None = None
    localized_names: Mapping[str, str] = field(default_factory=dict, compare=False)
    feminine: bool = field(default=False, compare=False)

    def display_name(self, lang: str = "en") -> str:
        """The representative's name in ``lang`` (the Latin form if no other is known)."""
        if self.name is None:
            return f"the President ({self.member.name(lang)})"
        return self.localized_names.get(lang, self.name)


@dataclass(frozen=True)
class PresidencyRule:
    """Where to count from: a month whose President is known, plus recorded exceptions.

    ``overrides`` maps (year, month) to the alpha-3 code of the member that actually held the
    presidency where it departed from the rotation; the rotation continues from it.
    """

    anchor_year: int
    anchor_month: int
    anchor_member: str
    overrides: Mapping[tuple[int, int], str] = field(default_factory=dict)


def _step(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def presidency_of(membership: Membership, rule: PresidencyRule, year: int, month: int) -> Country:
    """The member holding the presidency in ``year``-``month``.

    Args:
        membership: who sits in which year.
        rule: the anchor month and any recorded departures from the rotation.
        year: calendar year.
        month: 1–12.

    Returns:
        The member holding the presidency.
    """
    if not 1 <= month <= 12:
        raise InvalidInput(f"Month {month!r} is not a calendar month; expected 1 to 12.")
    membership.council(year)  # an unknown year is reported as asked, not as first reached
    cur_year, cur_month = rule.anchor_year, rule.anchor_month
    current = membership.directory.get(rule.anchor_member)
    target = (year, month)
    direction = 1 if target >= (cur_year, cur_month) else -1
    while (cur_year, cur_month) != target:
        cur_year, cur_month = _step(cur_year, cur_month, direction)
        override = rule.overrides.get((cur_year, cur_month))
        if override is not None:
            current = membership.directory.get(override)
            continue
        members = membership.council(cur_year).members
        if direction == 1:
            later = [m for m in members if m.sort_key > current.sort_key]
            current = later[0] if later else members[0]
        else:
            # Going back: the previous holder in the Council of that month.
            earlier = [m for m in members if m.sort_key < current.sort_key]
            current = earlier[-1] if earlier else members[-1]
    return current
