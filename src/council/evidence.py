"""Evidence bundles and log proofs for the CLI and the API (issue 5).

``export_evidence`` writes what a delegation needs to check one procedure offline with
``council verify --bundle``: the procedure's rows (draft, letters, receipts, explanations,
documents), its slice of the transparency log with an inclusion proof of every entry in a
final signed tree head, every tree head its receipts and its outcome letter cite with a
consistency proof to that final head, the public keys, and the outcome letter's text.
"""

from __future__ import annotations

from typing import Any

from council import log as tlog
from council.council import Council
from council.domain.errors import DocumentNotFound, InvalidInput, NotFound
from council.verify import check_evidence, load_evidence


def database_evidence(council: Council) -> dict[str, Any]:
    return load_evidence(council.store, council.secretariat_public_key())


def verify_database(council: Council) -> tuple[list[str], dict[str, int]]:
    """Check the whole store; (problems, counts)."""
    return check_evidence(database_evidence(council))


def signed_head(council: Council) -> dict[str, Any]:
    """A signed tree head of the whole log as it is now (signed once per size)."""
    at = council.clock()
    with council.store.transaction() as repo:
        key = council._ensure_secretariat_key(repo)
        size = tlog.log_size(repo)
        return tlog.sign_tree_head(repo, key, size, tlog.current_root(repo), at)


def inclusion(council: Council, index: int, size: int) -> dict[str, Any]:
    with council.store.transaction() as repo:
        entries = repo.log_entries(index, index + 1)
        if not entries:
            raise NotFound(f"The log has no entry {index}.")
        proof = tlog.prove_inclusion(repo, index, size)
        head = repo.tree_head(size)
        return {"index": index, "size": size, "leaf_hash": entries[0].leaf_hash,
                "entry": entries[0].payload, "proof": tlog.hexes(proof),
                "tree_head": tlog.stored_tree_head(head) if head else None}


def consistency(council: Council, old_size: int, new_size: int) -> dict[str, Any]:
    with council.store.transaction() as repo:
        proof = tlog.prove_consistency(repo, old_size, new_size)
        heads = {size: repo.tree_head(size) for size in (old_size, new_size)}
        return {"old_size": old_size, "new_size": new_size, "proof": tlog.hexes(proof),
                "tree_heads": {str(size): tlog.stored_tree_head(row)
                               for size, row in heads.items() if row is not None}}


def export_evidence(council: Council, symbol: str) -> dict[str, Any]:
    """The evidence bundle of the procedure on draft ``symbol`` (or its outcome letter)."""
    symbol = symbol.strip()
    try:
        draft = council.document(symbol).procedure.draft.symbol
    except DocumentNotFound:
        draft = council.procedure(symbol).draft.symbol
    final = signed_head(council)
    final_size = int(final["tree_head"]["size"])
    everything = database_evidence(council)
    procedure = next((p for p in everything["procedures"] if p["draft"]["symbol"] == draft),
                     None)
    if procedure is None:
        raise InvalidInput(f"No procedure on {draft}.")
    pid = procedure["id"]
    entries = [e for e in everything["log"]["entries"]
               if e["procedure"] == pid and e["index"] < final_size]
    cited = {b["receipt"]["tree_size"] for b in procedure["ballots"]
             if b["receipt"] and b["receipt"]["tree_size"] is not None}
    cited |= {d["tree_size"] for d in procedure["documents"] if d["tree_size"] is not None}
    with council.store.transaction() as repo:
        inclusion_proofs = {str(e["index"]): tlog.hexes(
            tlog.prove_inclusion(repo, e["index"], final_size)) for e in entries}
        consistency_proofs = {str(size): tlog.hexes(
            tlog.prove_consistency(repo, size, final_size)) for size in sorted(cited)}
    heads = [h for h in everything["tree_heads"]
             if h["tree_head"]["size"] in cited | {final_size}]
    members = {b["member"] for b in procedure["ballots"]}
    texts: dict[str, str] = {}
    outcome = next((d for d in procedure["documents"] if d["kind"] == "outcome_letter"), None)
    if outcome is not None:
        for lang in ("en", "fr", "zh"):
            texts[f"{outcome['symbol']} ({lang})"] = council.letter(outcome["symbol"], lang)
    return {
        "kind": everything["kind"], "scope": "procedure",
        "secretariat_key": everything["secretariat_key"],
        "delegation_keys": [k for k in everything["delegation_keys"] if k["member"] in members],
        "log": {"size": final_size, "entries": entries},
        "tree_heads": [{"tree_head": h["tree_head"], "signature": h["signature"]}
                       for h in heads],
        "final_head": final_size,
        "inclusion": inclusion_proofs,
        "consistency": consistency_proofs,
        "procedures": [procedure],
        "documents": texts,
    }


__all__ = ["consistency", "export_evidence", "inclusion", "signed_head", "verify_database"]
