"""Evidence bundles and log proofs (issue 5): ``council export-evidence`` then
``council verify --bundle`` offline; a bundle with one bit flipped in a letter, a receipt, a
proof or a tree head fails naming the problem; ``council log head|inclusion|consistency`` and
GET /api/log/... give proofs that verify with ``council.domain.merkle``, and bad sizes give a
clear message (exit 1 on the CLI, the one JSON error shape on the API).

Runs on SQLite, and on PostgreSQL when ``COUNCIL_TEST_POSTGRES_URL`` is set.
"""

from __future__ import annotations

import base64
import copy
import json
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from fastapi.testclient import TestClient

from council import log as tlog
from council.cli import main
from council.council import Council
from council.domain.merkle import leaf_hash, verify_consistency, verify_inclusion
from council.settings import load_settings
from council.signing import canonical_json, load_public_key
from council.store.repository import Store
from tests.factories import DRAFT_TEXT, OPENED_AT, codes

SYMBOL = "S/2020/600"
FAILED_POSITIONS = {"CHN": "yes", "RUS": "yes", "BEL": "no", "FRA": "abstain"}

Invoke = Callable[..., Result]


def populate(council: Council) -> Council:
    """S/2020/600 adopted 15-0-0 and announced; S/2020/654 put to the vote, four letters."""
    council.add_draft(SYMBOL, ["France"], "The situation in Mali", DRAFT_TEXT,
                      at=OPENED_AT - timedelta(days=1))
    council.open_vote(SYMBOL, at=OPENED_AT, period_hours=24)
    for i, member in enumerate(codes()):
        council.cast_vote(SYMBOL, member, "yes", f"Representative of {member}",
                          at=OPENED_AT + timedelta(hours=1, minutes=i))
    closes = OPENED_AT + timedelta(hours=24)
    council.close_vote(SYMBOL, at=closes)
    council.explain_vote(SYMBOL, "FRA", "France welcomes the renewal.",
                         at=closes + timedelta(hours=1))
    council.announce(SYMBOL, at=closes + timedelta(hours=2))
    council.add_draft("S/2020/654", ["Belgium"], "The situation in the Middle East",
                      DRAFT_TEXT, at=closes)
    council.open_vote("S/2020/654", at=closes + timedelta(hours=3), period_hours=24)
    for i, (member, position) in enumerate(FAILED_POSITIONS.items()):
        council.cast_vote("S/2020/654", member, position,
                          at=closes + timedelta(hours=4, minutes=i))
    return council


@pytest.fixture
def voted(council: Council) -> Council:
    return populate(council)


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """One bundle of S/2020/600 (SQLite), for the tests that only check bundles offline."""
    where = tmp_path_factory.mktemp("bundle")
    url = f"sqlite:///{where / 'council.db'}"
    council = Council(load_settings(environ={"COUNCIL_DATABASE_URL": url}, dotenv=None),
                      Store(url))
    try:
        council.init()
        populate(council)
        return export(lambda *args: CliRunner().invoke(main, ["--db", url, *args]), where)
    finally:
        council.store.dispose()


@pytest.fixture
def cli(voted: Council) -> Invoke:
    url = str(voted.settings.database_url)

    def invoke(*args: str) -> Result:
        return CliRunner().invoke(main, ["--db", url, *args])
    return invoke


def secretariat_pub(cli: Invoke, tmp_path: Path) -> Path:
    result = cli("secretariat-key")
    assert result.exit_code == 0, result.output
    path = tmp_path / "secretariat.pub"
    path.write_text(result.stdout, encoding="utf-8")
    return path


def export(cli: Invoke, tmp_path: Path, symbol: str = SYMBOL) -> dict[str, Any]:
    out = tmp_path / "evidence.json"
    result = cli("export-evidence", symbol, "--out", str(out))
    assert (result.exit_code, result.output) == (0, f"Wrote {out}.\n")
    bundle: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return bundle


def verify_bundle(bundle: dict[str, Any], tmp_path: Path, *args: str) -> Result:
    path = tmp_path / "checked.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    return CliRunner().invoke(main, ["verify", "--bundle", str(path), *args])


# -- export-evidence and verify --bundle --------------------------------------------------------


def test_an_exported_bundle_verifies_offline(cli: Invoke, tmp_path: Path) -> None:
    bundle = export(cli, tmp_path)
    assert bundle["kind"] == "council/evidence/1" and bundle["scope"] == "procedure"
    [procedure] = bundle["procedures"]
    assert procedure["draft"]["symbol"] == SYMBOL and procedure["outcome"] == "adopted"
    assert len(procedure["ballots"]) == 15
    assert {"S/2020/1 (en)", "S/2020/1 (fr)", "S/2020/1 (zh)"} <= set(bundle["documents"])
    assert all(e["procedure"] == procedure["id"] for e in bundle["log"]["entries"])

    result = verify_bundle(bundle, tmp_path, "--public-key", str(secretariat_pub(cli, tmp_path)))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Verified: ")
    assert "15 letters" in result.stdout and "15 receipt inclusion proofs" in result.stdout
    assert result.stdout.endswith("; no discrepancy.\n")


def test_a_bundle_for_a_vote_in_progress_verifies_too(cli: Invoke, tmp_path: Path) -> None:
    bundle = export(cli, tmp_path, "S/2020/654")
    assert [b["member"] for b in bundle["procedures"][0]["ballots"]] == list(FAILED_POSITIONS)
    result = verify_bundle(bundle, tmp_path)
    assert result.exit_code == 0, result.output


def test_exporting_an_unknown_procedure_names_it(cli: Invoke) -> None:
    result = cli("export-evidence", "S/2020/999")
    assert result.exit_code == 1
    assert "S/2020/999" in result.stderr


def flip_hex(value: str, bit: int = 0) -> str:
    raw = bytearray(bytes.fromhex(value))
    raw[len(raw) // 2] ^= 1 << bit
    return raw.hex()


def flip_base64(value: str) -> str:
    raw = bytearray(base64.b64decode(value))
    raw[len(raw) // 2] ^= 1
    return base64.b64encode(bytes(raw)).decode("ascii")


def flip_text(value: str) -> str:
    """One bit of one character in the middle of a text (a letter, a log entry)."""
    middle = len(value) // 2
    while not value[middle].isalnum():
        middle += 1
    return value[:middle] + chr(ord(value[middle]) ^ 1) + value[middle + 1:]


def ballot(bundle: dict[str, Any], i: int) -> dict[str, Any]:
    found: dict[str, Any] = bundle["procedures"][0]["ballots"][i]
    return found


def head(bundle: dict[str, Any], size: int) -> dict[str, Any]:
    return next(h for h in bundle["tree_heads"] if h["tree_head"]["size"] == size)


def first_cited(bundle: dict[str, Any]) -> str:
    return min(bundle["consistency"], key=int)


def letter_entry(bundle: dict[str, Any], i: int) -> int:
    index: int = ballot(bundle, i)["receipt"]["body"]["log_index"]
    return index


def set_in(bundle: dict[str, Any], path: tuple[Any, ...], flip: Callable[[str], str]) -> None:
    target: Any = bundle
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = flip(target[path[-1]])


Where = Callable[[dict[str, Any]], tuple[Any, ...]]

# (what is flipped, where it is in the bundle, how, a fragment of the message that names it)
FLIPS: list[tuple[str, Where, Callable[[str], str], Callable[[dict[str, Any]], str]]] = [
    ("letter text", lambda b: ("procedures", 0, "ballots", 3, "letter", "canonical"), flip_text,
     lambda b: f"the letter from {ballot(b, 3)['member']}: the letter's stored SHA-256"),
    ("letter hash", lambda b: ("procedures", 0, "ballots", 4, "letter", "sha256"), flip_hex,
     lambda b: f"the letter from {ballot(b, 4)['member']}: the letter's stored SHA-256"),
    ("receipt signature", lambda b: ("procedures", 0, "ballots", 0, "receipt", "signature"),
     flip_base64, lambda b: f"the letter from {ballot(b, 0)['member']}: its receipt does not "
                            "verify"),
    ("receipt's letter hash",
     lambda b: ("procedures", 0, "ballots", 14, "receipt", "body", "letter_sha256"), flip_hex,
     lambda b: f"the letter from {ballot(b, 14)['member']}: its receipt does not verify"),
    ("receipt's inclusion proof",
     lambda b: ("procedures", 0, "ballots", 9, "receipt", "inclusion_proof", 0), flip_hex,
     lambda b: f"the letter from {ballot(b, 9)['member']}: its receipt's inclusion proof does "
               "not verify"),
    ("inclusion proof in the final head",
     lambda b: ("inclusion", str(letter_entry(b, 5)), 0), flip_hex,
     lambda b: f"Log entry {letter_entry(b, 5)} is not included in the final tree head"),
    ("consistency proof", lambda b: ("consistency", first_cited(b), 0), flip_hex,
     lambda b: f"The tree head of size {first_cited(b)} is not consistent with the final"),
    ("tree head's root",
     lambda b: ("tree_heads", 0, "tree_head", "root_hash"), flip_hex,
     lambda b: f"The tree head of size {b['tree_heads'][0]['tree_head']['size']}: its "
               "signature does not verify"),
    ("tree head's signature", lambda b: ("tree_heads", 2, "signature"), flip_base64,
     lambda b: f"The tree head of size {b['tree_heads'][2]['tree_head']['size']}: its "
               "signature does not verify"),
    ("final tree head's root",
     lambda b: ("tree_heads", len(b["tree_heads"]) - 1, "tree_head", "root_hash"), flip_hex,
     lambda b: f"The bundle's final tree head (size {b['final_head']}) is not among"),
    ("log entry", lambda b: ("log", "entries", 7, "payload"), flip_text,
     lambda b: f"Log entry {b['log']['entries'][7]['index']}"),
    ("log entry's hash", lambda b: ("log", "entries", 2, "leaf_hash"), flip_hex,
     lambda b: f"Log entry {b['log']['entries'][2]['index']} ("),
]


@pytest.mark.parametrize(("where", "flip", "expected"),
                         [pytest.param(w, f, e, id=name) for name, w, f, e in FLIPS])
def test_a_bundle_with_a_flipped_bit_fails_naming_the_problem(
        exported: dict[str, Any], tmp_path: Path, where: Where, flip: Callable[[str], str],
        expected: Callable[[dict[str, Any]], str]) -> None:
    bundle = exported
    changed = copy.deepcopy(bundle)
    set_in(changed, where(bundle), flip)
    assert changed != bundle
    result = verify_bundle(changed, tmp_path)
    assert result.exit_code == 1
    failures = [line.removeprefix("FAIL ") for line in result.stderr.splitlines()
                if line.startswith("FAIL ")]
    assert any(expected(bundle) in line for line in failures), result.stderr
    assert "discrepancy(ies) found" in result.stderr.splitlines()[-1]


def test_a_bundle_checked_with_another_public_key_is_refused(exported: dict[str, Any],
                                                             tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["keygen", str(tmp_path / "other.key")]).exit_code == 0
    result = verify_bundle(exported, tmp_path, "--public-key", str(tmp_path / "other.key.pub"))
    assert result.exit_code == 1
    assert "the data was re-signed with another key, or the wrong key file was given" in (
        result.stderr)


@pytest.mark.parametrize(("content", "expected"), [
    ("{not json", "is not JSON: Expecting property name enclosed in double quotes at line 1"),
    ('{"kind": "something/else"}', "Not Council evidence (kind 'something/else'"),
])
def test_a_file_that_is_not_a_bundle_is_named(tmp_path: Path, content: str,
                                              expected: str) -> None:
    path = tmp_path / "bundle.json"
    path.write_text(content, encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", "--bundle", str(path)])
    assert result.exit_code == 1
    assert expected in result.stderr


# -- log head, inclusion, consistency: CLI ------------------------------------------------------


def json_of(result: Result) -> dict[str, Any]:
    assert result.exit_code == 0, result.output
    value: dict[str, Any] = json.loads(result.stdout)
    return value


def test_log_head_inclusion_and_consistency_verify(cli: Invoke, voted: Council) -> None:
    key = load_public_key(voted.secretariat_public_key())
    signed = json_of(cli("log", "head"))
    body = tlog.verify_tree_head(signed, key)
    size, root = body["size"], bytes.fromhex(body["root_hash"])
    # S/2020/600: registered, opened, 15 letters and receipts, closed, tally, explanation,
    # outcome letter, resolution; S/2020/654: registered, opened, 4 letters and receipts.
    assert size == (2 + 15 * 2 + 2 + 1 + 2) + (2 + 4 * 2)
    assert json_of(cli("log", "head")) == signed  # signed once per size

    for index in (0, 1, 2, 5, size // 2, size - 2, size - 1):
        proof = json_of(cli("log", "inclusion", str(index), str(size)))
        assert proof["tree_head"] == signed
        assert bytes.fromhex(proof["leaf_hash"]) == leaf_hash(proof["entry"].encode("utf-8"))
        assert verify_inclusion(index, size, bytes.fromhex(proof["leaf_hash"]),
                                [bytes.fromhex(h) for h in proof["proof"]], root)

    receipt = voted.receipt(SYMBOL, "FRA").signed
    old = receipt["tree_head"]["tree_head"]["size"]
    proof = json_of(cli("log", "consistency", str(old), str(size)))
    assert proof["tree_heads"] == {str(old): receipt["tree_head"], str(size): signed}
    assert verify_consistency(old, size, bytes.fromhex(receipt["tree_head"]["tree_head"]
                                                       ["root_hash"]), root,
                              [bytes.fromhex(h) for h in proof["proof"]])


@pytest.mark.parametrize(("args", "message"), [
    (("inclusion", "5", "3"), "Entry 5 is not in a tree of size 3; expected 0 ≤ index < size."),
    (("inclusion", "0", "999"), "there is no tree of size 999."),
    (("inclusion", "999", "1000"), "The log has no entry 999."),
    (("consistency", "9", "3"), "Sizes 9 and 3: expected 0 ≤ old ≤ new."),
    (("consistency", "3", "999"), "there is no tree of size 999."),
])
def test_log_proofs_for_bad_sizes_name_the_problem(cli: Invoke, args: tuple[str, ...],
                                                   message: str) -> None:
    result = cli("log", *args)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr


# -- the same through the API ---------------------------------------------------------------------


@pytest.fixture
def client(voted: Council) -> Any:
    with TestClient(create_app_of(voted)) as test_client:
        yield test_client


def create_app_of(council: Council) -> Any:
    from council.web.app import create_app

    return create_app(council)


def test_the_api_gives_proofs_that_verify(client: TestClient, voted: Council) -> None:
    key = load_public_key(client.get("/api/secretariat-key").json()["public_key"])
    response = client.get("/api/log/head")
    assert response.status_code == 200
    signed = response.json()
    body = tlog.verify_tree_head(signed, key)
    size, root = body["size"], bytes.fromhex(body["root_hash"])

    for index in (0, 1, size // 2, size - 1):
        proof = client.get("/api/log/inclusion", params={"index": index, "size": size}).json()
        assert json.loads(proof["entry"]) == json.loads(canonical_json(json.loads(
            proof["entry"])))
        assert verify_inclusion(index, size, bytes.fromhex(proof["leaf_hash"]),
                                [bytes.fromhex(h) for h in proof["proof"]], root)

    for old in (0, 1, 7, size - 1, size):
        response = client.get("/api/log/consistency", params={"old": old, "new": size})
        assert response.status_code == 200
        proof = response.json()
        with voted.store.transaction() as repo:
            old_root = tlog.root_of(repo, old)
        assert verify_consistency(old, size, old_root, root,
                                  [bytes.fromhex(h) for h in proof["proof"]])


@pytest.mark.parametrize(("path", "params", "status", "message"), [
    ("/api/log/inclusion", {"index": 5, "size": 3}, 422, "Entry 5 is not in a tree of size 3"),
    ("/api/log/inclusion", {"index": 0, "size": 999}, 404, "there is no tree of size 999"),
    ("/api/log/consistency", {"old": 9, "new": 3}, 422, "Sizes 9 and 3: expected"),
    ("/api/log/consistency", {"old": 3, "new": 999}, 404, "there is no tree of size 999"),
    ("/api/log/inclusion", {"index": -1, "size": 3}, 422, "index"),
    ("/api/log/consistency", {"old": "seven", "new": 3}, 422, "old"),
])
def test_the_api_refuses_bad_sizes_with_its_error_shape(client: TestClient, path: str,
                                                        params: dict[str, Any], status: int,
                                                        message: str) -> None:
    response = client.get(path, params=params)
    assert response.status_code == status
    body = response.json()
    assert body["ok"] is False and body["status"] == status
    assert message in body["error"] or any(message in str(e) for e in body["errors"])
