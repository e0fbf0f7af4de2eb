"""Receiving letters of position and acknowledging them (R6–R8; issues 4 and 5).

``LetterDesk`` records letters and issues their receipts. Letters that arrive together are
recorded together: checked one after the other in the order they arrived, written in one
transaction and made durable by one commit (a *group commit*), and only then acknowledged.
Each letter still gets its own ballot, stored letter, transparency-log leaves, signed tree
head and receipt, exactly as if it had come alone: the log's leaves are in arrival order and
every receipt carries the head of the tree just after its letter's leaf. A letter refused in
a batch (a bad signature, a second letter from one member, a closed vote, an unknown token)
leaves no trace and does not affect the others. If the database refuses the batch as a whole
(a writer in another process recorded one of its members' letters first), each letter is
tried again on its own, as a request alone would be.

``Intake`` is the web server's door to the desk: request handlers put letters on its queue
and await their receipts, and one writer thread takes whatever has queued up while the
previous batch was being committed. A direct call (``Council.send_signed_letter``, the CLI,
the tests) is a batch of one in the caller's thread; both go through ``LetterDesk.receive``.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import queue
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from council import log as tlog
from council.access import INVALID_TOKEN, Access
from council.catalog import Catalog
from council.domain.accounts import Action, Actor, NotAuthorised, NotSignedIn, authorise
from council.domain.ballots import Ballot, Position, Signatory, SignatoryTitle
from council.domain.drafts import Procedure
from council.domain.errors import (
    ConcurrentWrite,
    CouncilError,
    DocumentNotFound,
    InvalidInput,
    ProcedureError,
    SymbolInUse,
)
from council.domain.members import Country
from council.settings import Settings
from council.signing import (
    BadSignature,
    Letter,
    ReceiptBody,
    b64decode,
    b64encode,
    canonical_json,
    key_id,
    load_public_key,
    sha256_hex,
    sign_canonical,
)
from council.store.access import KeyRecord
from council.store.repository import Repository, Store

MAX_BATCH = 64  # letters per group commit: enough for every member of several votes at once
# Under load (the last batch had more than one letter), the writer keeps gathering letters
# while they keep coming: it closes the batch after GATHER_GAP seconds without a new one, or
# GATHER_SECONDS after the first, as PostgreSQL's commit_delay waits when other transactions
# are active. Without it, batches settle into alternating halves (the letters that came in
# while the writer was busy, then those that came in while the first half was answered), and
# each half pays a whole transaction. A letter alone is never kept waiting.
GATHER_GAP = 0.0007
GATHER_SECONDS = 0.008


@dataclass(frozen=True)
class Receipt:
    """The Secretariat's acknowledgement of a letter of position (R8).

    ``signed`` is the receipt document signed with the Secretariat's key (docs/signing.md);
    ``letter`` the canonical letter it acknowledges.
    """

    draft: str
    member: str
    position: Position
    received_at: datetime
    ballot_id: int
    signed: Mapping[str, Any] = field(default_factory=dict, compare=False)
    letter: Mapping[str, Any] = field(default_factory=dict, compare=False)
    procedure_id: int = 0
    replayed: bool = False  # the original receipt, returned again to a retry
    # ``signed`` as the API sends it (SIGNED_FIELDS, in order), made as the receipt is issued.
    signed_json: bytes | None = field(default=None, compare=False, repr=False)


@dataclass(frozen=True)
class Incoming:
    """A signed letter as it arrived (docs/signing.md).

    Attributes:
        symbol: the draft it was sent for (the URL it was posted to).
        envelope: ``{"letter": {...}, "signature": base64}`` as sent.
        at: when it arrived (the request's time).
        account_id, member: the transmitting account and its member, when known.
        idempotency_key: a retry with the same key (from the same account) gets the
            original receipt; so does the same signed letter sent again (issue 5).
        token: the API token it came with; the desk then finds the account itself (inside
            the batch's transaction) and checks that it may send letters.
    """

    symbol: str
    envelope: object
    at: datetime
    account_id: int | None = None
    member: str | None = None
    idempotency_key: str | None = None
    token: str | None = None


@dataclass(frozen=True)
class Accepted:
    """A letter that passed every check, to be written."""

    procedure_id: int
    procedure: Procedure
    ballot: Ballot
    letter: Mapping[str, Any]  # the canonical letter document
    signature: str | None
    signer: str | None  # the delegation key's id
    via: str  # api, web, cli
    account_id: int | None
    idempotency: tuple[int, str, str] | None = None  # account, key, request SHA-256
    canonical: bytes = b""  # the letter's canonical bytes, when already made

    def __post_init__(self) -> None:
        if not self.canonical:
            object.__setattr__(self, "canonical", canonical_json(self.letter))

    @property
    def digest(self) -> str:
        return sha256_hex(self.canonical)


@dataclass
class _Batch:
    """What one transaction has read and decided so far."""

    repo: Repository
    procedures: dict[str, tuple[int, Procedure] | CouncilError] = field(default_factory=dict)
    keys: dict[str, list[KeyRecord]] = field(default_factory=dict)
    accepted: list[Accepted] = field(default_factory=list)
    # Letters accepted earlier in this batch, by (procedure, member) and by idempotency key,
    # so that a retry that arrives with its original is answered like a later one would be.
    by_member: dict[tuple[int, str], int] = field(default_factory=dict)
    by_key: dict[tuple[int, str], int] = field(default_factory=dict)
    # The tokens whose actor may send letters: asked once a batch (``authorise`` depends on
    # the actor alone here), not for each of its letters. A refusal is asked again each time.
    authorised: set[str] = field(default_factory=set)


@dataclass(frozen=True)
class _Slot:
    """A letter accepted in this batch (its place in ``_Batch.accepted``), or an exact repeat
    of one accepted earlier in it (``again``), which gets that one's receipt."""

    index: int
    again: bool = False


Result = Receipt | CouncilError


@dataclass(frozen=True)
class ReadAhead:
    """A letter parsed and its canonical bytes made: by the desk as it checks the letter, or
    while its batch was still gathering (``LetterDesk.read_ahead``), which also checks its
    signature against each key its member had when the desk last read them. The desk checks
    itself a key it finds that is not among ``verified``.
    """

    letter: Letter
    signature: bytes
    canonical: dict[str, Any]
    message: bytes
    verified: Mapping[str, bool]  # by public key (PEM): whether the signature verifies


@lru_cache(maxsize=1024)
def _public_key(pem: str) -> Ed25519PublicKey:
    return load_public_key(pem)


class LetterDesk:
    """Checks, records and acknowledges letters of position, in batches."""

    def __init__(self, store: Store, catalog: Catalog, settings: Settings, access: Access,
                 secretariat_key: Callable[[Repository], Ed25519PrivateKey]) -> None:
        self.store = store
        self.catalog = catalog
        self.settings = settings
        self.access = access
        self.secretariat_key = secretariat_key
        # The active keys (PEM) of each member as the last batch read them, by member code:
        # what ``read_ahead`` verifies a letter against before its batch reads them again.
        self._known_keys: dict[str, tuple[str, ...]] = {}

    def read_ahead(self, incoming: Incoming) -> ReadAhead | None:
        """Parse ``incoming``'s letter and verify its signature ahead of its batch; None if it
        is malformed (its batch then refuses it with the error it meets in order).

        ``Intake``'s writer does this while a batch is gathering, for the letters already in
        hand, instead of waiting idle for the next: the signature's verification is most of
        a letter's check, and ``cryptography`` releases the GIL while it verifies, so the
        event loop reads the next requests meanwhile. It is pure (a verification depends only
        on the key, the signature and the bytes), so the desk's answer is the same whatever
        has changed since: a key registered meanwhile the desk verifies itself, and one
        revoked meanwhile is not among the batch's keys.
        """
        envelope = incoming.envelope
        if not isinstance(envelope, Mapping) or not {"letter", "signature"} <= set(envelope):
            return None
        try:
            read = _read_letter(envelope)
        except CouncilError:
            return None
        keys = self._known_keys.get(read.letter.member, ())
        if not keys:
            return read
        return ReadAhead(read.letter, read.signature, read.canonical, read.message,
                         {pem: _verifies(pem, read.signature, read.message) for pem in keys})

    # -- receiving -------------------------------------------------------------------------

    def receive(self, letters: Sequence[Incoming],
                reads: Sequence[ReadAhead | None] | None = None) -> list[Result]:
        """Record ``letters``, in one transaction when possible: for each, its receipt or the
        error that refused it (nothing of it stored). Errors of the store itself raise.

        ``reads``: what ``read_ahead`` made of each letter, when it was called."""
        try:
            return self._receive(letters, reads)
        except (ConcurrentWrite, SymbolInUse) as exc:
            if len(letters) > 1:  # one of them raced another process: each on its own
                return [self.receive([letter], None if reads is None else [reads[i]])[0]
                        for i, letter in enumerate(letters)]
            if not isinstance(exc, ConcurrentWrite):
                raise
        try:  # a racing request committed first: look again, now that it is visible
            return self._receive(letters, reads)
        except ConcurrentWrite as again:
            return [again]

    def _receive(self, letters: Sequence[Incoming],
                 reads: Sequence[ReadAhead | None] | None) -> list[Result]:
        with self.store.transaction() as repo:
            batch = _Batch(repo)
            tokens = [letter.token for letter in letters if letter.token is not None]
            actors = (self.access.token_actors(repo, tokens, max(x.at for x in letters))
                      if tokens else {})
            self._lock_procedures(batch, sorted({letter.symbol for letter in letters}))
            batch.keys = repo.delegation_keys_of(_members_named(letters))
            self._known_keys.update((member, tuple(k.public_key for k in keys))
                                    for member, keys in batch.keys.items())
            decided: list[_Slot | Receipt | CouncilError] = []
            for i, letter in enumerate(letters):
                try:
                    decided.append(self._check(batch, letter, actors,
                                               None if reads is None else reads[i]))
                except CouncilError as exc:
                    decided.append(exc)
            receipts = self.record(repo, batch.accepted)
        results: list[Result] = []
        for outcome in decided:
            if isinstance(outcome, _Slot):
                receipt = receipts[outcome.index]
                results.append(replace(receipt, replayed=True) if outcome.again else receipt)
            else:
                results.append(outcome)
        return results

    def _lock_procedures(self, batch: _Batch, symbols: Sequence[str]) -> None:
        # In symbol order, so that two batches never wait for each other's procedures.
        for symbol in symbols:
            try:
                batch.procedures[symbol] = batch.repo.load(symbol, self.catalog.membership,
                                                           lock=True)
            except CouncilError as exc:
                batch.procedures[symbol] = exc

    def _procedure(self, batch: _Batch, symbol: str) -> tuple[int, Procedure]:
        found = batch.procedures[symbol]
        if isinstance(found, CouncilError):
            raise found
        return found

    def _check(self, batch: _Batch, incoming: Incoming, actors: Mapping[str, Actor | None],
               read: ReadAhead | None = None) -> _Slot | Receipt:
        """Every check on one letter, in the order a request alone meets them (with what
        ``read`` has already done of them)."""
        account_id, member = incoming.account_id, incoming.member
        if incoming.token is not None:
            actor = actors.get(incoming.token)
            if actor is None:
                raise NotSignedIn(INVALID_TOKEN)
            if incoming.token not in batch.authorised:
                authorise(actor, Action.PREPARE_LETTER, None, actor.member)
                batch.authorised.add(incoming.token)
            account_id, member = actor.account_id, actor.member
        envelope = incoming.envelope
        if not isinstance(envelope, Mapping) or not {"letter", "signature"} <= set(envelope):
            raise InvalidInput("A signed letter is a JSON object with 'letter' and "
                               "'signature' (and optionally 'key_id'); see docs/signing.md.")
        extra = set(envelope) - {"letter", "signature", "key_id"}
        if extra:
            raise InvalidInput(f"Unknown field(s) {', '.join(sorted(extra))} beside the letter; "
                               "expected letter, signature, key_id.")
        if read is None:
            read = _read_letter(envelope)
        letter, signature = read.letter, read.signature
        if member is not None and letter.member != member:
            # Acting for another member is a matter of who may, not of a malformed letter.
            raise NotAuthorised(f"The letter is written for member {letter.member}; your "
                                f"account belongs to the delegation of {member}.")
        key = incoming.idempotency_key
        if key is not None and not 1 <= len(key) <= 200:
            raise InvalidInput(f"Idempotency-Key has {len(key)} characters; expected 1 to 200.")
        canonical, message = read.canonical, read.message
        digest = sha256_hex(message)
        signature_text = b64encode(signature)
        # What an Idempotency-Key names: the request's letter and signature.
        request_sha = (sha256_hex(canonical_json({"letter": canonical,
                                                  "signature": signature_text}))
                       if key is not None else "")
        repo = batch.repo
        procedure_id, procedure = self._procedure(batch, incoming.symbol)
        if key is not None and account_id is not None:
            pending = batch.by_key.get((account_id, key))
            if pending is not None:
                original = batch.accepted[pending].idempotency
                if original is None or original[2] != request_sha:
                    raise _key_reused(key)
                return _Slot(pending, again=True)
            seen = repo.idempotent(account_id, key)
            if seen is not None:
                if seen.request_sha256 != request_sha:
                    raise _key_reused(key)
                return stored_receipt(repo, seen.ballot_id, replayed=True)
        if procedure.ballot_of(letter.member) is not None:
            pending = batch.by_member.get((procedure_id, letter.member))
            if pending is not None:
                earlier = batch.accepted[pending]
                if earlier.digest == digest and earlier.signature == signature_text:
                    return _Slot(pending, again=True)
            else:
                earlier_id = repo.ballot_id(procedure_id, letter.member)
                stored = repo.letter_of(earlier_id) if earlier_id is not None else None
                if (earlier_id is not None and stored is not None and stored.sha256 == digest
                        and stored.signature == signature_text):
                    return stored_receipt(repo, earlier_id, replayed=True)
        if letter.draft != procedure.draft.symbol or letter.procedure != procedure_id:
            raise InvalidInput(
                f"The letter is for procedure {letter.procedure} on draft {letter.draft}; "
                f"it was sent to procedure {procedure_id} on draft "
                f"{procedure.draft.symbol}. A letter counts only for the vote it names."
            )
        country = member_of(self.catalog, procedure, letter.member)
        if country.code not in batch.keys:
            batch.keys.update(repo.delegation_keys_of([country.code]))
        keys = batch.keys[country.code]
        if not keys:
            raise BadSignature(
                f"{country.name('en')} has registered no signing key; its Permanent "
                "Representative registers one on the account page (or sends the letter "
                "through the web form)."
            )
        signer = next((k for k in keys if _verified(read, k.public_key)), None)
        if signer is None:
            raise BadSignature(
                f"The signature does not verify with any key registered for "
                f"{country.name('en')} (keys {', '.join(k.key_id for k in keys)}): the letter "
                "was altered, or signed with another key."
            )
        at = incoming.at
        skew = timedelta(seconds=float(self.settings["LETTER_CLOCK_SKEW_SECONDS"]))
        if letter.sent_at > at + skew:
            raise InvalidInput(
                f"The letter says it was sent at {letter.sent_at:%Y-%m-%d %H:%M:%S} UTC, "
                f"later than its arrival at {at:%Y-%m-%d %H:%M:%S} UTC; check the clock "
                "that signs the letters."
            )
        if procedure.opened_at is not None and letter.sent_at < procedure.opened_at - skew:
            raise InvalidInput(
                f"The letter says it was sent at {letter.sent_at:%Y-%m-%d %H:%M:%S} UTC, "
                f"before the vote opened at {procedure.opened_at:%Y-%m-%d %H:%M:%S} UTC."
            )
        ballot = Ballot(country.code, Position(letter.position), at,
                        Signatory(letter.signatory_name, SignatoryTitle(letter.signatory_title)))
        procedure = procedure.cast(ballot)
        batch.procedures[incoming.symbol] = (procedure_id, procedure)
        accepted = Accepted(procedure_id, procedure, ballot, canonical, signature_text,
                            signer.key_id, "api", account_id,
                            (account_id, key, request_sha)
                            if key is not None and account_id is not None else None, message)
        slot = _Slot(len(batch.accepted))
        batch.by_member[(procedure_id, country.code)] = slot.index
        if accepted.idempotency is not None:
            batch.by_key[accepted.idempotency[:2]] = slot.index
        batch.accepted.append(accepted)
        return slot

    # -- recording -------------------------------------------------------------------------

    def record(self, repo: Repository, letters: Sequence[Accepted]) -> list[Receipt]:
        """Write accepted letters inside ``repo``'s transaction and sign their receipts:
        each table in one INSERT, the log's leaves in order (letter, then its receipt)."""
        if not letters:
            return []
        ballot_ids = repo.add_ballot_rows([_ballot_row(a) for a in letters])
        canonicals = [a.canonical for a in letters]
        digests = [sha256_hex(c) for c in canonicals]
        repo.add_letter_rows([
            {"ballot_id": ballot_id, "canonical": c.decode("utf-8"), "sha256": digest,
             "signature": a.signature, "key_id": a.signer, "via": a.via,
             "account_id": a.account_id}
            for a, ballot_id, c, digest in zip(letters, ballot_ids, canonicals, digests,
                                               strict=True)])
        key = self.secretariat_key(repo)
        kid = key_id(key.public_key())
        log = tlog.Appender(repo)
        # The letter's log index, its receipt, the receipt's canonical bytes and signature.
        issued: list[tuple[int, ReceiptBody, bytes, str]] = []
        for a, ballot_id, digest in zip(letters, ballot_ids, digests, strict=True):
            ballot, draft = a.ballot, a.procedure.draft.symbol
            # Each letter's leaf, then its receipt's: letter, receipt, letter, receipt...
            entry = log.append("letter-received", a.procedure_id, draft, ballot.received_at,
                               member=ballot.member, position=ballot.position.value,
                               letter_sha256=digest)
            receipt = ReceiptBody(ballot_id, a.procedure_id, draft, ballot.member,
                                  ballot.position.value, digest, ballot.received_at, kid,
                                  entry.index)
            body = receipt.canonical()
            signature = sign_canonical(body, key)
            log.append("receipt-issued", a.procedure_id, draft, ballot.received_at,
                       member=ballot.member, receipt_sha256=sha256_hex(body))
            issued.append((entry.index, receipt, body, signature))
        # One signed tree head for the batch, of the log as the batch leaves it: every
        # receipt carries it with its letter's inclusion proof, so each delegation can hold
        # the log to its letter (docs/signing.md).
        size = log.range.size
        head = log.sign_tree_head(key, size, log.range.root(),
                                  max(a.ballot.received_at for a in letters))
        head_json = api_json(head)  # the batch's one head, encoded once for all its receipts
        proofs = log.proofs([index for index, _, _, _ in issued])
        receipts: list[Receipt] = []
        receipt_rows: list[dict[str, Any]] = []
        for a, ballot_id, (_, receipt, body, signature), proof in zip(
                letters, ballot_ids, issued, proofs, strict=True):
            ballot = a.ballot
            # In their stored (canonical) key order, so that a retry, which reads them back
            # from the store, gets the original receipt byte for byte.
            hashes = tlog.hexes(proof)
            signed = {"receipt": receipt.stored_json(), "signature": signature,
                      "tree_head": head, "inclusion_proof": hashes}
            receipt_rows.append({"ballot_id": ballot_id, "body": body.decode("utf-8"),
                                 "signature": signature, "tree_size": size,
                                 "inclusion_proof": hashes})
            # The receipt's body is canonical JSON already, in the key order of ``signed``.
            signed_json = b"".join((
                b'{"receipt":', body, b',"signature":', _api_json_text(signature),
                b',"tree_head":', head_json, b',"inclusion_proof":', _api_json_texts(hashes),
                b"}"))
            receipts.append(Receipt(a.procedure.draft.symbol, ballot.member, ballot.position,
                                    ballot.received_at, ballot_id, signed, dict(a.letter),
                                    a.procedure_id, signed_json=signed_json))
        repo.add_receipt_rows(receipt_rows)
        repo.add_idempotency_rows([
            {"account_id": a.idempotency[0], "key": a.idempotency[1],
             "request_sha256": a.idempotency[2], "ballot_id": ballot_id}
            for a, ballot_id in zip(letters, ballot_ids, strict=True)
            if a.idempotency is not None])
        repo.drop_prepared_letters((a.procedure_id, a.ballot.member) for a in letters)
        log.flush()
        return receipts


def member_of(catalog: Catalog, procedure: Procedure, name: str) -> Country:
    """The member ``name`` (any of its names or its code) of the procedure's Council."""
    council = procedure.council
    if council is None:
        raise ProcedureError(
            f"Draft {procedure.draft.symbol} has not been put to the vote yet; the "
            "President must open the vote first."
        )
    return catalog.membership.resolve(name, council.year)


# The fields of a signed receipt as the API sends it (``web.models.ReceiptOut``), in order.
SIGNED_FIELDS = ("receipt", "signature", "tree_head", "inclusion_proof")


def api_json(value: Any) -> bytes:
    """``value`` encoded as the API's JSON responses are (FastAPI's JSONResponse): the
    letters' lane answers with these bytes, and a receipt is made in them as it is issued."""
    return json.dumps(value, ensure_ascii=False, allow_nan=False, indent=None,
                      separators=(",", ":")).encode("utf-8")


def _api_json_text(text: str) -> bytes:
    """``api_json(text)`` for a string, without building an encoder: the same C function
    encodes it (``json.dumps`` with ensure_ascii=False)."""
    return json.encoder.encode_basestring(text).encode("utf-8")


def _api_json_texts(texts: Sequence[str]) -> bytes:
    """``api_json(texts)`` for a list of strings (an inclusion proof's hashes)."""
    return ("[" + ",".join(map(json.encoder.encode_basestring, texts)) + "]").encode("utf-8")


def stored_receipt(repo: Repository, ballot_id: int, replayed: bool = False) -> Receipt:
    """The receipt issued for a stored letter, exactly as first issued."""
    ballot = repo.ballot(ballot_id)
    letter_row, receipt_row = repo.letter_of(ballot_id), repo.receipt_of(ballot_id)
    if letter_row is None or receipt_row is None:
        raise DocumentNotFound(
            f"The letter from {ballot.member} was recorded before receipts were issued; "
            "it has no receipt.")
    signed: dict[str, Any] = {"receipt": json.loads(receipt_row.body),
                              "signature": receipt_row.signature}
    if receipt_row.tree_size is not None:
        head = repo.tree_head(receipt_row.tree_size)
        if head is not None:
            signed["tree_head"] = tlog.stored_tree_head(head)
        signed["inclusion_proof"] = list(receipt_row.inclusion_proof or [])
    return Receipt(repo.draft_symbol_of(ballot.procedure_id), ballot.member,
                   Position(ballot.position), ballot.received_at, ballot_id, signed,
                   json.loads(letter_row.canonical), ballot.procedure_id, replayed)


def _members_named(letters: Sequence[Incoming]) -> set[str]:
    """The members the letters say they are from, to read their keys at once (a letter that
    names none, or a malformed one, is refused before its keys are needed)."""
    named = set()
    for incoming in letters:
        envelope = incoming.envelope
        letter = envelope.get("letter") if isinstance(envelope, Mapping) else None
        member = letter.get("member") if isinstance(letter, Mapping) else None
        if isinstance(member, str):
            named.add(member)
    return named


def _ballot_row(a: Accepted) -> dict[str, Any]:
    ballot = a.ballot
    return {"procedure_id": a.procedure_id, "member": ballot.member,
            "position": ballot.position.value,
            "signatory_name": ballot.signatory.name if ballot.signatory else None,
            "signatory_title": ballot.signatory.title.value if ballot.signatory else None,
            "received_at": ballot.received_at}


def _verifies(pem: str, signature: bytes, message: bytes) -> bool:
    try:
        _public_key(pem).verify(signature, message)
    except InvalidSignature:
        return False
    return True


def _read_letter(envelope: Mapping[str, Any]) -> ReadAhead:
    """The letter of an envelope that has "letter" and "signature", parsed, with its
    canonical bytes; nothing verified yet. Raises the letter's or the signature's error."""
    letter = Letter.from_json(envelope["letter"])
    signature = b64decode(envelope["signature"], "The signature")
    return ReadAhead(letter, signature, letter.to_json(), letter.canonical(), {})


def _verified(read: ReadAhead, pem: str) -> bool:
    """Whether ``read``'s signature verifies with ``pem``: as read ahead, or checked now."""
    known = read.verified.get(pem)
    return _verifies(pem, read.signature, read.message) if known is None else known


def _key_reused(key: str) -> InvalidInput:
    return InvalidInput(f"Idempotency-Key {key!r} was used for another letter; a key names "
                        "one request. Use a new key for a new letter.")


# -- the web server's queue ---------------------------------------------------------------------


@dataclass(slots=True)
class _Queued:
    """A queued letter, the future its request awaits, and its read-ahead once made.

    ``future`` is a thread's (``submit``) or, with ``loop``, an event loop's (``receive``)."""

    letter: Incoming
    future: Future[Result] | asyncio.Future[Result]
    read: ReadAhead | None = None
    loop: asyncio.AbstractEventLoop | None = None


class Intake:
    """One writer thread that records queued letters in batches (group commit).

    ``submit`` returns a future that holds the letter's receipt or the error that refused it;
    it is resolved only after the batch's transaction has committed. A failure of the store
    itself (the database gone) is set on every letter of the batch.
    """

    def __init__(self, desk: LetterDesk, max_batch: int = MAX_BATCH) -> None:
        self.desk = desk
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue[_Queued | None] = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self.batches = 0  # batches committed, for the benchmark and the tests
        self.letters = 0

    def submit(self, letter: Incoming) -> Future[Result]:
        """Queue ``letter``; the future resolves once its batch has committed."""
        future: Future[Result] = Future()
        self._put(_Queued(letter, future))
        return future

    async def receive(self, letter: Incoming) -> Result:
        """Queue ``letter`` from the running event loop and await its result.

        The writer hands a batch's results to each event loop in one call (one wake-up of
        the loop for the batch, not one per letter, as ``asyncio.wrap_future`` would make)."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Result] = loop.create_future()
        self._put(_Queued(letter, future, loop=loop))
        return await future

    def _put(self, queued: _Queued) -> None:
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="council-intake",
                                                daemon=True)
                self._thread.start()
            self._queue.put(queued)

    def close(self) -> None:
        """Finish what is queued, then stop the thread."""
        with self._lock:
            thread, self._thread = self._thread, None
            if thread is not None:
                self._queue.put(None)
        if thread is not None:
            thread.join()

    def _run(self) -> None:
        previous = 1
        while True:
            first = self._queue.get()
            if first is None:
                return
            batch, stop = self._gather(first, gathering=previous > 1)
            previous = len(batch)
            self._record(batch)
            if stop:
                return

    def _gather(self, first: _Queued, gathering: bool) -> tuple[list[_Queued], bool]:
        """The batch that ``first`` opens, and whether the intake is closing. Under load
        (``gathering``) letters are taken until none has come for GATHER_GAP seconds, or
        GATHER_SECONDS after the first; meanwhile each letter in hand is read ahead."""
        batch = [first]
        read = 0  # letters read ahead so far
        now = time.monotonic()
        until, last = now + GATHER_SECONDS, now
        while len(batch) < self.max_batch:
            try:
                item = self._queue.get_nowait()
            except queue.Empty:
                if not gathering:
                    break
                if read < len(batch):  # read the next one ahead rather than wait idle
                    batch[read].read = self.desk.read_ahead(batch[read].letter)
                    read += 1
                    continue
                now = time.monotonic()
                wait = min(last + GATHER_GAP, until) - now
                if wait <= 0:
                    break
                try:
                    item = self._queue.get(timeout=wait)
                except queue.Empty:
                    break
            if item is None:
                return batch, True
            batch.append(item)
            last = time.monotonic()
        return batch, False

    def _record(self, batch: list[_Queued]) -> None:
        raised: BaseException | None = None
        results: Sequence[Result | None]
        try:
            results = self.desk.receive([queued.letter for queued in batch],
                                        [queued.read for queued in batch])
        except BaseException as exc:  # every waiting request must hear of it
            raised, results = exc, [None] * len(batch)
        else:
            self.batches += 1
            self.letters += len(batch)
        by_loop: dict[asyncio.AbstractEventLoop, list[_Settled]] = {}
        for queued, result in zip(batch, results, strict=True):
            if queued.loop is None:
                _settle([(queued.future, result, raised)])
            else:
                by_loop.setdefault(queued.loop, []).append((queued.future, result, raised))
        for loop, settled in by_loop.items():
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits any more
                loop.call_soon_threadsafe(_settle, settled)


# A future, and the result or the exception to resolve it with.
_Settled = tuple[Any, "Result | None", "BaseException | None"]


def _settle(settled: Sequence[_Settled]) -> None:
    """Resolve each future, unless its waiter gave up (a cancelled asyncio future)."""
    for future, result, raised in settled:
        if future.done():
            continue
        if raised is not None:
            future.set_exception(raised)
        else:
            future.set_result(result)


__all__ = ["SIGNED_FIELDS", "Accepted", "Incoming", "Intake", "LetterDesk", "ReadAhead", "Receipt",
           "api_json", "member_of", "stored_receipt"]
