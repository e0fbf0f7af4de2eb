"""The transparency log (issue 5): every event that changes a procedure, appended to one
append-only Merkle log built as in RFC 6962, with tree heads signed by the Secretariat.

Each event is a leaf: its canonical JSON (``council.signing.canonical_json``) hashed with the
0x00 prefix. Appending reads and rewrites the log's compact range (the roots of its perfect
subtrees) under a lock, so an append costs O(log n) and yields, for free, the inclusion proof
of the new leaf in the new tree: that is what a receipt carries. Like Certificate
Transparency, anyone holding two signed tree heads can ask for a consistency proof and check
that the later log extends the earlier one, i.e. nothing was rewritten.

Events (``kind``): draft-registered, draft-changed, draft-withdrawn, vote-opened,
letter-received, receipt-issued, explanation-received, vote-closed, tally, letter-published,
resolution-numbered.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from council.domain.errors import InvalidInput, NotFound
from council.domain.merkle import (
    CompactRange,
    consistency_proof,
    extended_proofs,
    inclusion_proof,
    leaf_hash,
    push_leaf,
    tree_root,
)
from council.domain.tally import TallyResult, TallyRule
from council.signing import (
    BadSignature,
    canonical_json,
    format_time,
    key_id,
    sign_document,
    signed_parts,
    verify_signature,
)
from council.store.repository import Repository
from council.store.tables import TreeHeadRow

TREE_HEAD_KIND = "council/tree-head/1"
EVENTS = ("draft-registered", "draft-changed", "draft-withdrawn", "vote-opened",
          "letter-received", "receipt-issued", "explanation-received", "vote-closed", "tally",
          "letter-published", "resolution-numbered")


@dataclass(frozen=True)
class Appended:
    """A leaf just appended: its index and hash (``Appender.proofs`` gives its proof)."""

    index: int
    leaf_hash: bytes


def event_payload(kind: str, procedure: int | None, draft: str | None, at: datetime,
                  details: Mapping[str, Any]) -> dict[str, Any]:
    """The leaf's content. ``details`` may not override the common fields."""
    if kind not in EVENTS:
        raise ValueError(f"unknown log event {kind!r}")
    payload: dict[str, Any] = {"event": kind, "at": format_time(at)}
    if procedure is not None:
        payload["procedure"] = procedure
    if draft is not None:
        payload["draft"] = draft
    for key, value in details.items():
        if key in payload:
            raise ValueError(f"event detail {key!r} would override a common field")
        payload[key] = value
    return payload


def append_event(repo: Repository, kind: str, procedure: int | None, draft: str | None,
                 at: datetime, **details: Any) -> Appended:
    """Append one event inside the caller's transaction (rolled back with it)."""
    appender = Appender(repo)
    entry = appender.append(kind, procedure, draft, at, **details)
    appender.flush()
    return entry


class Appender:
    """Several events appended in one transaction: the log's state row is read (and locked)
    once, the leaves are hashed into the compact range in memory, and ``flush`` writes the
    entries, the tree heads signed meanwhile and the new state, each table in one INSERT.

    Used for letters that arrive together (``council.receiving``); ``append_event`` is an
    appender of one event. Nothing is written before ``flush``.
    """

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.state = repo.log_state(lock=True)
        self.before = CompactRange.from_json(self.state.size, self.state.compact_range)
        # The log's frontier as the appends leave it, grown in place (``range`` is its value).
        self._frontier = list(self.before.hashes)
        self.leaves: list[bytes] = []
        self.entries: list[dict[str, Any]] = []
        self.heads: list[dict[str, Any]] = []

    @property
    def range(self) -> CompactRange:
        """The log's compact range after the events appended so far."""
        return CompactRange.trusted(self.before.size + len(self.leaves), tuple(self._frontier))

    def append(self, kind: str, procedure: int | None, draft: str | None, at: datetime,
               **details: Any) -> Appended:
        payload = canonical_json(event_payload(kind, procedure, draft, at, details))
        leaf = leaf_hash(payload)
        index = self.before.size + len(self.leaves)
        push_leaf(self._frontier, index, leaf)
        self.leaves.append(leaf)
        self.entries.append({"index": index, "kind": kind, "procedure_id": procedure,
                             "payload": payload.decode("utf-8"), "leaf_hash": leaf.hex(),
                             "appended_at": at})
        return Appended(index, leaf)

    def sign_tree_head(self, key: Ed25519PrivateKey, size: int, root: bytes, at: datetime
                       ) -> dict[str, Any]:
        """The signed head of a size this appender just made (so none is stored yet)."""
        body = tree_head_body(size, root, at, key.public_key())
        canonical, signature = sign_document(body, key)
        self.heads.append({"size": size, "root_hash": root.hex(),
                           "body": canonical.decode("utf-8"), "signature": signature,
                           "issued_at": at})
        # The body as stored (keys in canonical order), as a later reader gets it back.
        return {"tree_head": json.loads(canonical), "signature": signature}

    def proofs(self, indexes: Sequence[int]) -> list[tuple[bytes, ...]]:
        """Inclusion proofs of entries this appender appended, in the tree as it is now."""
        start = self.before.size
        return [tuple(proof) for proof in extended_proofs(
            self.before, self.leaves, [index - start for index in indexes])]

    def flush(self) -> None:
        self.repo.add_log_rows(self.entries, self.heads)
        self.entries, self.heads = [], []
        grown = self.range
        self.state.size = grown.size
        self.state.compact_range = grown.to_json()
        self.repo.save_log_state(self.state)


def tree_head_body(size: int, root: bytes, at: datetime, key: Ed25519PublicKey
                   ) -> dict[str, Any]:
    return {"kind": TREE_HEAD_KIND, "size": size, "root_hash": root.hex(),
            "timestamp": format_time(at), "secretariat_key": key_id(key)}


def sign_tree_head(repo: Repository, key: Ed25519PrivateKey, size: int, root: bytes,
                   at: datetime) -> dict[str, Any]:
    """The signed tree head of ``size`` (signed once, then reused)."""
    stored = repo.tree_head(size)
    if stored is not None:
        return stored_tree_head(stored)
    body = tree_head_body(size, root, at, key.public_key())
    canonical, signature = sign_document(body, key)
    repo.add_tree_head(TreeHeadRow(size=size, root_hash=root.hex(),
                                   body=canonical.decode("utf-8"), signature=signature,
                                   issued_at=at))
    return {"tree_head": body, "signature": signature}


def stored_tree_head(row: TreeHeadRow) -> dict[str, Any]:
    return {"tree_head": json.loads(row.body), "signature": row.signature}


def verify_tree_head(signed: object, key: Ed25519PublicKey) -> dict[str, Any]:
    """Check a signed tree head; return its body.

    Raises:
        BadSignature: malformed, another key, or a signature that does not verify.
    """
    body, signature = signed_parts(signed, "tree_head", TREE_HEAD_KIND, "tree head")
    if body.get("secretariat_key") != key_id(key):
        raise BadSignature(f"The tree head names key {body.get('secretariat_key')!r}, not "
                           f"{key_id(key)!r}.")
    if not verify_signature(body, signature, key):
        raise BadSignature(f"The signature of the tree head of size {body.get('size')} does "
                           "not verify with the Secretariat's key.")
    return dict(body)


def log_size(repo: Repository) -> int:
    return repo.log_state().size


def leaf_hashes(repo: Repository, size: int) -> list[bytes]:
    current = log_size(repo)
    if not 0 <= size <= current:
        raise NotFound(f"The log has {current} entries; there is no tree of size {size}.")
    return [bytes.fromhex(h) for h in repo.leaf_hashes(size)]


def prove_inclusion(repo: Repository, index: int, size: int) -> list[bytes]:
    if not 0 <= index < size:
        raise InvalidInput(f"Entry {index} is not in a tree of size {size}; expected "
                           f"0 ≤ index < size.")
    return inclusion_proof(index, leaf_hashes(repo, size))


def prove_consistency(repo: Repository, old_size: int, new_size: int) -> list[bytes]:
    if not 0 <= old_size <= new_size:
        raise InvalidInput(f"Sizes {old_size} and {new_size}: expected 0 ≤ old ≤ new.")
    return consistency_proof(old_size, leaf_hashes(repo, new_size))


def root_of(repo: Repository, size: int) -> bytes:
    return tree_root(leaf_hashes(repo, size))


def hexes(values: Sequence[bytes]) -> list[str]:
    return [value.hex() for value in values]


def tally_details(result: TallyResult, rule: TallyRule) -> dict[str, Any]:
    """What a tally event records: the count, and the rule it was counted under."""
    return {
        "outcome": result.outcome.value,
        "matter": result.matter.value,
        "in_favour": list(result.in_favour),
        "against": list(result.against),
        "abstaining": list(result.abstaining),
        "absent": list(result.absent),
        "vetoed_by": list(result.vetoed_by),
        "rule": {"required_votes": rule.required_votes,
                 "absent_permanent_member": rule.absent_permanent_member.value},
    }


def current_root(repo: Repository) -> bytes:
    """The root of the whole log, from its compact range (no leaf is read)."""
    state = repo.log_state()
    return CompactRange.from_json(state.size, state.compact_range).root()


def check_receipt_inclusion(signed: Mapping[str, Any], key: Ed25519PublicKey) -> int:
    """Check that a receipt's letter is in the log: the tree head's signature, and the
    inclusion proof of the letter-received leaf rebuilt from the receipt's own fields.

    Returns:
        The size of the tree head.

    Raises:
        BadSignature: the tree head or the proof does not verify.
    """
    from council.domain.merkle import verify_inclusion
    from council.signing import parse_time

    body = signed.get("receipt")
    if not isinstance(body, Mapping) or "log_index" not in body:
        raise BadSignature("The receipt carries no log index; it predates the transparency "
                           "log.")
    head = verify_tree_head(signed.get("tree_head"), key)
    proof_hex = signed.get("inclusion_proof")
    try:
        proof = [bytes.fromhex(p) for p in proof_hex] if isinstance(proof_hex, list) else None
        received = parse_time(body.get("received_at"), "received_at")
        payload = event_payload("letter-received", int(body["procedure"]), str(body["draft"]),
                                received, {"member": body["member"],
                                           "position": body["position"],
                                           "letter_sha256": body["letter_sha256"]})
        index, size = int(body["log_index"]), int(head["size"])
        root = bytes.fromhex(str(head["root_hash"]))
    except (KeyError, TypeError, ValueError, InvalidInput) as exc:
        raise BadSignature(f"The receipt's log fields are malformed ({exc}).") from None
    if proof is None or not verify_inclusion(index, size, leaf_hash(canonical_json(payload)),
                                             proof, root):
        raise BadSignature(f"The inclusion proof does not show the letter as entry {index} of "
                           f"the log of size {size} signed by the Secretariat.")
    return size
