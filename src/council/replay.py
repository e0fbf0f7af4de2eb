"""Replay records: a whole recorded procedure, validated, then run through the façade.

A record is a JSON object (see README, "Replay records"; examples in
``../shared/data/procedures/``)::

    {
      "body": "UNSC",
      "agenda_item": "The situation in Mali",
      "agenda_item_translations": {"zh": "马里局势", "fr": "La situation au Mali"},  optional
      "draft": {"symbol": "S/2020/600", "submitted_by": ["France"],
                "text": "...", or "text_file": "S_2020_600.txt" (beside the record), optional
                "matter": "substantive" | "procedural", optional
                "parties_to_dispute": ["..."]},                                       optional
      "votes": {"Belgium": "yes", "China": "no", "Niger": "abstain", ...},
      "signatories": {"France": {"name": "...", "title": "permanent-representative"}}, optional
      "explanations": {"China": "text"},                                              optional
      "outcome_letter": {"symbol": "S/2020/613" | null, "date": "2020-06-29",
                         "president": "Nicolas de Rivière"},            (president optional)
      "resolution_number": 2531,                                                      optional
      "opened_at": "2020-06-28T16:00:00Z",                                            optional
      "period_hours": 24,                                                             optional
      "original_language": "fr"                                                       optional
    }

A member of that year's Council missing from ``votes`` is absent. Every problem is reported at
once, each naming the field and the fix, before anything is written.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from council.council import Announcement, Council
from council.domain.ballots import Position, SignatoryTitle
from council.domain.errors import CouncilError, InvalidInput, InvalidRecord
from council.domain.numbering import DocumentSymbol, parse_resolution_number
from council.domain.tally import Matter, TallyResult

KNOWN_FIELDS = {
    "body", "agenda_item", "agenda_item_translations", "draft", "votes", "signatories",
    "explanations", "outcome_letter", "resolution_number", "opened_at", "period_hours",
    "original_language",
}
DRAFT_FIELDS = {"symbol", "submitted_by", "text", "text_file", "matter", "parties_to_dispute"}
LETTER_FIELDS = {"symbol", "date", "president"}
BODIES = ("UNSC",)
# When the record gives no opening time: the period ends at 16:00 UTC (noon in New York in
# summer) on the letter's date.
DEFAULT_CLOSING = time(16, 0)


@dataclass(frozen=True)
class Record:
    """A validated replay record."""

    agenda_item: str
    draft_symbol: str
    sponsors: tuple[str, ...]
    text: str
    matter: Matter
    parties_to_dispute: tuple[str, ...]
    votes: tuple[tuple[str, Position], ...]
    letter_symbol: str | None
    letter_date: date
    president: str | None
    opened_at: datetime
    period_hours: float
    resolution_number: int | None = None
    original_language: str | None = None
    agenda_item_translations: Mapping[str, str] = field(default_factory=dict)
    signatories: Mapping[str, tuple[str, SignatoryTitle]] = field(default_factory=dict)
    explanations: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class ReplayResult:
    record: Record
    result: TallyResult
    announcement: Announcement

    def as_json(self, council: Council) -> dict[str, Any]:
        """The replay summary: outcome, resolution and the member lists in UN English short
        form, English alphabetical order."""
        name = council.catalog.directory.get

        def names(codes: tuple[str, ...]) -> list[str]:
            return [name(c).name("en") for c in codes]

        resolution = self.announcement.resolution
        return {
            "outcome": self.result.outcome.value,
            "resolution": str(resolution) if resolution else None,
            "in_favour": names(self.result.in_favour),
            "against": names(self.result.against),
            "abstaining": names(self.result.abstaining),
            "absent": names(self.result.absent),
        }


MAX_PERIOD_HOURS = 24 * 366  # a voting period longer than a year is a typing error


def _mapping(data: Mapping[str, Any], key: str, problems: list[str], example: str
             ) -> Mapping[str, Any]:
    """An optional object field; anything else is a problem (and counts as empty)."""
    value = data.get(key) or {}
    if not isinstance(value, dict):
        problems.append(f"field '{key}' is {_type_name(value)}; expected an object, for "
                        f"example {example}")
        return {}
    return value


def _type_name(value: object) -> str:
    return {dict: "an object", list: "a list", str: "a string", int: "a number",
            float: "a number", bool: "true/false", type(None): "null"}.get(type(value),
                                                                         type(value).__name__)


def parse_record(
    data: object,
    council: Council,
    read_text: Callable[[str], str] | None = None,
) -> Record:
    """Validate a decoded record and resolve its names.

    Args:
        data: the decoded JSON.
        council: gives the members of the year and the country names.
        read_text: reads ``draft.text_file`` (relative to the record); None forbids it.

    Returns:
        The record, names resolved to alpha-3 codes.

    Raises:
        InvalidRecord: listing every problem, each with its field and the fix.
    """
    problems: list[str] = []

    def need(obj: Mapping[str, Any], key: str, kind: type | tuple[type, ...], where: str,
             example: str) -> Any:
        if key not in obj:
            problems.append(f"missing field '{where}': add it, for example {example}")
            return None
        value = obj[key]
        if not isinstance(value, kind) or isinstance(value, bool):
            problems.append(
                f"field '{where}' is {_type_name(value)} ({value!r:.60}); expected "
                f"{_type_name(kind[0]() if isinstance(kind, tuple) else kind())}, "
                f"for example {example}")
            return None
        return value

    if not isinstance(data, dict):
        raise InvalidRecord("record", [
            f"the record is {_type_name(data)}; expected a JSON object with the fields body, "
            "agenda_item, draft, votes, outcome_letter"])
    for key in sorted(set(data) - KNOWN_FIELDS):
        problems.append(f"unknown field '{key}': remove it; known fields are "
                        f"{', '.join(sorted(KNOWN_FIELDS))}")
    body = need(data, "body", str, "body", '"UNSC"')
    if body is not None and body not in BODIES:
        problems.append(f"field 'body' is {body!r}; expected one of: {', '.join(BODIES)}")
    agenda_item = need(data, "agenda_item", str, "agenda_item", '"The situation in Mali"')
    if agenda_item is not None and not agenda_item.strip():
        problems.append("field 'agenda_item' is empty; give the agenda item's title")

    # -- the letter's date first: it fixes the Council's year -----------------------------
    letter_given = need(data, "outcome_letter", dict, "outcome_letter",
                        '{"symbol": "S/2020/613", "date": "2020-06-29", "president": "..."}')
    letter = letter_given or {}
    for key in sorted(set(letter) - LETTER_FIELDS):
        problems.append(f"unknown field 'outcome_letter.{key}': remove it; known fields are "
                        f"{', '.join(sorted(LETTER_FIELDS))}")
    letter_date = None
    raw_date = (need(letter, "date", str, "outcome_letter.date", '"2020-06-29"')
                if letter_given is not None else None)
    if raw_date is not None:
        try:
            letter_date = date.fromisoformat(raw_date)
        except ValueError:
            problems.append(f"field 'outcome_letter.date' is {raw_date!r}, not a date; "
                            "expected YYYY-MM-DD, for example \"2020-06-29\"")
    letter_symbol = letter.get("symbol") if letter else None
    if letter_symbol is not None:
        if not isinstance(letter_symbol, str):
            problems.append(f"field 'outcome_letter.symbol' is {_type_name(letter_symbol)}; "
                            "expected a symbol such as \"S/2020/613\" or null")
            letter_symbol = None
        else:
            try:
                DocumentSymbol.parse(letter_symbol)
            except CouncilError as exc:
                problems.append(f"field 'outcome_letter.symbol': {exc}")
    president = letter.get("president") if letter else None
    if president is not None and not (isinstance(president, str) and president.strip()):
        problems.append("field 'outcome_letter.president' must be the President's name, "
                        "for example \"Nicolas de Rivière\"")
        president = None

    period_hours = data.get("period_hours", council.settings["VOTING_PERIOD_HOURS"])
    if isinstance(period_hours, bool) or not isinstance(period_hours, int | float) or \
            not 0 < period_hours <= MAX_PERIOD_HOURS:
        problems.append(f"field 'period_hours' is {period_hours!r}; expected a positive number "
                        f"of hours up to {MAX_PERIOD_HOURS}, for example 24")
        period_hours = 24.0
    opened_at = None
    if "opened_at" in data:
        raw = data["opened_at"]
        try:
            opened_at = datetime.fromisoformat(str(raw).replace("Z", "+00:00"))
            if opened_at.tzinfo is None:
                opened_at = opened_at.replace(tzinfo=UTC)
        except ValueError:
            problems.append(f"field 'opened_at' is {raw!r}, not a time; expected ISO 8601 "
                            "in UTC, for example \"2020-06-28T16:00:00Z\"")
    elif letter_date is not None:
        opened_at = datetime.combine(letter_date, DEFAULT_CLOSING, UTC) - timedelta(
            hours=float(period_hours))

    year = opened_at.year if opened_at else (letter_date.year if letter_date else None)
    if year is not None:
        try:
            council.members(year)
        except CouncilError as exc:
            problems.append(f"field 'outcome_letter.date': {exc}")
            year = None

    def member(name: object, where: str) -> str | None:
        if not isinstance(name, str):
            problems.append(f"{where}: {name!r} is not a member name")
            return None
        if year is None:
            return None
        try:
            return council.catalog.membership.resolve(name, year).code
        except CouncilError as exc:
            problems.append(f"{where}: {exc}")
            return None

    # -- the draft -------------------------------------------------------------------------
    draft_given = need(data, "draft", dict, "draft",
                       '{"symbol": "S/2020/600", "submitted_by": ["France"]}')
    draft = draft_given or {}
    for key in sorted(set(draft) - DRAFT_FIELDS):
        problems.append(f"unknown field 'draft.{key}': remove it; known fields are "
                        f"{', '.join(sorted(DRAFT_FIELDS))}")
    draft_symbol = (need(draft, "symbol", str, "draft.symbol", '"S/2020/600"')
                    if draft_given is not None else None)
    if draft_symbol is not None:
        try:
            draft_symbol = str(DocumentSymbol.parse(draft_symbol))
        except CouncilError as exc:
            problems.append(f"field 'draft.symbol': {exc}")
    sponsors: list[str] = []
    submitted = need(draft, "submitted_by", list, "draft.submitted_by", '["France"]') \
        if draft_given is not None else None
    if submitted is not None and not submitted:
        problems.append("field 'draft.submitted_by' is empty; name at least one sponsor")
    for i, name in enumerate(submitted or []):
        country = council.catalog.directory.find(name) if isinstance(name, str) else None
        if country is None:
            problems.append(f"field 'draft.submitted_by[{i}]': {name!r} is not a known country; "
                            "expected a UN Member State's name or ISO 3166 alpha-3 code")
        else:
            sponsors.append(country.code)
    text = ""
    if "text" in draft and "text_file" in draft:
        problems.append("fields 'draft.text' and 'draft.text_file' both given; keep one")
    elif "text" in draft:
        if isinstance(draft["text"], str):
            text = draft["text"]
        else:
            problems.append("field 'draft.text' must be a string with the draft's text")
    elif "text_file" in draft:
        if read_text is None or not isinstance(draft["text_file"], str):
            problems.append("field 'draft.text_file' cannot be read here; give 'draft.text'")
        else:
            try:
                text = read_text(draft["text_file"])
            except (OSError, UnicodeDecodeError) as exc:
                problems.append(f"field 'draft.text_file': cannot read {draft['text_file']!r} "
                                f"({exc}); give a UTF-8 text file beside the record")
    matter = Matter.SUBSTANTIVE
    if "matter" in draft:
        try:
            matter = Matter(str(draft["matter"]).lower())
        except ValueError:
            problems.append(f"field 'draft.matter' is {draft['matter']!r}; expected one of: "
                            "substantive, procedural")
    raw_parties = draft.get("parties_to_dispute", []) or []
    if not isinstance(raw_parties, list):
        problems.append(f"field 'draft.parties_to_dispute' is {_type_name(raw_parties)}; "
                        'expected a list of members, for example ["Armenia"]')
        raw_parties = []
    parties = [c for i, p in enumerate(raw_parties)
               if (c := member(p, f"field 'draft.parties_to_dispute[{i}]'"))]

    # -- votes -----------------------------------------------------------------------------
    votes: list[tuple[str, Position]] = []
    raw_votes = need(data, "votes", dict, "votes", '{"France": "yes", "China": "abstain"}')
    seen: dict[str, str] = {}
    for name, value in (raw_votes or {}).items():
        code = member(name, f"field 'votes.{name}'")
        try:
            position = Position.parse(value, name) if isinstance(value, str) else None
            if position is None:
                problems.append(f"field 'votes.{name}' is {_type_name(value)}; expected one of: "
                                "yes, no, abstain")
        except CouncilError as exc:
            problems.append(f"field 'votes.{name}': {exc}")
            position = None
        if code is not None and code in seen:
            problems.append(f"field 'votes.{name}': the same member as 'votes.{seen[code]}'; "
                            "a member sends one letter, keep one entry")
            continue
        if code is not None and position is not None:
            seen[code] = name
            votes.append((code, position))

    signatories: dict[str, tuple[str, SignatoryTitle]] = {}
    for name, value in _mapping(data, "signatories", problems,
                                '{"France": {"name": "...", "title": "..."}}').items():
        code = member(name, f"field 'signatories.{name}'")
        if not isinstance(value, dict) or not isinstance(value.get("name"), str):
            problems.append(f"field 'signatories.{name}' must be an object like "
                            '{"name": "...", "title": "permanent-representative"}')
            continue
        try:
            title = SignatoryTitle.parse(str(value.get("title", "permanent-representative")))
        except CouncilError as exc:
            problems.append(f"field 'signatories.{name}.title': {exc}")
            continue
        if code:
            signatories[code] = (value["name"], title)
    explanations = []
    for name, value in _mapping(data, "explanations", problems,
                                '{"China": "text of the explanation"}').items():
        code = member(name, f"field 'explanations.{name}'")
        if not isinstance(value, str) or not value.strip():
            problems.append(f"field 'explanations.{name}' must be the explanation's text")
        elif code:
            explanations.append((code, value))

    resolution_number = None
    if data.get("resolution_number") is not None:
        try:
            resolution_number = parse_resolution_number(data["resolution_number"])
        except CouncilError as exc:
            problems.append(f"field 'resolution_number': {exc}")
    translations = data.get("agenda_item_translations") or {}
    if not isinstance(translations, dict) or not all(
            isinstance(v, str) for v in translations.values()):
        problems.append("field 'agenda_item_translations' must map a language code to a title, "
                        'for example {"fr": "La situation au Mali"}')
        translations = {}
    original_language = data.get("original_language")
    if original_language is not None and original_language not in (
            "ar", "zh", "en", "fr", "ru", "es"):
        problems.append(f"field 'original_language' is {original_language!r}; expected one of: "
                        "ar, zh, en, fr, ru, es")
    if opened_at and letter_date and letter_date < opened_at.date():
        problems.append(f"field 'outcome_letter.date' ({letter_date}) precedes 'opened_at' "
                        f"({opened_at:%Y-%m-%d}); the letter comes after the vote")
    if problems:
        raise InvalidRecord("record", problems)
    assert agenda_item and draft_symbol and letter_date and opened_at
    return Record(
        agenda_item=agenda_item, draft_symbol=draft_symbol, sponsors=tuple(sponsors),
        text=text, matter=matter, parties_to_dispute=tuple(parties), votes=tuple(votes),
        letter_symbol=letter_symbol, letter_date=letter_date, president=president,
        opened_at=opened_at, period_hours=float(period_hours),
        resolution_number=resolution_number, original_language=original_language,
        agenda_item_translations=dict(translations), signatories=signatories,
        explanations=tuple(explanations),
    )


def load_record(path: Path, council: Council) -> Record:
    """Read and validate a record file; ``draft.text_file`` is read beside it."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"Cannot read record {str(path)!r}: {exc.strerror}.") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"Record {str(path)!r} is not UTF-8 text ({exc.reason} at byte "
                           f"{exc.start}); save it as UTF-8.") from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InvalidRecord(str(path), [
            f"not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"]) from exc
    try:
        return parse_record(data, council,
                            lambda name: (path.parent / name).read_text(encoding="utf-8"))
    except InvalidRecord as exc:
        raise InvalidRecord(str(path), exc.problems) from exc


def replay(record: Record, council: Council) -> ReplayResult:
    """Run a validated record through the same façade calls as the individual commands."""
    council.init()
    with council.store.transaction() as repo:
        if record.draft_symbol in repo.draft_symbols():
            raise InvalidInput(
                f"Draft {record.draft_symbol} is already in the database; replay into a fresh "
                "database (omit --db) or one without this draft."
            )
    council.add_draft(record.draft_symbol, record.sponsors, record.agenda_item, record.text,
                      record.matter, record.parties_to_dispute,
                      record.agenda_item_translations, at=record.opened_at)
    council.open_vote(record.draft_symbol, at=record.opened_at, period_hours=record.period_hours)
    for i, (member, position) in enumerate(record.votes):
        name, title = record.signatories.get(
            member, (None, SignatoryTitle.PERMANENT_REPRESENTATIVE))
        council.cast_vote(record.draft_symbol, member, position, name, title,
                          at=record.opened_at + timedelta(minutes=i + 1))
    # Close when the period ends, or, when every member has voted and the letter is dated
    # before the period's end, right after the last letter.
    closed_at = record.opened_at + timedelta(hours=record.period_hours)
    everyone = len(record.votes) == len(council.members(record.opened_at.year).codes)
    if everyone and closed_at.date() > record.letter_date:
        closed_at = record.opened_at + timedelta(minutes=len(record.votes) + 1)
    result = council.close_vote(record.draft_symbol, at=closed_at)
    announced_at = max(closed_at, datetime.combine(record.letter_date, time(0), UTC))
    announcement = council.announce(
        record.draft_symbol, at=announced_at, letter_symbol=record.letter_symbol,
        letter_date=record.letter_date, president=record.president,
        resolution_number=record.resolution_number,
        original_language=record.original_language,
    )
    for i, (member, text) in enumerate(record.explanations):
        council.explain_vote(record.draft_symbol, member, text,
                             at=closed_at + timedelta(minutes=i + 1))
    return ReplayResult(record, result, announcement)
