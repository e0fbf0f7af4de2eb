"""Who may do what: roles, the President of the month, and the authorisation rules (issue 4).

The rules are one pure function, ``authorise``, of the actor, the action, the state of the
procedure and the member concerned, so that the web app, the API and the authorisation-matrix
test all read the same table. The President is not an account of its own: it is the
Permanent Representative (or Chargé d'affaires) of the member that holds the presidency at the
time of the request (rule 18, R24). Sources: S/2020/253 for who sends and receives what (R2,
R6, R8, R10); the provisional rules of procedure for the presidency.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from council.domain.ballots import SignatoryTitle
from council.domain.drafts import State
from council.domain.errors import CouncilError, InvalidInput


class Role(enum.Enum):
    """The account roles. Delegation roles belong to one member."""

    SECRETARIAT_DIRECTOR = "secretariat-director"
    SECRETARIAT_OFFICER = "secretariat-officer"
    PERMANENT_REPRESENTATIVE = "permanent-representative"
    CHARGE_D_AFFAIRES = "charge-d-affaires"
    DELEGATION_STAFF = "delegation-staff"
    PUBLIC = "public"

    @property
    def is_secretariat(self) -> bool:
        return self in (Role.SECRETARIAT_DIRECTOR, Role.SECRETARIAT_OFFICER)

    @property
    def is_delegation(self) -> bool:
        return self in (Role.PERMANENT_REPRESENTATIVE, Role.CHARGE_D_AFFAIRES,
                        Role.DELEGATION_STAFF)

    @property
    def may_sign(self) -> bool:
        """Only the Permanent Representative or the Chargé d'affaires signs a letter (R6)."""
        return self in (Role.PERMANENT_REPRESENTATIVE, Role.CHARGE_D_AFFAIRES)

    @property
    def signatory_title(self) -> SignatoryTitle | None:
        return {
            Role.PERMANENT_REPRESENTATIVE: SignatoryTitle.PERMANENT_REPRESENTATIVE,
            Role.CHARGE_D_AFFAIRES: SignatoryTitle.CHARGE_D_AFFAIRES,
        }.get(self)

    @property
    def label(self) -> str:
        return {
            Role.SECRETARIAT_DIRECTOR: "Director, Security Council Affairs Division",
            Role.SECRETARIAT_OFFICER: "Secretariat officer",
            Role.PERMANENT_REPRESENTATIVE: "Permanent Representative",
            Role.CHARGE_D_AFFAIRES: "Chargé d'affaires a.i.",
            Role.DELEGATION_STAFF: "Delegation staff",
            Role.PUBLIC: "Public",
        }[self]

    @classmethod
    def parse(cls, value: str) -> Role:
        key = value.strip().lower().replace("_", "-").replace(" ", "-")
        for role in cls:
            if role.value == key:
                return role
        raise InvalidInput(
            f"Role {value!r} is not a Council role; expected one of: "
            + ", ".join(r.value for r in cls) + "."
        )


@dataclass(frozen=True)
class Actor:
    """Whoever makes a request: an account, or the anonymous public.

    ``presiding`` says whether this actor acts as President at the time of the request; the
    caller derives it from the presidency (R24) so that this module stays free of the calendar.
    """

    role: Role = Role.PUBLIC
    member: str | None = None
    account_id: int | None = None
    username: str | None = None
    name: str | None = None
    presiding: bool = False

    @property
    def anonymous(self) -> bool:
        return self.account_id is None

    def __post_init__(self) -> None:
        if self.role.is_delegation and not self.member:
            raise InvalidInput(
                f"Role {self.role.value!r} belongs to a delegation; give the member's code "
                "(for example FRA)."
            )
        if not self.role.is_delegation and self.member:
            raise InvalidInput(
                f"Role {self.role.value!r} does not belong to a delegation; do not give a "
                f"member (got {self.member!r})."
            )


class Action(enum.Enum):
    """What a request asks to do; the web routes each name one."""

    READ_PUBLIC = "read-public"              # list drafts, published letters, resolutions
    REGISTER_DRAFT = "register-draft"        # R1: the draft in blue
    CHANGE_DRAFT = "change-draft"            # edit or withdraw before voting (R3)
    OPEN_VOTE = "open-vote"                  # R2: the President puts it to the vote
    READ_OPENING_LETTER = "read-opening-letter"
    READ_OWN_LETTER = "read-own-letter"      # a delegation reads its own letter and receipt
    PREPARE_LETTER = "prepare-letter"        # staff prepare, the PR or CdA signs
    SEND_LETTER = "send-letter"              # R6: sign and send the letter of position
    READ_TURNOUT = "read-turnout"            # who has voted and who has not
    READ_POSITIONS = "read-positions"        # members' positions
    CLOSE_VOTE = "close-vote"                # end the period and count
    ANNOUNCE = "announce"                    # publish the outcome letter and resolution
    EXPLAIN_VOTE = "explain-vote"            # R10
    MANAGE_KEYS = "manage-keys"              # a delegation's Ed25519 public keys
    MANAGE_TOKENS = "manage-tokens"          # one's own API tokens
    READ_ACCOUNT = "read-account"
    RECORD_DELIVERY = "record-delivery"      # mark a due item delivered (issue 6)


class NotAuthorised(CouncilError):
    """The actor may not do this; the message says who may."""


class NotSignedIn(NotAuthorised):
    """The action needs an account."""


def authorise(actor: Actor, action: Action, state: State | None = None,
              member: str | None = None) -> None:
    """Raise ``NotAuthorised`` unless ``actor`` may do ``action``.

    Args:
        actor: who asks.
        action: what they ask to do.
        state: the state of the procedure concerned, if any.
        member: the member the action concerns (whose letter, whose keys), if any.

    The state rules that belong to the procedure itself (no letter after the period, no
    change once voting started) stay in ``Procedure``; this function only says who.
    """
    role = actor.role
    if action is Action.READ_PUBLIC:
        return
    if state is State.ANNOUNCED and action in (
            Action.READ_POSITIONS, Action.READ_TURNOUT, Action.READ_OPENING_LETTER):
        return  # the outcome letter and the details letter make all of these public
    if actor.anonymous:
        raise NotSignedIn("Sign in first: this page is for the Secretariat, the President or "
                          "the delegations.")
    if action in (Action.MANAGE_TOKENS, Action.READ_ACCOUNT):
        return
    if action in (Action.REGISTER_DRAFT, Action.CHANGE_DRAFT):
        _require(role.is_secretariat, "Only the Secretariat registers, changes or withdraws "
                                      "drafts.")
        return
    if action is Action.RECORD_DELIVERY:
        _require(role.is_secretariat, "Only the Secretariat records that a due item was "
                                      "delivered.")
        return
    if action is Action.OPEN_VOTE:
        _require(actor.presiding, "Only the President of the Council for this month puts a "
                                  "draft to the vote (R2).")
        return
    if action is Action.READ_OPENING_LETTER:
        if state is State.ANNOUNCED:
            return  # it is annexed to the voting-details letter, a public document (R18)
        _require(role.is_secretariat or role.is_delegation,
                 "The opening letter goes to the members of the Council and the Secretariat "
                 "until the result is announced.")
        return
    if action in (Action.READ_OWN_LETTER, Action.PREPARE_LETTER):
        _require_delegation_of(actor, member)
        return
    if action in (Action.SEND_LETTER, Action.EXPLAIN_VOTE):
        _require_delegation_of(actor, member)
        _require(role.may_sign, f"{role.label}s may prepare a letter but not sign it; only "
                                "the Permanent Representative or the Chargé d'affaires signs "
                                "(R6).")
        return
    if action is Action.READ_TURNOUT:
        _require(role.is_secretariat or state is State.ANNOUNCED,
                 "Until the result is announced only the Secretariat sees who has voted.")
        return
    if action is Action.READ_POSITIONS:
        if state is State.ANNOUNCED:
            return
        if member is not None and role.is_delegation and actor.member == member:
            return
        _require(role.is_secretariat, "Members' positions are not public until the result is "
                                      "announced; a delegation sees only its own letter.")
        return
    if action is Action.CLOSE_VOTE:
        _require(role.is_secretariat, "Only the Secretariat closes a vote and counts it.")
        return
    if action is Action.ANNOUNCE:
        _require(role.is_secretariat or actor.presiding,
                 "Only the Secretariat or the President publishes the outcome.")
        return
    if action is Action.MANAGE_KEYS:
        _require_delegation_of(actor, member)
        _require(role.may_sign, "Only the Permanent Representative or the Chargé d'affaires "
                                "registers the delegation's signing keys.")
        return
    raise NotAuthorised(f"Action {action.value!r} is not allowed.")  # pragma: no cover


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise NotAuthorised(message)


def _require_delegation_of(actor: Actor, member: str | None) -> None:
    if not actor.role.is_delegation:
        raise NotAuthorised("Only a member's delegation may do this.")
    if member is not None and actor.member != member:
        raise NotAuthorised(
            f"Your account belongs to the delegation of {actor.member}; it cannot act for "
            f"or read the letters of {member}."
        )


__all__ = ["Action", "Actor", "NotAuthorised", "NotSignedIn", "Role", "authorise"]
