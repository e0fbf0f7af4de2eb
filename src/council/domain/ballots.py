"""Letters of position (ballots), signatories and explanations of vote (R6–R10)."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from council.domain.errors import InvalidPosition, InvalidSignatory


class Position(enum.Enum):
    """The one position a letter states (R7)."""

    IN_FAVOUR = "yes"
    AGAINST = "no"
    ABSTENTION = "abstain"

    @classmethod
    def parse(cls, value: str, member: str = "") -> Position:
        """``yes``/``no``/``abstain`` (also ``in favour``, ``against``, ``abstention``)."""
        key = " ".join(str(value).strip().casefold().replace("_", " ").split())
        for position in cls:
            if key in (position.value, *_SYNONYMS[position]):
                return position
        who = f"Ballot from {member!r} says" if member else "Position"
        raise InvalidPosition(f"{who} {value!r}; expected one of: yes, no, abstain.")


_SYNONYMS: dict[Position, tuple[str, ...]] = {
    Position.IN_FAVOUR: ("in favour", "in favor", "for", "y"),
    Position.AGAINST: ("against", "n"),
    Position.ABSTENTION: ("abstention", "abstaining", "a"),
}


class SignatoryTitle(enum.Enum):
    """Who may sign a letter of position (R6): the Permanent Representative or the Chargé
    d'affaires."""

    PERMANENT_REPRESENTATIVE = "permanent-representative"
    CHARGE_D_AFFAIRES = "charge-d-affaires"

    @property
    def label(self) -> str:
        return {
            SignatoryTitle.PERMANENT_REPRESENTATIVE: "Permanent Representative",
            SignatoryTitle.CHARGE_D_AFFAIRES: "Chargé d'affaires a.i.",
        }[self]

    @classmethod
    def parse(cls, value: str) -> SignatoryTitle:
        key = "".join(ch for ch in value.casefold() if ch.isalnum())
        for title in cls:
            if key in {"".join(ch for ch in t if ch.isalnum()) for t in _TITLE_FORMS[title]}:
                return title
        raise InvalidSignatory(
            f"Signatory title {value!r} may not sign a letter of position; expected one of: "
            "permanent-representative, charge-d-affaires (R6)."
        )


_TITLE_FORMS: dict[SignatoryTitle, tuple[str, ...]] = {
    SignatoryTitle.PERMANENT_REPRESENTATIVE: (
        "permanent-representative", "permanent representative", "pr",
    ),
    SignatoryTitle.CHARGE_D_AFFAIRES: (
        "charge-d-affaires", "chargé d'affaires", "charge d'affaires a.i.",
        "chargé d'affaires a.i.", "chargée d'affaires", "chargée d'affaires a.i.", "cda",
    ),
}


@dataclass(frozen=True)
class Signatory:
    """The person who signed a letter of position."""

    name: str
    title: SignatoryTitle = SignatoryTitle.PERMANENT_REPRESENTATIVE


@dataclass(frozen=True)
class Ballot:
    """One member's letter of position, as received by the SCAD Director."""

    member: str
    position: Position
    received_at: datetime
    signatory: Signatory | None = None


@dataclass(frozen=True)
class Explanation:
    """A written explanation of vote, sent after the period closes (R10)."""

    member: str
    text: str
    received_at: datetime
