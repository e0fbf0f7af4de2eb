"""Loads the reference data shipped in ``council/data`` into domain objects.

The domain stays pure; this module is where the package's JSON files are read, once per
process. ``scripts/build_data.py`` regenerates ``countries.json`` and ``memberships.json``
from ``../shared/data``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from council.domain.members import LANGUAGES, Country, CountryDirectory, Membership
from council.domain.presidency import PresidencyRule, President, presidency_of


def _load(name: str) -> Any:
    return json.loads(resources.files("council").joinpath("data", name).read_text("utf-8"))


@dataclass(frozen=True)
class Catalog:
    """Countries, memberships by year, the presidency rule and known Presidents."""

    membership: Membership
    presidency_rule: PresidencyRule
    presidents: dict[tuple[int, int], dict[str, Any]]
    agenda_items: dict[str, dict[str, str]]
    languages: dict[str, str]
    # Months already computed: the rotation walks month by month from its anchor, and the
    # web app asks at every request who presides (issue 4's benchmark: 16 % of the CPU).
    _presidencies: dict[tuple[int, int], President] = field(
        default_factory=dict, compare=False, repr=False)

    @property
    def directory(self) -> CountryDirectory:
        return self.membership.directory

    def president(self, year: int, month: int) -> President:
        """The President of the month: the member from rule 18, the name from the data."""
        cached = self._presidencies.get((year, month))
        if cached is not None:
            return cached
        member = presidency_of(self.membership, self.presidency_rule, year, month)
        known = self.presidents.get((year, month))
        if known is not None and known["member"] == member.code:
            president = President(member, year, month, known["name"],
                                  dict(known.get("names", {})),
                                  bool(known.get("feminine", False)))
        else:
            president = President(member, year, month)
        self._presidencies[(year, month)] = president
        return president

    def president_named(self, name: str, year: int, month: int) -> President:
        """The President of the month, with the representative's name as given."""
        president = self.president(year, month)
        localized: dict[str, str] = {}
        feminine = False
        for entry in self.presidents.values():
            if entry["name"] == name:
                localized = dict(entry.get("names", {}))
                feminine = bool(entry.get("feminine", False))
        return President(president.member, year, month, name, localized, feminine)

    def working_language(self, member: str) -> str:
        """The language a presidency usually writes in (R23 [P]); English if unknown."""
        return self.languages.get(member, "en")

    def agenda_item_translations(self, agenda_item: str) -> dict[str, str]:
        return dict(self.agenda_items.get(agenda_item, {}))


@cache
def load_catalog() -> Catalog:
    """The shipped reference data (read once)."""
    countries = _load("countries.json")["countries"]
    directory = CountryDirectory(
        Country(
            code=c["code"],
            short=tuple(c["short"][lang] for lang in LANGUAGES),
            formal=tuple(c["formal"][lang] for lang in LANGUAGES),
            member_state=c.get("member_state", True),
        )
        for c in countries
    )
    memberships = _load("memberships.json")
    membership = Membership(
        directory,
        memberships["permanent"],
        {int(year): codes for year, codes in memberships["elected"].items()},
    )
    presidencies = _load("presidencies.json")
    anchor_year, anchor_month = (int(x) for x in presidencies["anchor"]["month"].split("-"))
    rule = PresidencyRule(
        anchor_year,
        anchor_month,
        presidencies["anchor"]["member"],
        {
            tuple(int(x) for x in month.split("-")): code  # type: ignore[misc]
            for month, code in presidencies["overrides"].items()
        },
    )
    presidents = {
        (int(month[:4]), int(month[5:7])): entry
        for month, entry in presidencies["presidents"].items()
    }
    agenda = _load("agenda_items.json")["items"]
    return Catalog(membership, rule, presidents, agenda, dict(presidencies["languages"]))
