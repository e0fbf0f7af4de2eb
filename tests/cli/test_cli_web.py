"""The CLI's account and signing commands (issue 4): council user add/list/token, keygen,
sign and verify-receipt, with exact messages and exit codes."""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from council.cli import main
from council.signing import (
    ReceiptBody,
    generate_private_key,
    key_id,
    load_private_key,
    load_public_key,
    public_key_pem,
    sign_receipt,
    verify_signature,
)

Invoke = Callable[..., Result]
PASSWORD = "correct horse battery"
LETTER = {
    "kind": "council/letter-of-position/1",
    "procedure": 1,
    "draft": "S/2020/600",
    "member": "FRA",
    "position": "yes",
    "signatory": {"name": "Nicolas de Rivière", "title": "permanent-representative"},
    "sent_at": "2020-06-28T16:30:00.000Z",
}


@pytest.fixture
def council_cli(tmp_path: Path) -> Invoke:
    """``council --db <tmp> ARGS`` on an initialised SQLite file."""
    db = f"sqlite:///{tmp_path / 'council.db'}"

    def invoke(*args: str, input: str | None = None) -> Result:
        return CliRunner().invoke(main, ["--db", db, *args], input=input)

    assert invoke("init").exit_code == 0
    return invoke


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


# -- council user ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("args", "message"), [
    (["--role", "permanent-representative", "--member", "Atlantis"],
     "Error: Member 'Atlantis' is not a known country name or code; expected a UN Member State "
     "or an alpha-3 code such as FRA.\n"),
    (["--role", "permanent-representative"],
     "Error: Role 'permanent-representative' belongs to a delegation; give --member.\n"),
    (["--role", "secretariat-director", "--member", "France"],
     "Error: Role 'secretariat-director' is not a delegation's; do not give a member.\n"),
    (["--role", "public", "--password", "short"],
     "Error: The password has 5 characters; use at least 12.\n"),
])
def test_user_add_with_a_bad_member_or_password_names_the_problem_and_exits_1(
        council_cli: Invoke, args: list[str], message: str) -> None:
    if "--password" not in args:
        args = [*args, "--password", PASSWORD]

    result = council_cli("user", "add", "fra-pr", *args)

    assert (result.exit_code, result.output) == (1, message)
    assert council_cli("user", "list").output == ""


def test_user_add_with_an_unknown_role_lists_the_roles(council_cli: Invoke) -> None:
    result = council_cli("user", "add", "fra-pr", "--role", "president", "--member", "France",
                         "--password", PASSWORD)

    # A bad --role is a usage error, which click answers with exit status 2.
    assert result.exit_code == 2
    assert result.output.endswith(
        "Error: Invalid value for '--role': 'president' is not one of 'secretariat-director', "
        "'secretariat-officer', 'permanent-representative', 'charge-d-affaires', "
        "'delegation-staff', 'public'.\n")


def test_user_add_list_and_token(council_cli: Invoke) -> None:
    added = council_cli("user", "add", "fra-pr", "--role", "permanent-representative",
                        "--member", "France", "--name", "Nicolas de Rivière",
                        input=f"{PASSWORD}\n{PASSWORD}\n")
    token = council_cli("user", "token", "fra-pr", "--label", "mission system")
    unknown = council_cli("user", "token", "nobody")

    assert added.exit_code == 0, added.output
    assert added.output.endswith(
        "Created fra-pr (Permanent Representative, FRA).\n")
    assert council_cli("user", "list").output == (
        "fra-pr\tpermanent-representative\tFRA\tNicolas de Rivière\n")
    assert token.exit_code == 0 and token.output.startswith("council_")
    assert (unknown.exit_code, unknown.output) == (
        1, "Error: No account 'nobody'; create it with: council user add\n")


# -- keygen, sign, verify-receipt -----------------------------------------------------------------


def test_keygen_writes_a_key_pair_and_never_overwrites(tmp_path: Path) -> None:
    key = tmp_path / "fra.key"

    first = cli("keygen", str(key))
    second = cli("keygen", str(key))

    public = load_public_key((tmp_path / "fra.key.pub").read_text())
    private = load_private_key(key.read_text())
    assert first.exit_code == 0
    assert first.output == (
        f"Wrote {key} (private, keep it secret) and {key}.pub (register it on the account "
        f"page); key id {key_id(public)}.\n")
    assert key.stat().st_mode & 0o777 == 0o600
    assert key_id(private.public_key()) == key_id(public)
    assert (second.exit_code, second.output) == (
        1, f"Error: '{key}' exists; a key file is never overwritten.\n")


def test_sign_then_the_signature_verifies_with_the_public_key(tmp_path: Path) -> None:
    assert cli("keygen", str(tmp_path / "fra.key")).exit_code == 0
    (tmp_path / "letter.json").write_text(json.dumps(LETTER, ensure_ascii=False, indent=2),
                                          encoding="utf-8")

    result = cli("sign", str(tmp_path / "letter.json"), "--key", str(tmp_path / "fra.key"))

    assert result.exit_code == 0, result.output
    signed = json.loads(result.output)
    public = load_public_key((tmp_path / "fra.key.pub").read_text())
    assert signed["letter"] == LETTER
    assert signed["key_id"] == key_id(public)
    assert verify_signature(signed["letter"], base64.b64decode(signed["signature"]), public)


def test_sign_refuses_a_malformed_letter_listing_its_problems(tmp_path: Path) -> None:
    assert cli("keygen", str(tmp_path / "fra.key")).exit_code == 0
    letter = {**LETTER, "position": "maybe", "member": "France"}
    (tmp_path / "letter.json").write_text(json.dumps(letter), encoding="utf-8")
    (tmp_path / "broken.json").write_text("{", encoding="utf-8")

    result = cli("sign", str(tmp_path / "letter.json"), "--key", str(tmp_path / "fra.key"))
    broken = cli("sign", str(tmp_path / "broken.json"), "--key", str(tmp_path / "fra.key"))
    no_key = cli("sign", str(tmp_path / "letter.json"), "--key", str(tmp_path / "none.key"))

    assert (result.exit_code, result.output) == (
        1, "Error: The letter of position has 2 problem(s): member is 'France'; expected an "
           "ISO 3166 alpha-3 code such as FRA; position is 'maybe'; expected one of: yes, no, "
           "abstain.\n")
    assert broken.exit_code == 1
    assert broken.output.startswith(f"Error: Letter file '{tmp_path / 'broken.json'}' is not "
                                    "JSON: Expecting property name enclosed in double quotes")
    assert no_key.exit_code == 1
    assert no_key.output.startswith(f"Error: Cannot read key file '{tmp_path / 'none.key'}'")


def test_verify_receipt_names_the_problem(tmp_path: Path) -> None:
    secretariat, other = generate_private_key(), generate_private_key()
    (tmp_path / "secretariat.pub").write_text(public_key_pem(secretariat.public_key()))
    (tmp_path / "other.pub").write_text(public_key_pem(other.public_key()))
    body = ReceiptBody(7, 1, "S/2020/600", "FRA", "yes", "ab" * 32,
                       datetime(2020, 6, 28, 16, 30, 1, 250000, tzinfo=UTC),
                       key_id(secretariat.public_key()))
    good = sign_receipt(body, secretariat)
    altered = json.loads(json.dumps(good))
    altered["receipt"]["position"] = "no"
    for name, receipt in (("good", good), ("altered", altered)):
        (tmp_path / f"{name}.json").write_text(json.dumps(receipt), encoding="utf-8")

    def verify(name: str, key: str) -> Result:
        return cli("verify-receipt", str(tmp_path / f"{name}.json"), "--public-key",
                   str(tmp_path / f"{key}.pub"))

    ok, changed, wrong_key = (verify("good", "secretariat"), verify("altered", "secretariat"),
                              verify("good", "other"))

    assert (ok.exit_code, ok.output) == (0, (
        "Receipt verified: FRA on S/2020/600 (procedure 1), yes, received "
        f"2020-06-28T16:30:01.250Z, letter SHA-256 {'ab' * 32}, Secretariat key "
        f"{key_id(secretariat.public_key())}.\n"))
    assert (changed.exit_code, changed.output) == (1, (
        "Error: The receipt's signature does not verify with the Secretariat's key "
        f"{key_id(secretariat.public_key())}: it was altered or not issued by this "
        "Secretariat.\n"))
    assert (wrong_key.exit_code, wrong_key.output) == (1, (
        f"Error: The receipt names Secretariat key '{key_id(secretariat.public_key())}'; the "
        f"key given is '{key_id(other.public_key())}'.\n"))
