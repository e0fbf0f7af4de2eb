"""The CLI's evidence commands (issue 5): verify, export-evidence, and the log's proofs."""

from __future__ import annotations

import json
from pathlib import Path

import click

from council.cli import _council, _errors_to_exit, main
from council.domain.errors import InvalidInput


def _echo_json(value: object) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=1))


@main.command()
@click.option("--bundle", "bundle_file", type=click.Path(dir_okay=False), default=None,
              help="Check an evidence bundle (from council export-evidence) offline instead "
                   "of the database.")
@click.option("--database-url", default=None, help="The database to check (default: "
                                                   "DATABASE_URL setting).")
@click.option("--public-key", "public_file", type=click.Path(dir_okay=False), default=None,
              help="Trust this Secretariat public key (PEM) rather than the one the database "
                   "or bundle holds: a copy kept apart from the data.")
@click.pass_context
@_errors_to_exit
def verify(ctx: click.Context, bundle_file: str | None, database_url: str | None,
           public_file: str | None) -> None:
    """Check every log hash, signature, proof and tally; exit 1 naming each discrepancy."""
    from council.signing import key_id, load_public_key, read_text_file
    from council.verify import check_evidence, summary

    pinned = None
    if public_file is not None:
        pinned = read_text_file(Path(public_file), "public key file")
        load_public_key(pinned, f"Public key file {public_file!r}")

    if bundle_file is not None:
        try:
            evidence = json.loads(Path(bundle_file).read_text(encoding="utf-8"))
        except OSError as exc:
            raise InvalidInput(f"Cannot read {bundle_file!r}: {exc.strerror}.") from None
        except json.JSONDecodeError as exc:
            raise InvalidInput(f"{bundle_file!r} is not JSON: {exc.msg} at line "
                               f"{exc.lineno}.") from None
    else:
        from council.evidence import database_evidence

        if database_url:
            ctx.ensure_object(dict)["db"] = database_url
        evidence = database_evidence(_council(ctx))
    if pinned is not None and isinstance(evidence, dict):
        held = evidence.get("secretariat_key")
        if isinstance(held, str) and held.strip() != pinned.strip():
            raise click.ClickException(
                f"The Secretariat key held with the data ({key_id(load_public_key(held))}) is "
                f"not the one given ({key_id(load_public_key(pinned))}): the data was "
                "re-signed with another key, or the wrong key file was given.")
        evidence["secretariat_key"] = pinned
    problems, checked = check_evidence(evidence)
    if problems:
        for problem in problems:
            click.echo(f"FAIL {problem}", err=True)
        raise click.ClickException(f"{len(problems)} discrepancy(ies) found; checked "
                                   f"{summary(checked)}.")
    click.echo(f"Verified: {summary(checked)}; no discrepancy.")


@main.command("export-evidence")
@click.argument("procedure")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Write the bundle here (default: print it).")
@click.pass_context
@_errors_to_exit
def export_evidence(ctx: click.Context, procedure: str, out: str | None) -> None:
    """Write the evidence bundle of PROCEDURE (a draft's or outcome letter's symbol)."""
    from council.evidence import export_evidence as export

    bundle = json.dumps(export(_council(ctx), procedure), ensure_ascii=False, indent=1) + "\n"
    if out is None:
        click.echo(bundle, nl=False)
        return
    Path(out).write_text(bundle, encoding="utf-8")
    click.echo(f"Wrote {out}.")


@main.group("log")
def log_group() -> None:
    """The transparency log: signed tree head, inclusion and consistency proofs."""


@log_group.command("head")
@click.pass_context
@_errors_to_exit
def log_head(ctx: click.Context) -> None:
    """Print a signed tree head of the log as it is now."""
    from council.evidence import signed_head

    _echo_json(signed_head(_council(ctx)))


@log_group.command("inclusion")
@click.argument("index", type=int)
@click.argument("size", type=int)
@click.pass_context
@_errors_to_exit
def log_inclusion(ctx: click.Context, index: int, size: int) -> None:
    """Print the inclusion proof of entry INDEX in the tree of SIZE entries."""
    from council.evidence import inclusion

    _echo_json(inclusion(_council(ctx), index, size))


@log_group.command("consistency")
@click.argument("old_size", type=int)
@click.argument("new_size", type=int)
@click.pass_context
@_errors_to_exit
def log_consistency(ctx: click.Context, old_size: int, new_size: int) -> None:
    """Print the consistency proof between the trees of OLD_SIZE and NEW_SIZE entries."""
    from council.evidence import consistency

    _echo_json(consistency(_council(ctx), old_size, new_size))
