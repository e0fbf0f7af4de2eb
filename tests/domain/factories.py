"""Builders for domain tests: Councils, drafts, procedures opened at a given time, ballots.

Everything a domain test constructs comes from here, so a change to a constructor is made once.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from council.domain.ballots import Ballot, Explanation, Position, Signatory
from council.domain.drafts import Procedure
from tests.factories import all_voting as all_voting  # shared with tests/render
from tests.factories import codes as codes
from tests.factories import council as council
from tests.factories import draft as draft
from tests.factories import utc as utc

# tests/domain/factories.py -> parents[3] is the directory that holds both main/ and shared/.
SHARED = Path(__file__).resolve().parents[3] / "shared"

# The seed's vote: S/2020/600 put to the vote on 27 June 2020, 24-hour period.
OPENED_AT = datetime(2020, 6, 27, 12, 0, tzinfo=UTC)
PERMANENT_FIVE = ("CHN", "FRA", "GBR", "RUS", "USA")


def shared_path(*parts: str) -> Path:
    """A path under ``../shared``; the test is skipped, with the reason, if it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"shared data not found at {path} (expected ../shared beside the project)")
    return path


def read_json(path: Path) -> Any:
    return json.loads(path.read_text("utf-8"))





def sort_keys(year: int = 2020) -> dict[str, str]:
    return {m.code: m.sort_key for m in council(year).members}



def registered(**draft_fields: Any) -> Procedure:
    """A procedure whose draft is in blue but not yet put to the vote."""
    return Procedure(draft=draft(**draft_fields))


def opened(
    at: datetime = OPENED_AT,
    period_hours: float = 24.0,
    year: int | None = None,
    **draft_fields: Any,
) -> Procedure:
    """A procedure put to the vote at ``at`` with the Council of that year."""
    return registered(**draft_fields).open(council(year or at.year), at, period_hours)


def ballot(
    member: str,
    position: Position | str = Position.IN_FAVOUR,
    at: datetime = OPENED_AT + timedelta(hours=1),
    signatory: Signatory | None = None,
) -> Ballot:
    if isinstance(position, str):
        position = Position.parse(position, member)
    return Ballot(member=member, position=position, received_at=at, signatory=signatory)


def explanation(
    member: str, at: datetime, text: str = "We voted as we did because ..."
) -> Explanation:
    return Explanation(member=member, text=text, received_at=at)


def cast_all(
    procedure: Procedure,
    positions: Mapping[str, Position | str],
    at: datetime | None = None,
) -> Procedure:
    """Cast one letter per member, a minute apart, starting an hour after the opening."""
    assert procedure.opened_at is not None
    start = at or procedure.opened_at + timedelta(hours=1)
    for i, (member, position) in enumerate(positions.items()):
        procedure = procedure.cast(ballot(member, position, start + timedelta(minutes=i)))
    return procedure
