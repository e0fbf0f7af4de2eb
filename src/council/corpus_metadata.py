"""Reading the UN's resolution metadata (UNxml/SCresolutions ``data_extract/<year>.json``) for
the corpus (issue 6), and reporting where a record contradicts itself.

Each file is JSON lines, one record per resolution: symbol, adoption date and meeting ("Voting
by mail" for the written procedure), agenda item, adoption type ("Adopted 12-0-3; voting by
mail"), draft symbol, outcome letter, counts and member lists in favour, against and
abstaining, sponsors. From 2024 the counts are written "015" and a zero count is "" (read as
0 here).

The records are taken as published (shared/README.md: "kept as found"): the votes stored are
those the member lists give, never counts or lists corrected. What does not add up is
reported as a ``MetadataProblem`` instead:

- ``counts``: the counts disagree with the member lists (1559 (2004): 15-0-0 against lists of
  9-0-6; 2403 (2018): 16 names for 15, "CÔTE." and "D'IVOIRE" split; 2521 (2020): 15 in favour
  against a list of 12; 2812 (2026): 13 in favour against a list of 15). For these records no
  member is inferred absent and ``unanimous`` is left unknown.
- ``no-member-lists``: counts but empty lists (2723 (2024)): the votes are unknown.
- ``adoption-type``: the count in the adoption type ("Adopted 13-0-2") disagrees with the lists.
- ``unknown-member``: a listed name that is no member of that year's Council.
- ``duplicate``: the symbol appeared earlier (2820–2822 (2026)); the first record is kept.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from council.catalog import Catalog
from council.domain.members import fold

# Names the metadata uses that are not the current UNTERM names (historical or misspelt);
# "CÔTE." and "D'IVOIRE" are deliberately not here: that record is reported, not mended.
NAME_ALIASES = {
    "LIBYAN ARAB JAMAHIRIYA": "LBY", "LIBYA ARAB JAMAHIRIYA": "LBY",
    "NETHERLANDS (KINGDOM OF THE)": "NLD", "THE FORMER YUGOSLAV REPUBLIC OF MACEDONIA": "MKD",
    "LICHTENSTEIN": "LIE", "CHILES": "CHL",
}
_ALIASES = {fold(name): code for name, code in NAME_ALIASES.items()}
_SYMBOL = re.compile(r"^\s*S/RES/([1-9][0-9]{0,4})\s*\(\s*((?:19|20)[0-9]{2})\s*\)\s*$")
_TALLY = re.compile(r"(\d+)-(\d+)-(\d+)")
_MEETING = re.compile(r"(\d+)\s*(?:st|nd|rd|th)?\s*meeting", re.IGNORECASE)
LISTS = (("MS_in_favour", "yes"), ("MS_against", "no"), ("MS_abstaining", "abstain"))


@dataclass(frozen=True)
class MetadataProblem:
    """Something a metadata record says that does not add up; reported, not fixed."""

    symbol: str
    where: str  # "…/2020.json:18"
    kind: str  # counts | no-member-lists | adoption-type | unknown-member | duplicate
    message: str


@dataclass(frozen=True)
class MetadataRecord:
    """One resolution's metadata, read; ``votes`` as the member lists give them."""

    symbol: str
    number: int
    year: int
    date: date | None
    title: str
    agenda_item: str | None
    written_procedure: bool
    meeting: int | None
    draft_symbol: str | None
    outcome_letter: str | None
    sponsors: tuple[str, ...]
    votes: tuple[tuple[str, str], ...]  # (alpha-3, yes | no | abstain | absent)
    unanimous: bool | None
    raw: dict[str, Any]
    sha256: str
    where: str


def record_sha256(raw: dict[str, Any]) -> str:
    text = json.dumps(raw, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def parse_symbol(text: str) -> tuple[int, int] | None:
    """``"S/RES/2531 (2020)"`` → (2531, 2020)."""
    match = _SYMBOL.match(text)
    return (int(match[1]), int(match[2])) if match else None


def _date(text: str) -> date | None:
    text = " ".join(str(text).split())  # "31\xa0October 2024"
    for form in ("%d %B %Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, form).date()
        except ValueError:
            continue
    return None


def _count(value: Any) -> int:
    text = str(value).strip()
    return int(text) if text.isdigit() else 0


def _text(value: Any) -> str | None:
    text = " ".join(str(value or "").split()).rstrip(".") if value else ""
    return text or None


def member_code(catalog: Catalog, name: str) -> str | None:
    code = _ALIASES.get(fold(name.strip()))
    if code:
        return code
    country = catalog.directory.find(name)
    return country.code if country else None


def read_record(raw: dict[str, Any], where: str, catalog: Catalog
                ) -> tuple[MetadataRecord, list[MetadataProblem]]:
    """One record and the problems it shows.

    Raises:
        ValueError: the record has no resolution symbol (the message says what it has).
    """
    symbol = " ".join(str(raw.get("symbol", "")).split())
    parsed = parse_symbol(symbol)
    if parsed is None:
        raise ValueError(f"its symbol {raw.get('symbol')!r} is not a resolution symbol such as "
                         "S/RES/2531 (2020)")
    number, year = parsed
    symbol = f"S/RES/{number} ({year})"
    problems: list[MetadataProblem] = []

    def problem(kind: str, message: str) -> None:
        problems.append(MetadataProblem(symbol, where, kind, message))

    lists = {position: [str(n) for n in raw.get(key) or []] for key, position in LISTS}
    counts = {position: _count(raw.get(f"{key}_count", "")) for key, position in LISTS}
    sizes = {position: len(names) for position, names in lists.items()}
    has_lists = any(sizes.values())
    shown = "-".join(str(counts[p]) for _, p in LISTS)
    listed = "-".join(str(sizes[p]) for _, p in LISTS)
    consistent = True
    if not has_lists:
        if any(counts.values()):
            problem("no-member-lists", f"counts {shown} but no member lists; votes unknown")
    elif counts != sizes:
        consistent = False
        problem("counts", f"counts {shown} disagree with member lists of {listed}")
    adoption_type = " ".join(str(raw.get("adoption_type", "")).split())
    tally = _TALLY.search(adoption_type)
    if has_lists and tally and tuple(map(int, tally.groups())) != tuple(
            sizes[p] for _, p in LISTS):
        problem("adoption-type",
                f"adoption type {adoption_type!r} disagrees with member lists of {listed}")

    council = catalog.membership.council(year) if year in catalog.membership.years else None
    votes: dict[str, str] = {}
    for position, names in lists.items():
        for name in names:
            code = member_code(catalog, name)
            if code is None or (council is not None and code not in council.codes):
                consistent = False
                problem("unknown-member", f"{name!r} ({position}) is not a member of the "
                        f"Council in {year}; not stored")
            elif code in votes:
                consistent = False
                problem("unknown-member", f"{name!r} is listed twice ({votes[code]} and "
                        f"{position}); the first kept")
            else:
                votes[code] = position
    if has_lists and consistent and council is not None:
        for code in sorted(council.codes - votes.keys()):
            votes[code] = "absent"
    if has_lists and consistent:
        unanimous: bool | None = set(votes.values()) == {"yes"}
    elif not has_lists and "unanimous" in adoption_type.lower():
        unanimous = True  # the UN's own words, with no lists to contradict them
    else:
        unanimous = None

    meeting_text = str(raw.get("adoption_meeting", ""))
    meeting = _MEETING.search(meeting_text)
    written = "mail" in meeting_text.lower() or "voting by mail" in adoption_type.lower()
    sponsors = []
    for name in [*(raw.get("sponsors") or []), *(raw.get("additional_sponsors") or [])]:
        code = member_code(catalog, str(name))
        sponsors.append(code or " ".join(str(name).split()))
    record = MetadataRecord(
        symbol=symbol, number=number, year=year, date=_date(raw.get("adoption_date", "")),
        title=" ".join(str(raw.get("resolution_title") or "").split()),
        agenda_item=_text(raw.get("agenda_item_name")), written_procedure=written,
        meeting=int(meeting[1]) if meeting and not written else None,
        draft_symbol=_text(raw.get("draft_resolution")),
        outcome_letter=_text(raw.get("outcome_letter")),
        sponsors=tuple(dict.fromkeys(sponsors)), votes=tuple(sorted(votes.items())),
        unanimous=unanimous, raw=raw, sha256=record_sha256(raw), where=where,
    )
    return record, problems
