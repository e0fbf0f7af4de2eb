"""The JSON shapes of the API (pydantic models); the OpenAPI schema is generated from them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field


class FieldError(BaseModel):
    field: str
    message: str


class ErrorOut(BaseModel):
    """The one error shape of the API."""

    ok: bool = False
    status: int
    error: str
    errors: list[FieldError] = []


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DraftIn(_In):
    """A draft put in blue (R1). Give ``text`` (plain text) or ``akn`` (Akoma Ntoso XML)."""

    symbol: str = Field(max_length=40, examples=["S/2020/600"])
    sponsors: list[str] = Field(min_length=1, max_length=200, examples=[["France"]])
    agenda_item: str = Field(min_length=1, max_length=1000,
                             examples=["The situation in Mali"])
    text: str = Field(default="", max_length=1_000_000)
    akn: str | None = Field(default=None, max_length=1_000_000)
    matter: Literal["substantive", "procedural"] = "substantive"
    parties_to_dispute: list[str] = Field(default=[], max_length=15)


class OpenIn(_In):
    period_hours: float | None = Field(default=None, gt=0, le=24 * 14,
                                       description="Defaults to the VOTING_PERIOD_HOURS "
                                                   "setting (24).")


class SignedLetterIn(_In):
    """A letter of position signed with the delegation's Ed25519 key (docs/signing.md)."""

    letter: dict[str, Any]
    signature: str = Field(max_length=200)
    key_id: str | None = Field(default=None, max_length=64)


class PreparedIn(_In):
    position: Literal["yes", "no", "abstain"]


class ExplanationIn(_In):
    text: str = Field(min_length=1, max_length=100_000)


class AnnounceIn(_In):
    president: str | None = Field(default=None, max_length=200,
                                  description="The President's name, when the catalogue "
                                              "does not know it.")


class TokenIn(_In):
    label: str = Field(default="", max_length=200)


class KeyIn(_In):
    public_key: str = Field(min_length=1, max_length=2000,
                            description="Ed25519 public key: PEM, or base64 of its 32 bytes.")


class Moment(BaseModel):
    """A time in UTC and as shown in New York (the DISPLAY_TIMEZONE setting)."""

    utc: datetime
    local: str
    zone: str


class MemberRef(BaseModel):
    code: str
    name: str


class DocumentRef(BaseModel):
    kind: str
    symbol: str
    date: date
    url: str
    draft: str


class OwnLetter(BaseModel):
    member: str
    position: str
    signatory: str | None
    received_at: datetime
    receipt_url: str


class Prepared(BaseModel):
    position: str
    prepared_by: str
    prepared_at: datetime


class TurnoutEntry(BaseModel):
    member: MemberRef
    received_at: datetime | None
    position: str | None


class Turnout(BaseModel):
    voted: int
    missing: int
    members: list[TurnoutEntry]


class ResultOut(BaseModel):
    outcome: str
    in_favour: list[MemberRef]
    against: list[MemberRef]
    abstentions: list[MemberRef]
    absent: list[MemberRef]


class DraftSummary(BaseModel):
    symbol: str
    url: str
    agenda_item: str
    sponsors: list[MemberRef]
    state: str
    opened_at: datetime | None
    closes_at: Moment | None
    outcome: str | None


class DraftOut(DraftSummary):
    procedure: int
    text: str
    period_hours: float
    explanations_until: Moment | None
    opening_letter_url: str | None
    own_letter: OwnLetter | None
    prepared: Prepared | None
    turnout: Turnout | None
    result: ResultOut | None
    documents: list[DocumentRef]


class ReceiptOut(BaseModel):
    """The signed receipt: save it as it is and check it with ``council verify-receipt``."""

    receipt: dict[str, Any]
    signature: str
    tree_head: dict[str, Any] | None = Field(
        default=None, description="The signed tree head of the transparency log that includes "
                                  "the letter (issue 5).")
    inclusion_proof: list[str] | None = Field(
        default=None, description="The letter's inclusion proof in that tree (RFC 6962), hex.")


class LetterOut(BaseModel):
    symbol: str
    kind: str
    lang: str
    text: str
    html_url: str


class DocumentOut(BaseModel):
    kind: str
    symbol: str
    date: date
    draft: str
    languages: list[str]
    text: str


class Me(BaseModel):
    username: str | None
    name: str | None
    role: str
    member: str | None
    presiding: bool


class TokenOut(BaseModel):
    token: str
    label: str


class KeyOut(BaseModel):
    member: str
    key_id: str
    public_key: str
    registered_at: datetime
    revoked_at: datetime | None


class SecretariatKey(BaseModel):
    public_key: str
    key_id: str


class SignedTreeHead(BaseModel):
    """A tree head of the transparency log signed by the Secretariat (issue 5)."""

    tree_head: dict[str, Any]
    signature: str


class InclusionOut(BaseModel):
    index: int
    size: int
    leaf_hash: str
    entry: str = Field(description="The entry's canonical JSON (its leaf is SHA-256 of "
                                   "0x00 || these bytes).")
    proof: list[str]
    tree_head: SignedTreeHead | None


class ConsistencyOut(BaseModel):
    old_size: int
    new_size: int
    proof: list[str]
    tree_heads: dict[str, SignedTreeHead]
