"""``council verify``: an independent check of everything stored (issue 5).

This module shares no code path with the procedure: it reads the tables with plain SELECTs
(not the repository's loaders), re-hashes every log entry, re-checks every signature (letters,
receipts, tree heads), checks the inclusion of every letter and the consistency of every tree
head with the RFC 6962 proofs, and counts every vote again with its own small counter under
the rule the tally event recorded. It trusts only the Secretariat's public key and the
delegations' registered keys, and names every discrepancy it finds.

The same checks run on an evidence bundle (``council export-evidence``): one procedure's rows,
its slice of the log with inclusion proofs into a final signed tree head, and consistency
proofs from every tree head it cites to that final one, so that a delegation can check its
vote offline.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from council.domain.merkle import (
    CompactRange,
    consistency_proof,
    leaf_hash,
    tree_root,
    verify_consistency,
    verify_inclusion,
)
from council.signing import (
    BadSignature,
    b64decode,
    canonical_json,
    format_time,
    load_public_key,
    verify_receipt,
    verify_signature,
)
from council.store.repository import Store
from council.store.tables import (
    BallotRow,
    ConfigRow,
    DelegationKeyRow,
    DocumentRow,
    DraftRow,
    ExplanationRow,
    LetterRow,
    LogEntryRow,
    LogStateRow,
    ProcedureRow,
    ReceiptRow,
    TreeHeadRow,
)

EVIDENCE_KIND = "council/evidence/1"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _time(value: datetime | None) -> str | None:
    return format_time(value) if value is not None else None


# -- reading the database -------------------------------------------------------------------


def load_evidence(store: Store, secretariat_key: str) -> dict[str, Any]:
    """Everything stored, as plain data (the format of a bundle, scope "database")."""
    with Session(store.engine) as db:
        def rows(query: Any) -> list[Any]:
            return list(db.scalars(query))

        drafts = {d.id: d for d in rows(select(DraftRow))}
        ballots = rows(select(BallotRow).order_by(BallotRow.id))
        letters = {r.ballot_id: r for r in rows(select(LetterRow))}
        receipts = {r.ballot_id: r for r in rows(select(ReceiptRow))}
        letter_ids = {r.ballot_id for r in rows(select(LetterRow))}
        orphans = sorted((set(receipts) | letter_ids) - {b.id for b in ballots})
        procedures = []
        for p in rows(select(ProcedureRow).order_by(ProcedureRow.id)):
            draft = drafts[p.draft_id]
            procedures.append({
                "id": p.id,
                "draft": {"symbol": draft.symbol, "sponsors": list(draft.sponsors),
                          "agenda_item": draft.agenda_item, "matter": draft.matter,
                          "parties_to_dispute": list(draft.parties_to_dispute),
                          "text": draft.text,
                          "withdrawn": draft.withdrawn_at is not None},
                "state": p.state, "opened_at": _time(p.opened_at),
                "period_hours": p.period_hours,
                "explanation_window_hours": p.explanation_window_hours,
                "closed_at": _time(p.closed_at), "announced_at": _time(p.announced_at),
                "outcome": p.outcome,
                "ballots": [_ballot(b, letters.get(b.id), receipts.get(b.id))
                            for b in ballots if b.procedure_id == p.id],
                "explanations": [
                    {"member": e.member, "text": e.text, "received_at": _time(e.received_at)}
                    for e in rows(select(ExplanationRow).where(
                        ExplanationRow.procedure_id == p.id).order_by(ExplanationRow.id))],
                "documents": [_document(d) for d in rows(select(DocumentRow).where(
                    DocumentRow.procedure_id == p.id).order_by(DocumentRow.id))],
            })
        state = db.scalar(select(LogStateRow).where(LogStateRow.id == 1))
        entries = rows(select(LogEntryRow).order_by(LogEntryRow.index))
        heads = rows(select(TreeHeadRow).order_by(TreeHeadRow.size))
        keys = rows(select(DelegationKeyRow).order_by(DelegationKeyRow.id))
        stored_key = db.scalar(select(ConfigRow.value).where(
            ConfigRow.key == "secretariat_key"))
    return {
        "kind": EVIDENCE_KIND, "scope": "database",
        "secretariat_key": secretariat_key,
        "secretariat_key_stored": stored_key is not None,
        "delegation_keys": [{"member": k.member, "key_id": k.key_id,
                             "public_key": k.public_key,
                             "registered_at": _time(k.registered_at),
                             "revoked_at": _time(k.revoked_at)} for k in keys],
        "log": {"size": state.size if state is not None else None,
                "compact_range": list(state.compact_range) if state is not None else None,
                "entries": [_entry(e) for e in entries]},
        "tree_heads": [{"tree_head": json.loads(h.body), "signature": h.signature,
                        "stored_size": h.size, "stored_root": h.root_hash} for h in heads],
        "orphan_letters_or_receipts": orphans,
        "procedures": procedures,
    }


def _entry(e: LogEntryRow) -> dict[str, Any]:
    return {"index": e.index, "kind": e.kind, "procedure": e.procedure_id,
            "payload": e.payload, "leaf_hash": e.leaf_hash}


def _ballot(b: BallotRow, letter: LetterRow | None, receipt: ReceiptRow | None
            ) -> dict[str, Any]:
    return {
        "id": b.id, "member": b.member, "position": b.position,
        "received_at": _time(b.received_at), "signatory_name": b.signatory_name,
        "signatory_title": b.signatory_title,
        "letter": None if letter is None else {
            "canonical": letter.canonical, "sha256": letter.sha256,
            "signature": letter.signature, "key_id": letter.key_id, "via": letter.via},
        "receipt": None if receipt is None else {
            "body": json.loads(receipt.body), "signature": receipt.signature,
            "tree_size": receipt.tree_size,
            "inclusion_proof": list(receipt.inclusion_proof or [])},
    }


def _document(d: DocumentRow) -> dict[str, Any]:
    return {"kind": d.kind, "symbol": d.symbol, "date": d.date.isoformat(),
            "resolution_number": d.resolution_number, "tree_size": d.tree_size,
            "akn_sha256": _sha(d.akn) if d.akn is not None else None}


# -- the checks -------------------------------------------------------------------------------


class _Report:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.checked: Counter[str] = Counter()

    def fail(self, message: str) -> None:
        self.problems.append(message)

    def count(self, what: str, n: int = 1) -> None:
        self.checked[what] += n


def check_evidence(evidence: Mapping[str, Any]) -> tuple[list[str], dict[str, int]]:
    """Check a database's or a bundle's evidence.

    Returns:
        The discrepancies (empty when everything verifies), and how many of each thing were
        checked.
    """
    report = _Report()
    if evidence.get("kind") != EVIDENCE_KIND:
        report.fail(f"Not Council evidence (kind {evidence.get('kind')!r}, expected "
                    f"{EVIDENCE_KIND!r}).")
        return report.problems, dict(report.checked)
    try:
        key = load_public_key(str(evidence["secretariat_key"]))
    except Exception as exc:  # any malformed key is one problem, named
        report.fail(f"The Secretariat's public key cannot be read: {exc}.")
        return report.problems, dict(report.checked)
    full = evidence.get("scope") == "database"
    entries = _check_log(evidence, report, full)
    heads = _check_heads(evidence, key, entries, report, full)
    for orphan in evidence.get("orphan_letters_or_receipts", []):
        report.fail(f"A letter or receipt refers to ballot {orphan}, which does not exist "
                    "(a letter was deleted).")
    keys = _delegation_keys(evidence, report)
    for procedure in evidence.get("procedures", []):
        _check_procedure(procedure, entries, heads, key, keys, report, full)
    return report.problems, dict(report.checked)


def _check_log(evidence: Mapping[str, Any], report: _Report, full: bool
               ) -> dict[int, dict[str, Any]]:
    """Re-hash every entry; in a database, the indices run 0..n-1 and the state agrees."""
    log = evidence.get("log", {})
    entries: dict[int, dict[str, Any]] = {}
    for entry in log.get("entries", []):
        index = entry.get("index")
        report.count("log entries")
        payload = str(entry.get("payload", ""))
        try:
            parsed = json.loads(payload)
        except json.JSONDecodeError:
            report.fail(f"Log entry {index}: its content is not JSON (altered entry).")
            continue
        if leaf_hash(payload.encode("utf-8")).hex() != entry.get("leaf_hash"):
            report.fail(f"Log entry {index} ({entry.get('kind')}): its stored hash does not "
                        "match its content (the entry was altered).")
        if canonical_json(parsed).decode("utf-8") != payload:
            report.fail(f"Log entry {index}: its content is not in canonical form.")
        if parsed.get("event") != entry.get("kind"):
            report.fail(f"Log entry {index}: kind {entry.get('kind')!r} but its content says "
                        f"{parsed.get('event')!r}.")
        if entry.get("procedure") != parsed.get("procedure"):
            report.fail(f"Log entry {index}: filed under procedure {entry.get('procedure')} "
                        f"but its content names procedure {parsed.get('procedure')}.")
        if index in entries:
            report.fail(f"Log entry {index} appears twice.")
        entries[int(index)] = {**entry, "content": parsed}
    if full:
        size = len(entries)
        missing = sorted(set(range(size)) - set(entries))
        if missing or (entries and max(entries) != size - 1):
            report.fail(f"The log's entries are not numbered 0..{size - 1} without gaps "
                        f"(missing {missing[:10] or [size - 1]}): entries were deleted.")
        if log.get("size") != size:
            report.fail(f"The log's state says {log.get('size')} entries but {size} are "
                        "stored (entries were deleted, inserted or truncated).")
        else:
            leaves = [bytes.fromhex(entries[i]["leaf_hash"]) for i in sorted(entries)
                      if _is_hex(entries[i]["leaf_hash"])]
            try:
                stated = CompactRange.from_json(size, list(log.get("compact_range") or []))
                if len(leaves) == size and stated.root() != tree_root(leaves):
                    report.fail("The log's compact range does not match its entries (the log "
                                "was rewritten).")
            except ValueError as exc:
                report.fail(f"The log's compact range is malformed: {exc}")
    return entries


def _hashes(values: object) -> list[bytes]:
    """Hex strings as hashes; anything malformed becomes an empty hash (fails the proof)."""
    if not isinstance(values, list):
        return [b""]
    return [bytes.fromhex(v) if _is_hex(v) else b"" for v in values]


def _is_hex(value: object) -> bool:
    try:
        return isinstance(value, str) and len(bytes.fromhex(value)) == 32
    except ValueError:
        return False


def _check_heads(evidence: Mapping[str, Any], key: Any, entries: Mapping[int, Any],
                 report: _Report, full: bool) -> dict[int, bytes]:
    """Every signed tree head: its signature, its root against the log, and consistency."""
    heads: dict[int, bytes] = {}
    for signed in evidence.get("tree_heads", []):
        report.count("tree heads")
        body = signed.get("tree_head", {})
        size = body.get("size")
        try:
            if not verify_signature(body, b64decode(signed.get("signature"), "signature"),
                                    key):
                report.fail(f"The tree head of size {size}: its signature does not verify "
                            "(rewritten or forged).")
                continue
        except Exception:
            report.fail(f"The tree head of size {size}: its signature is malformed.")
            continue
        if "stored_size" in signed and (signed["stored_size"] != size
                                        or signed["stored_root"] != body.get("root_hash")):
            report.fail(f"The tree head of size {size}: the stored size/root columns differ "
                        "from the signed ones.")
        if not isinstance(size, int) or not _is_hex(body.get("root_hash")):
            report.fail(f"A tree head has a malformed size or root ({size!r}).")
            continue
        heads[size] = bytes.fromhex(body["root_hash"])
    if full:
        leaves = [bytes.fromhex(entries[i]["leaf_hash"]) if _is_hex(entries[i]["leaf_hash"])
                  else b"" for i in sorted(entries)]
        previous: tuple[int, bytes] | None = None
        for size in sorted(heads):
            if size > len(leaves):
                report.fail(f"The tree head of size {size} covers more entries than the log "
                            f"holds ({len(leaves)}): the log was truncated.")
                continue
            if tree_root(leaves[:size]) != heads[size]:
                report.fail(f"The tree head of size {size} does not match the log's first "
                            f"{size} entries: the log was rewritten after it was signed.")
                continue
            if previous is not None:
                proof = consistency_proof(previous[0], leaves[:size])
                if not verify_consistency(previous[0], size, previous[1], heads[size], proof):
                    report.fail(f"The tree heads of sizes {previous[0]} and {size} are not "
                                "consistent.")
            report.count("consistency proofs")
            previous = (size, heads[size])
    else:
        final = evidence.get("final_head")
        if final not in heads:
            report.fail(f"The bundle's final tree head (size {final}) is not among its signed "
                        "tree heads.")
            return heads
        for size_text, hexes in (evidence.get("consistency") or {}).items():
            size = int(size_text)
            if size not in heads:
                continue
            if not verify_consistency(size, final, heads[size], heads[final],
                                      _hashes(hexes)):
                report.fail(f"The tree head of size {size} is not consistent with the final "
                            f"tree head of size {final}.")
            report.count("consistency proofs")
        for index, entry in entries.items():
            path = (evidence.get("inclusion") or {}).get(str(index))
            leaf = bytes.fromhex(entry["leaf_hash"]) if _is_hex(entry["leaf_hash"]) else b""
            if path is None or not verify_inclusion(index, final, leaf, _hashes(path),
                                                    heads[final]):
                report.fail(f"Log entry {index} is not included in the final tree head of "
                            f"size {final}.")
            report.count("inclusion proofs")
    return heads


def _delegation_keys(evidence: Mapping[str, Any], report: _Report
                     ) -> dict[tuple[str, str], dict[str, Any]]:
    keys = {}
    for k in evidence.get("delegation_keys", []):
        try:
            keys[(k["member"], k["key_id"])] = {**k, "key": load_public_key(k["public_key"])}
        except Exception as exc:
            report.fail(f"The registered key {k.get('key_id')} of {k.get('member')} cannot be "
                        f"read ({exc}).")
    return keys


def _events(entries: Mapping[int, Mapping[str, Any]], procedure_id: int
            ) -> list[Mapping[str, Any]]:
    return [entries[i] for i in sorted(entries)
            if entries[i]["content"].get("procedure") == procedure_id]


def _check_procedure(p: Mapping[str, Any], entries: Mapping[int, Mapping[str, Any]],
                     heads: Mapping[int, bytes], key: Any,
                     keys: Mapping[tuple[str, str], Mapping[str, Any]], report: _Report,
                     full: bool) -> None:
    report.count("procedures")
    pid, symbol = p["id"], p["draft"]["symbol"]
    where = f"Procedure {pid} ({symbol})"
    events = _events(entries, pid)
    by_kind: dict[str, list[Mapping[str, Any]]] = {}
    for e in events:
        by_kind.setdefault(e["kind"], []).append(e["content"])
    registered = by_kind.get("draft-registered", [])
    if not registered:
        report.fail(f"{where}: the log has no draft-registered event.")
    else:
        latest_text = (by_kind.get("draft-changed") or registered)[-1].get("text_sha256")
        if latest_text != _sha(p["draft"]["text"]):
            report.fail(f"{where}: the draft's stored text differs from the text the log "
                        "recorded.")
    _check_state(p, where, by_kind, report)
    if p["state"] == "registered":
        if p["ballots"]:
            report.fail(f"{where}: letters stored for a draft never put to the vote.")
        return
    opened = by_kind.get("vote-opened", [])
    if not opened:
        report.fail(f"{where}: the log has no vote-opened event.")
        return
    opening = opened[-1]
    opened_at = _parse(p["opened_at"])
    closes_at = opened_at + timedelta(hours=float(p["period_hours"])) if opened_at else None
    if opening.get("at") != p["opened_at"] or opening.get("closes_at") != _time(closes_at):
        report.fail(f"{where}: the opening time or voting period stored ({p['opened_at']}, "
                    f"{p['period_hours']} h) differs from the log's ({opening.get('at')}, "
                    f"until {opening.get('closes_at')}).")
    members = list(opening.get("members", []))
    permanent = set(opening.get("permanent", []))
    positions = _check_letters(p, where, by_kind, members, closes_at, entries, heads, key,
                               keys, report)
    _check_explanations(p, where, by_kind, report)
    if p["state"] in ("closed", "announced"):
        _check_tally(p, where, by_kind, members, permanent, positions, report)
    if p["state"] == "announced":
        _check_documents(p, where, by_kind, heads, report, full)


def _check_state(p: Mapping[str, Any], where: str, by_kind: Mapping[str, Any],
                 report: _Report) -> None:
    """The stored state, closing and announcement times are those the log recorded."""
    logged = ("announced" if by_kind.get("letter-published") else
              "closed" if by_kind.get("vote-closed") else
              "in_voting" if by_kind.get("vote-opened") else "registered")
    if p["state"] != logged:
        report.fail(f"{where}: its state is stored as {p['state']!r}, but the log records it "
                    f"as {logged!r}.")
    for kind, field, what in (("vote-closed", "closed_at", "closing"),
                              ("letter-published", "announced_at", "announcement")):
        events = by_kind.get(kind)
        if events and events[-1].get("at") != p.get(field):
            report.fail(f"{where}: the {what} time stored ({p.get(field)}) differs from the "
                        f"log's ({events[-1].get('at')}).")


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value.replace("Z", "+00:00")) if value else None


def _check_letters(p: Mapping[str, Any], where: str, by_kind: Mapping[str, Any],
                   members: Sequence[str], closes_at: datetime | None,
                   entries: Mapping[int, Mapping[str, Any]], heads: Mapping[int, bytes],
                   key: Any, keys: Mapping[tuple[str, str], Mapping[str, Any]],
                   report: _Report) -> dict[str, str]:
    positions: dict[str, str] = {}
    logged = {e.get("member"): e for e in by_kind.get("letter-received", [])}
    counts = Counter(e.get("member") for e in by_kind.get("letter-received", []))
    for member, n in counts.items():
        if n > 1:
            report.fail(f"{where}: the log records {n} letters from {member}.")
    opened_at = _parse(p["opened_at"])
    for b in p["ballots"]:
        report.count("letters")
        member = b["member"]
        who = f"{where}: the letter from {member}"
        if member in positions:
            report.fail(f"{who} is stored twice.")
        positions[member] = b["position"]
        if member not in members:
            report.fail(f"{who}: {member} is not a member of the Council that voted.")
        received = _parse(b["received_at"])
        if received is None or opened_at is None or closes_at is None or not (
                opened_at <= received < closes_at):
            report.fail(f"{who} was received at {b['received_at']}, outside the voting period "
                        f"{p['opened_at']} – {_time(closes_at)}.")
        entry = logged.get(member)
        if entry is None:
            report.fail(f"{who} is stored but the log never recorded it (inserted letter).")
        elif (entry.get("position"), entry.get("at")) != (b["position"], b["received_at"]):
            report.fail(f"{who}: stored as {b['position']!r} at {b['received_at']}, but the log "
                        f"recorded {entry.get('position')!r} at {entry.get('at')}.")
        letter = b["letter"]
        if letter is None:
            report.fail(f"{who} has no stored letter document.")
            continue
        _check_letter_document(b, letter, p, who, entry, keys, report)
        _check_receipt(b, letter, p, who, entries, heads, key, report)
        _check_receipt_issued(b, who, by_kind, report)
    for member in logged:
        if member not in positions:
            report.fail(f"{where}: the log records a letter from {member} that is not in the "
                        "store (the letter was deleted).")
    return positions


def _check_letter_document(b: Mapping[str, Any], letter: Mapping[str, Any],
                           p: Mapping[str, Any], who: str, entry: Mapping[str, Any] | None,
                           keys: Mapping[tuple[str, str], Mapping[str, Any]],
                           report: _Report) -> None:
    canonical = str(letter["canonical"])
    if _sha(canonical) != letter["sha256"]:
        report.fail(f"{who}: the letter's stored SHA-256 does not match its text (altered).")
    if entry is not None and entry.get("letter_sha256") != _sha(canonical):
        report.fail(f"{who}: the letter differs from the one the log recorded (altered).")
    try:
        content = json.loads(canonical)
    except json.JSONDecodeError:
        report.fail(f"{who}: the stored letter is not JSON.")
        return
    expected = {"procedure": p["id"], "draft": p["draft"]["symbol"], "member": b["member"],
                "position": b["position"]}
    for field, value in expected.items():
        if content.get(field) != value:
            report.fail(f"{who}: the letter says {field} {content.get(field)!r}, the store "
                        f"{value!r}.")
    signatory = content.get("signatory")
    signed_by = signatory if isinstance(signatory, Mapping) else {}
    if (b.get("signatory_name") or "") != signed_by.get("name") or (
            b.get("signatory_title") is not None
            and b["signatory_title"] != signed_by.get("title")):
        report.fail(f"{who}: the letter is signed by {signed_by.get('name')!r} "
                    f"({signed_by.get('title')}), the store says {b.get('signatory_name')!r} "
                    f"({b.get('signatory_title')}).")
    if letter.get("signature"):
        report.count("letter signatures")
        found = keys.get((b["member"], str(letter.get("key_id"))))
        if found is None:
            report.fail(f"{who} was signed with key {letter.get('key_id')}, which is not "
                        f"registered for {b['member']}.")
        else:
            try:
                ok = verify_signature(content, b64decode(letter["signature"], "signature"),
                                      found["key"])
            except Exception:
                ok = False
            if not ok:
                report.fail(f"{who}: the delegation's signature does not verify (the letter "
                            "or its signature was altered).")


def _check_receipt(b: Mapping[str, Any], letter: Mapping[str, Any], p: Mapping[str, Any],
                   who: str, entries: Mapping[int, Mapping[str, Any]],
                   heads: Mapping[int, bytes], key: Any, report: _Report) -> None:
    receipt = b["receipt"]
    if receipt is None:
        report.fail(f"{who} has no receipt.")
        return
    report.count("receipts")
    try:
        body = verify_receipt({"receipt": receipt["body"], "signature": receipt["signature"]},
                              key)
    except BadSignature as exc:
        report.fail(f"{who}: its receipt does not verify: {exc.message}")
        return
    expected = {"procedure": p["id"], "draft": p["draft"]["symbol"], "member": b["member"],
                "position": b["position"], "letter_sha256": _sha(str(letter["canonical"])),
                "received_at": b["received_at"]}
    for field, value in expected.items():
        if body.get(field) != value:
            report.fail(f"{who}: its receipt says {field} {body.get(field)!r}, the store "
                        f"{value!r}.")
    index, size = body.get("log_index"), receipt.get("tree_size")
    if index is None:
        return  # a receipt issued before the log existed
    entry = entries.get(int(index))
    if entry is None:
        if size in heads:  # a bundle carries only its procedure's entries
            report.fail(f"{who}: its receipt points to log entry {index}, which is missing.")
        return
    if entry["kind"] != "letter-received" or entry["content"].get("member") != b["member"]:
        report.fail(f"{who}: its receipt points to log entry {index}, which is not this "
                    "letter.")
    if size not in heads:
        report.fail(f"{who}: its receipt cites a tree head of size {size} that is not signed.")
        return
    proof = [bytes.fromhex(h) for h in receipt.get("inclusion_proof") or []
             if _is_hex(h)]
    if not verify_inclusion(int(index), int(size), bytes.fromhex(entry["leaf_hash"]), proof,
                            heads[int(size)]):
        report.fail(f"{who}: its receipt's inclusion proof does not verify against the tree "
                    f"head of size {size}.")
    report.count("receipt inclusion proofs")


def _check_receipt_issued(b: Mapping[str, Any], who: str, by_kind: Mapping[str, Any],
                          report: _Report) -> None:
    """The receipt stored is the one the log recorded as issued (receipt-issued event)."""
    receipt = b["receipt"]
    if receipt is None or receipt["body"].get("log_index") is None:
        return  # no receipt (named already), or one issued before the log existed
    issued = [e for e in by_kind.get("receipt-issued", []) if e.get("member") == b["member"]]
    digest = hashlib.sha256(canonical_json(receipt["body"])).hexdigest()
    if not issued:
        report.fail(f"{who}: the log never recorded its receipt as issued (receipt-issued "
                    "entry missing).")
    elif issued[-1].get("receipt_sha256") != digest:
        report.fail(f"{who}: its receipt differs from the one the log recorded as issued.")


def _check_explanations(p: Mapping[str, Any], where: str, by_kind: Mapping[str, Any],
                        report: _Report) -> None:
    logged = {e.get("member"): e for e in by_kind.get("explanation-received", [])}
    for e in p["explanations"]:
        report.count("explanations")
        entry = logged.pop(e["member"], None)
        if entry is None:
            report.fail(f"{where}: the explanation of vote from {e['member']} is not in the "
                        "log (inserted).")
        elif entry.get("text_sha256") != _sha(e["text"]) or entry.get("at") != e["received_at"]:
            report.fail(f"{where}: the explanation of vote from {e['member']} differs from the "
                        "one the log recorded (altered).")
    for member in logged:
        report.fail(f"{where}: the log records an explanation of vote from {member} that is "
                    "not in the store (deleted).")


def count_votes(members: Sequence[str], permanent: set[str], positions: Mapping[str, str],
                matter: str, required: int, absent_veto: bool, parties: set[str]
                ) -> dict[str, Any]:
    """Article 27, counted again here (not with ``council.domain.tally``)."""
    lists: dict[str, list[str]] = {"in_favour": [], "against": [], "abstaining": [],
                                   "absent": []}
    for member in members:
        position = positions.get(member)
        if member in parties:
            lists["abstaining" if position else "absent"].append(member)
        else:
            lists[{"yes": "in_favour", "no": "against", "abstain": "abstaining",
                   None: "absent"}.get(position, "absent")].append(member)
    negative = [m for m in lists["against"] if m in permanent]
    if absent_veto:
        negative += [m for m in lists["absent"] if m in permanent and m not in parties]
    if len(lists["in_favour"]) < required:
        outcome = "failed"
    elif matter == "substantive" and negative:
        outcome = "vetoed"
    else:
        outcome = "adopted"
    return {"outcome": outcome, **lists}


def _check_tally(p: Mapping[str, Any], where: str, by_kind: Mapping[str, Any],
                 members: Sequence[str], permanent: set[str], positions: Mapping[str, str],
                 report: _Report) -> None:
    report.count("tallies")
    tallies = by_kind.get("tally", [])
    if not tallies:
        report.fail(f"{where}: the vote is closed but the log has no tally.")
        return
    logged = tallies[-1]
    rule = logged.get("rule", {})
    counted = count_votes(members, permanent, positions, p["draft"]["matter"],
                          int(rule.get("required_votes", 9)),
                          rule.get("absent_permanent_member") == "veto",
                          set(p["draft"]["parties_to_dispute"]))
    for field in ("in_favour", "against", "abstaining", "absent"):
        if sorted(logged.get(field, [])) != sorted(counted[field]):
            report.fail(f"{where}: recounting the stored letters gives {field.replace('_', ' ')} "
                        f"{sorted(counted[field])}, but the tally recorded "
                        f"{sorted(logged.get(field, []))}.")
    if logged.get("outcome") != counted["outcome"]:
        report.fail(f"{where}: recounting the stored letters gives {counted['outcome']!r}; the "
                    f"tally recorded {logged.get('outcome')!r}.")
    if p["outcome"] != counted["outcome"]:
        report.fail(f"{where}: the stored outcome is {p['outcome']!r}; recounting the stored "
                    f"letters gives {counted['outcome']!r}.")


def _check_documents(p: Mapping[str, Any], where: str, by_kind: Mapping[str, Any],
                     heads: Mapping[int, bytes], report: _Report, full: bool) -> None:
    documents = {d["kind"]: d for d in p["documents"]}
    published = {e.get("symbol"): e for e in by_kind.get("letter-published", [])}
    outcome = documents.get("outcome_letter")
    if outcome is None:
        report.fail(f"{where}: announced, but no outcome letter is stored.")
        return
    report.count("documents")
    event = published.get(outcome["symbol"])
    if event is None:
        report.fail(f"{where}: the outcome letter {outcome['symbol']} is not in the log.")
    elif event.get("outcome") != p["outcome"] or event.get("date") != outcome["date"]:
        report.fail(f"{where}: the outcome letter {outcome['symbol']} stored differs from the "
                    "one the log recorded (outcome or date).")
    if outcome.get("tree_size") is None or outcome["tree_size"] not in heads:
        report.fail(f"{where}: the outcome letter {outcome['symbol']} has no signed tree head "
                    "from its publication.")
    numbered = by_kind.get("resolution-numbered", [])
    resolution = documents.get("resolution")
    if p["outcome"] == "adopted":
        if resolution is None or not numbered:
            report.fail(f"{where}: adopted, but the resolution is not stored or not logged.")
        elif (numbered[-1].get("number") != resolution["resolution_number"]
              or numbered[-1].get("akn_sha256") != resolution["akn_sha256"]):
            report.fail(f"{where}: resolution {resolution['symbol']} differs from the one the "
                        "log recorded (number or text).")
    elif resolution is not None or numbered:
        report.fail(f"{where}: not adopted, yet a resolution was numbered.")


def summary(checked: Mapping[str, int]) -> str:
    return ", ".join(f"{n} {what}" for what, n in sorted(checked.items()))


__all__ = ["check_evidence", "count_votes", "load_evidence", "summary"]
