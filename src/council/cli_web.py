"""The CLI's web and signing commands: serve, user, keygen, sign, verify-receipt (issue 4).

``council sign`` and ``council verify-receipt`` work offline, without a database: a
delegation signs its letter on its own machine, and anyone checks a receipt with the
Secretariat's public key (``council secretariat-key``, or GET /api/secretariat-key).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from council.cli import _council, _errors_to_exit, main
from council.domain.accounts import Role
from council.domain.errors import InvalidInput
from council.signing import (
    BadSignature,
    generate_private_key,
    key_id,
    load_private_key,
    load_public_key,
    private_key_pem,
    public_key_pem,
    read_text_file,
    sign_letter,
    verify_receipt,
)


def _read_json(path: str, what: str) -> Any:
    text = read_text_file(Path(path), what)
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise InvalidInput(f"{what} {path!r} is not JSON: {exc.msg} at line {exc.lineno}, "
                           f"column {exc.colno}.") from None


@main.command()
@click.option("--host", default=None, help="Address to listen on (default: HOST setting).")
@click.option("--port", type=int, default=None, help="Port (default: PORT setting).")
@click.option("--database-url", default=None,
              help="Database URL (default: DATABASE_URL setting).")
@click.option("--secure-cookies/--no-secure-cookies", default=None,
              help="Mark cookies Secure (default: when the request came over HTTPS, e.g. "
                   "behind a TLS proxy with --proxy-headers).")
@click.option("--proxy-headers", is_flag=True,
              help="Trust X-Forwarded-For/-Proto from the proxy in front.")
@click.option("--get", "get_path", default=None, metavar="PATH",
              help="Print the response to GET PATH (e.g. /api/drafts) and exit, without "
                   "starting a server.")
@click.pass_context
@_errors_to_exit
def serve(ctx: click.Context, host: str | None, port: int | None, database_url: str | None,
          secure_cookies: bool | None, proxy_headers: bool, get_path: str | None) -> None:
    """Run the web app and JSON API (FastAPI on uvicorn)."""
    import gc
    import sys

    import uvicorn

    from council.web.access_log import AccessLog
    from council.web.app import create_app

    if database_url:
        ctx.ensure_object(dict)["db"] = database_url
    council = _council(ctx)
    if not council.store.is_initialised():
        council.init()
    app = create_app(council, secure_cookies=secure_cookies)
    if get_path is not None:
        from fastapi.testclient import TestClient

        with TestClient(app, base_url="http://127.0.0.1") as client:
            response = client.get(get_path)
        click.echo(response.text, nl=not response.text.endswith("\n"))
        if response.status_code >= 400:
            raise click.exceptions.Exit(1)
        return
    # What start-up made (modules, the app, the catalogue) lives as long as the server: the
    # garbage collector need not walk it again (gc.freeze, Python's documentation), and a
    # larger first generation lets a request's objects die young without a collection. Both
    # keep collections from pausing a batch of letters (docs/bench-ballots.md: p99 halved).
    gc.collect()
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)
    # The access log is Council's own (web/access_log.py: one line a request, buffered),
    # not uvicorn's, which costs a log record and a flush per request.
    uvicorn.run(AccessLog(app, sys.stdout, council.clock),
                host=host or str(council.settings["HOST"]),
                port=port or int(council.settings["PORT"]), proxy_headers=proxy_headers,
                forwarded_allow_ips="127.0.0.1" if proxy_headers else None,
                log_level="info", access_log=False, ws="none")


@main.group()
def user() -> None:
    """Accounts: add, list, and API tokens."""


@user.command("add")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]),
              help="The account's role.")
@click.option("--member", default=None, help="The delegation's member, for delegation roles.")
@click.option("--name", default=None, help="The person's name (a signatory's as on letters).")
@click.option("--password", default=None, envvar="COUNCIL_NEW_PASSWORD",
              help="The password (default: asked for; or COUNCIL_NEW_PASSWORD).")
@click.pass_context
@_errors_to_exit
def user_add(ctx: click.Context, username: str, role: str, member: str | None,
             name: str | None, password: str | None) -> None:
    """Create the account USERNAME."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    account = _council(ctx).access.add_user(username, password, role, member, name)
    who = f", {account.member}" if account.member else ""
    click.echo(f"Created {account.username} ({account.role.label}{who}).")


@user.command("list")
@click.pass_context
@_errors_to_exit
def user_list(ctx: click.Context) -> None:
    """List the accounts."""
    for account in _council(ctx).access.users():
        click.echo(f"{account.username}\t{account.role.value}\t{account.member or '-'}\t"
                   f"{account.name}")


@user.command("token")
@click.argument("username")
@click.option("--label", default="", help="What the token is for.")
@click.pass_context
@_errors_to_exit
def user_token(ctx: click.Context, username: str, label: str) -> None:
    """Create an API token for USERNAME and print it (shown once)."""
    click.echo(_council(ctx).access.token_for(username, label))


@main.command()
@click.argument("key_file", type=click.Path(dir_okay=False))
@click.option("--public", "public_file", type=click.Path(dir_okay=False), default=None,
              help="Also write the public key (PEM) here (default: KEY_FILE.pub).")
@_errors_to_exit
def keygen(key_file: str, public_file: str | None) -> None:
    """Create an Ed25519 key pair for signing letters (offline)."""
    path = Path(key_file)
    if path.exists():
        raise InvalidInput(f"{key_file!r} exists; a key file is never overwritten.")
    key = generate_private_key()
    path.write_text(private_key_pem(key), encoding="ascii")
    path.chmod(0o600)
    public = Path(public_file) if public_file else path.with_name(path.name + ".pub")
    public.write_text(public_key_pem(key.public_key()), encoding="ascii")
    click.echo(f"Wrote {path} (private, keep it secret) and {public} (register it on the "
               f"account page); key id {key_id(key.public_key())}.")


@main.command()
@click.argument("letter_file", type=click.Path(dir_okay=False))
@click.option("--key", "key_file", required=True, type=click.Path(dir_okay=False),
              help="The delegation's private key (PEM), from council keygen.")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Write the signed letter here (default: print it).")
@_errors_to_exit
def sign(letter_file: str, key_file: str, out: str | None) -> None:
    """Sign the letter of position LETTER_FILE (JSON, docs/signing.md) offline."""
    letter = _read_json(letter_file, "Letter file")
    key = load_private_key(read_text_file(Path(key_file), "key file"), f"Key file {key_file!r}")
    signed = json.dumps(sign_letter(letter, key), ensure_ascii=False, indent=1) + "\n"
    if out:
        Path(out).write_text(signed, encoding="utf-8")
        click.echo(f"Wrote {out}.")
    else:
        click.echo(signed, nl=False)


@main.command("verify-receipt")
@click.argument("receipt_file", type=click.Path(dir_okay=False))
@click.option("--public-key", "public_file", required=True, type=click.Path(dir_okay=False),
              help="The Secretariat's public key (PEM or base64), from council "
                   "secretariat-key or GET /api/secretariat-key.")
@click.option("--letter", "letter_file", type=click.Path(dir_okay=False), default=None,
              help="Also check that the receipt acknowledges this (signed) letter.")
@_errors_to_exit
def verify_receipt_command(receipt_file: str, public_file: str, letter_file: str | None
                           ) -> None:
    """Check a receipt's signature offline; exit 1 if it does not verify."""
    import hashlib

    from council.signing import Letter, canonical_json

    receipt = _read_json(receipt_file, "Receipt file")
    key = load_public_key(read_text_file(Path(public_file), "public key file"),
                          f"Public key file {public_file!r}")
    body = verify_receipt(receipt, key)
    logged = ""
    if "tree_head" in receipt:
        from council.log import check_receipt_inclusion

        size = check_receipt_inclusion(receipt, key)
        logged = (f" Included as entry {body['log_index']} of the transparency log of size "
                  f"{size} (signed tree head and inclusion proof verified).")
    if letter_file is not None:
        letter = _read_json(letter_file, "Letter file")
        if isinstance(letter, dict) and "letter" in letter:
            letter = letter["letter"]
        digest = hashlib.sha256(canonical_json(Letter.from_json(letter).to_json())).hexdigest()
        if digest != body.get("letter_sha256"):
            raise BadSignature(f"The receipt acknowledges a letter with SHA-256 "
                               f"{body.get('letter_sha256')}, not {letter_file} ({digest}).")
    click.echo(f"Receipt verified: {body['member']} on {body['draft']} (procedure "
               f"{body['procedure']}), {body['position']}, received {body['received_at']}, "
               f"letter SHA-256 {body['letter_sha256']}, Secretariat key "
               f"{body['secretariat_key']}.{logged}")


@main.command("secretariat-key")
@click.pass_context
@_errors_to_exit
def secretariat_key(ctx: click.Context) -> None:
    """Print the Secretariat's public key (PEM), which checks receipts."""
    click.echo(_council(ctx).secretariat_public_key(), nl=False)
