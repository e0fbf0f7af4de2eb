"""Signed letters of position and signed receipts (issue 4), with Ed25519 keys.

A letter of position sent through the API is a small JSON object (``LETTER_FIELDS``) signed by
the delegation's key; every accepted letter gets a receipt, a JSON object signed by the
Secretariat's key. Both are signed over their *canonical* bytes: UTF-8 JSON with keys sorted,
no insignificant whitespace, no floats (RFC 8785 gives the same bytes for such objects), so a
client may send the object formatted as it likes. docs/signing.md specifies both documents.
The cryptography is the ``cryptography`` package's; nothing here is hand-written crypto.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from council.domain.errors import CouncilError, InvalidInput

LETTER_KIND = "council/letter-of-position/1"
RECEIPT_KIND = "council/receipt/1"
LETTER_FIELDS = ("kind", "procedure", "draft", "member", "position", "signatory", "sent_at")
POSITIONS = ("yes", "no", "abstain")
TITLES = ("permanent-representative", "charge-d-affaires")


class BadSignature(CouncilError):
    """A signature that does not verify, or a signed document that is malformed."""


# -- canonical bytes, times, keys -------------------------------------------------------------


def canonical_json(value: Any) -> bytes:
    """The canonical bytes of a JSON value: sorted keys, no spaces, UTF-8, no floats."""
    _check_no_floats(value)
    if _ENCODE is None:  # a Python without json's C accelerator
        return _reference_json(value)
    try:
        return "".join(_ENCODE(value, 0)).encode("utf-8")
    except Exception:  # the reference below raises the same error, or encodes
        return _reference_json(value)


def _reference_json(value: Any) -> bytes:
    """What ``canonical_json`` encodes (after its float check), as ``json.dumps`` says it."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


# ``json.dumps`` with canonical_json's options runs this C encoder, but builds a JSONEncoder
# and a new encoder for every call: a third of the cost of a receipt's or a log leaf's bytes.
# Made once here, without the circular-reference markers: a value that trips this encoder for
# any reason (a cycle, a type JSON has not) is encoded again by ``json.dumps`` above, which
# gives the reference's own result or error.
# (``json.encoder.c_make_encoder``'s arguments: markers, default, string encoder, indent,
# key and item separators, sort_keys, skipkeys, allow_nan.)
_MAKE_ENCODER = getattr(json.encoder, "c_make_encoder", None)  # not in typeshed's stubs
_ENCODE = (_MAKE_ENCODER(None, json.JSONEncoder().default, json.encoder.encode_basestring,
                         None, ":", ",", True, False, False)
           if _MAKE_ENCODER is not None else None)


def _check_no_floats(value: Any) -> None:
    stack = [value]
    while stack:  # without recursion: every letter, receipt and log leaf passes here
        item = stack.pop()
        kind = type(item)
        if kind is str or kind is int or item is None:
            continue
        if kind is dict:
            stack.extend(item.values())
        elif isinstance(item, float):
            raise InvalidInput(f"Number {item!r} in a signed document; only whole numbers "
                               "are allowed (times are strings).")
        elif isinstance(item, Mapping):
            stack.extend(item.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=1024)  # a letter's arrival time is written four times (receipt, log, head)
def format_time(at: datetime) -> str:
    """RFC 3339 UTC with milliseconds: ``2020-06-29T10:15:00.000Z``."""
    if at.tzinfo is None:
        raise InvalidInput(f"Time {at!r} has no time zone; give it in UTC.")
    at = at.astimezone(UTC)
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


_TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,6})?(Z|[+-]\d\d:\d\d)\Z")


def parse_time(value: object, what: str) -> datetime:
    if not isinstance(value, str) or not _TIME.match(value):
        raise InvalidInput(f"{what} is {value!r}; expected an RFC 3339 time such as "
                           "2020-06-29T10:15:00.000Z.")
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    except ValueError:
        raise InvalidInput(f"{what} is {value!r}, which is not a real date and time.") from None


def b64encode(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def b64decode(value: object, what: str) -> bytes:
    if not isinstance(value, str):
        raise InvalidInput(f"{what} is {value!r}; expected base64 text.")
    try:
        return base64.b64decode(value.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput(f"{what} is not valid base64 ({value[:40]!r}).") from None


def generate_private_key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def private_key_pem(key: Ed25519PrivateKey) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode("ascii")


def public_key_pem(key: Ed25519PublicKey) -> str:
    return key.public_bytes(serialization.Encoding.PEM,
                            serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def public_key_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: Ed25519PublicKey) -> str:
    """A public key's fingerprint: the first 16 hex digits of SHA-256 of its 32 raw bytes."""
    return sha256_hex(public_key_raw(key))[:16]


def load_private_key(text: str, source: str = "key") -> Ed25519PrivateKey:
    """An Ed25519 private key from PEM (PKCS#8)."""
    try:
        key = serialization.load_pem_private_key(text.encode("ascii"), password=None)
    except (ValueError, TypeError, UnicodeEncodeError) as exc:
        raise InvalidInput(f"{source} is not a PEM private key without password ({exc}); "
                           "create one with `council keygen`.") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput(f"{source} holds a {type(key).__name__}; expected an Ed25519 key.")
    return key


def load_public_key(text: str, source: str = "public key") -> Ed25519PublicKey:
    """An Ed25519 public key from PEM (SubjectPublicKeyInfo) or base64 of its 32 raw bytes."""
    text = text.strip()
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(text.encode("ascii"))
        except (ValueError, UnicodeEncodeError) as exc:
            raise InvalidInput(f"{source} is not a PEM public key ({exc}).") from None
        if not isinstance(key, Ed25519PublicKey):
            raise InvalidInput(f"{source} holds a {type(key).__name__}; expected an Ed25519 "
                               "public key.")
        return key
    raw = b64decode(text, source)
    if len(raw) != 32:
        raise InvalidInput(f"{source} has {len(raw)} bytes; an Ed25519 public key has 32 "
                           "(PEM or base64 of the raw key).")
    return Ed25519PublicKey.from_public_bytes(raw)


def read_text_file(path: Path, what: str) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"Cannot read {what} {str(path)!r}: {exc.strerror}.") from None


# -- letters ----------------------------------------------------------------------------------


_LETTER_FIELD_SET = frozenset(LETTER_FIELDS)
_DRAFT_SYMBOL = re.compile(r"S/\d{4}/\d+")
_MEMBER_CODE = re.compile(r"[A-Z]{3}")


@dataclass(frozen=True)
class Letter:
    """A letter of position as the canonical JSON document says it (docs/signing.md)."""

    procedure: int
    draft: str
    member: str
    position: str
    signatory_name: str
    signatory_title: str
    sent_at: datetime

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": LETTER_KIND,
            "procedure": self.procedure,
            "draft": self.draft,
            "member": self.member,
            "position": self.position,
            "signatory": {"name": self.signatory_name, "title": self.signatory_title},
            "sent_at": format_time(self.sent_at),
        }

    def canonical(self) -> bytes:
        """``canonical_json(self.to_json())``. Every letter received is made here, so for a
        letter of an int and strs (every letter ``from_json`` reads) the bytes are written out
        in key order, as ``json.dumps`` writes them."""
        if not self._plain():
            return canonical_json(self.to_json())
        text = json.encoder.encode_basestring
        try:
            return (f'{{"draft":{text(self.draft)},"kind":{text(LETTER_KIND)},'
                    f'"member":{text(self.member)},"position":{text(self.position)},'
                    f'"procedure":{self.procedure},"sent_at":{text(format_time(self.sent_at))},'
                    f'"signatory":{{"name":{text(self.signatory_name)},'
                    f'"title":{text(self.signatory_title)}}}}}').encode()
        except Exception:  # text UTF-8 cannot hold, a number too long: as canonical_json says
            return canonical_json(self.to_json())

    def _plain(self) -> bool:
        """Whether the number is an int and every text a str, as ``from_json`` makes them (a
        bool or an int or str subclass takes the general way)."""
        return (type(self.procedure) is int and type(self.draft) is str
                and type(self.member) is str and type(self.position) is str
                and type(self.signatory_name) is str and type(self.signatory_title) is str)

    @classmethod
    def from_json(cls, value: object) -> Letter:
        """Read a letter, listing every problem at once."""
        if not isinstance(value, Mapping):
            raise InvalidInput(f"The letter is {type(value).__name__}; expected a JSON object "
                               f"with the fields {', '.join(LETTER_FIELDS)}.")
        problems: list[str] = []
        # A letter as sent has exactly its fields: no field to name as unknown or missing.
        if not (type(value) is dict and value.keys() == _LETTER_FIELD_SET):
            unknown = sorted(set(value) - _LETTER_FIELD_SET)
            if unknown:
                problems.append(f"unknown field(s) {', '.join(unknown)}; a letter has exactly "
                                f"{', '.join(LETTER_FIELDS)}")
            missing = [f for f in LETTER_FIELDS if f not in value]
            if missing:
                problems.append(f"missing field(s) {', '.join(missing)}")
        if value.get("kind", LETTER_KIND) != LETTER_KIND:
            problems.append(f"kind is {value.get('kind')!r}; expected {LETTER_KIND!r}")
        procedure = value.get("procedure", 0)
        if not isinstance(procedure, int) or isinstance(procedure, bool) or procedure < 1:
            problems.append(f"procedure is {procedure!r}; expected the procedure's number")
        draft = value.get("draft", "")
        if not isinstance(draft, str) or not _DRAFT_SYMBOL.fullmatch(draft):
            problems.append(f"draft is {draft!r}; expected a symbol such as S/2020/600")
        member = value.get("member", "")
        if not isinstance(member, str) or not _MEMBER_CODE.fullmatch(member):
            problems.append(f"member is {member!r}; expected an ISO 3166 alpha-3 code such as "
                            "FRA")
        position = value.get("position", "")
        if position not in POSITIONS:
            problems.append(f"position is {position!r}; expected one of: "
                            f"{', '.join(POSITIONS)}")
        signatory = value.get("signatory", {})
        name = title = ""
        if not isinstance(signatory, Mapping) or set(signatory) != {"name", "title"}:
            problems.append(f"signatory is {signatory!r}; expected an object with name and "
                            "title")
        else:
            name, title = signatory["name"], signatory["title"]
            if not isinstance(name, str) or not name.strip():
                problems.append(f"signatory name is {name!r}; give the name of who signed")
            if title not in TITLES:
                problems.append(f"signatory title is {title!r}; only "
                                f"{' or '.join(TITLES)} may sign (R6)")
        sent_at = datetime(1970, 1, 1, tzinfo=UTC)
        if "sent_at" in value:
            try:
                sent_at = parse_time(value["sent_at"], "sent_at")
            except InvalidInput as exc:
                problems.append(exc.message[0].lower() + exc.message[1:].rstrip("."))
        if problems:
            raise InvalidInput("The letter of position has " + str(len(problems))
                               + " problem(s): " + "; ".join(problems) + ".")
        return cls(int(procedure), str(draft), str(member), str(position), str(name).strip(),
                   str(title), sent_at)


def sign_letter(letter: Mapping[str, Any], key: Ed25519PrivateKey) -> dict[str, Any]:
    """A signed letter: ``{"letter": ..., "signature": base64, "key_id": ...}``.

    The letter is checked first, so a delegation never signs a letter the Secretariat would
    refuse as malformed.
    """
    parsed = Letter.from_json(letter)
    body = parsed.to_json()
    signature = key.sign(canonical_json(body))
    return {"letter": body, "signature": b64encode(signature),
            "key_id": key_id(key.public_key())}


def verify_signature(document: Mapping[str, Any], signature: bytes,
                     key: Ed25519PublicKey) -> bool:
    try:
        key.verify(signature, canonical_json(document))
    except InvalidSignature:
        return False
    return True


# -- receipts ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReceiptBody:
    """What the Secretariat acknowledges (R8): which letter, from whom, when."""

    receipt: int
    procedure: int
    draft: str
    member: str
    position: str
    letter_sha256: str
    received_at: datetime
    secretariat_key: str
    log_index: int | None = None  # issue 5: the letter's leaf in the transparency log

    def to_json(self) -> dict[str, Any]:
        extra = {} if self.log_index is None else {"log_index": self.log_index}
        return {
            **extra,
            "kind": RECEIPT_KIND,
            "receipt": self.receipt,
            "procedure": self.procedure,
            "draft": self.draft,
            "member": self.member,
            "position": self.position,
            "letter_sha256": self.letter_sha256,
            "received_at": format_time(self.received_at),
            "secretariat_key": self.secretariat_key,
        }

    def canonical(self) -> bytes:
        """``canonical_json(self.to_json())``. Every letter's receipt is made here, so for the
        usual receipt (whole numbers and text) the bytes are written out in key order, as
        ``json.dumps`` writes them, without building the document and sorting it."""
        if not self._plain():
            return canonical_json(self.to_json())
        text = json.encoder.encode_basestring
        log_index = "" if self.log_index is None else f'"log_index":{self.log_index},'
        try:
            return (f'{{"draft":{text(self.draft)},"kind":{text(RECEIPT_KIND)},'
                    f'"letter_sha256":{text(self.letter_sha256)},{log_index}'
                    f'"member":{text(self.member)},"position":{text(self.position)},'
                    f'"procedure":{self.procedure},"receipt":{self.receipt},'
                    f'"received_at":{text(format_time(self.received_at))},'
                    f'"secretariat_key":{text(self.secretariat_key)}}}').encode()
        except Exception:  # text UTF-8 cannot hold, a number too long: as canonical_json says
            return canonical_json(self.to_json())

    def stored_json(self) -> dict[str, Any]:
        """``json.loads(self.canonical())``: the document as read back from its stored bytes
        (keys in canonical order), without encoding and decoding it for the usual receipt."""
        if not self._plain():
            parsed: dict[str, Any] = json.loads(self.canonical())
            return parsed
        # A flat document of ints and strs reads back as itself, its keys sorted.
        return dict(sorted(self.to_json().items()))

    def _plain(self) -> bool:
        """Whether every number is an int and every text a str, as JSON gives them back (a
        bool or an int or str subclass takes the general way)."""
        return (type(self.receipt) is int and type(self.procedure) is int
                and (self.log_index is None or type(self.log_index) is int)
                and type(self.draft) is str and type(self.member) is str
                and type(self.position) is str and type(self.letter_sha256) is str
                and type(self.secretariat_key) is str)


def sign_document(document: Mapping[str, Any], key: Ed25519PrivateKey) -> tuple[bytes, str]:
    """A document's canonical bytes and their Ed25519 signature (base64)."""
    canonical = canonical_json(document)
    return canonical, sign_canonical(canonical, key)


def sign_canonical(canonical: bytes, key: Ed25519PrivateKey) -> str:
    """The Ed25519 signature (base64) of a document's canonical bytes."""
    return b64encode(key.sign(canonical))


def sign_receipt(body: ReceiptBody, key: Ed25519PrivateKey) -> dict[str, Any]:
    document = body.to_json()
    return {"receipt": document, "signature": sign_document(document, key)[1]}


def signed_parts(signed: object, field: str, kind: str, what: str
                 ) -> tuple[Mapping[str, Any], bytes]:
    """The body and the decoded signature of a signed document ``{field: body, "signature":
    base64}`` whose body has ``kind``; shared by receipts and tree heads.

    Raises:
        BadSignature: not that shape, another kind, or a signature that is not base64.
    """
    if not isinstance(signed, Mapping) or not {field, "signature"} <= set(signed):
        raise BadSignature(f"A signed {what} is a JSON object with '{field}' and "
                           "'signature'.")
    body = signed[field]
    if not isinstance(body, Mapping) or body.get("kind") != kind:
        raise BadSignature(f"The {what}'s kind is not {kind!r}.")
    try:
        signature = b64decode(signed["signature"], f"The {what}'s signature")
    except InvalidInput as exc:
        raise BadSignature(exc.message) from None
    return body, signature


def verify_receipt(signed: object, key: Ed25519PublicKey) -> dict[str, Any]:
    """Check a signed receipt against the Secretariat's public key.

    Returns:
        The receipt's body.

    Raises:
        BadSignature: the receipt is malformed, names another key, or does not verify.
    """
    body, signature = signed_parts(signed, "receipt", RECEIPT_KIND, "receipt")
    expected = key_id(key)
    if body.get("secretariat_key") != expected:
        raise BadSignature(f"The receipt names Secretariat key {body.get('secretariat_key')!r}; "
                           f"the key given is {expected!r}.")
    if not verify_signature(body, signature, key):
        raise BadSignature("The receipt's signature does not verify with the Secretariat's "
                           f"key {expected}: it was altered or not issued by this Secretariat.")
    return dict(body)


__all__ = [
    "LETTER_KIND",
    "RECEIPT_KIND",
    "BadSignature",
    "Letter",
    "ReceiptBody",
    "canonical_json",
    "format_time",
    "key_id",
    "load_private_key",
    "load_public_key",
    "sign_letter",
    "sign_receipt",
    "verify_receipt",
    "verify_signature",
]
