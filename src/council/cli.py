"""The command line: a click group whose commands parse arguments and call ``Council``.

Domain and store errors become ``click.ClickException`` here (exit status 1), with the
domain's message as it is.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, TypeVar

import click

from council.council import Council
from council.domain.errors import CouncilError, InvalidInput
from council.settings import SETTINGS, load_settings
from council.store.repository import Store

F = TypeVar("F", bound=Callable[..., Any])


def _errors_to_exit(func: F) -> F:
    """Turn a domain error into one message and exit status 1."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CouncilError as exc:
            raise click.ClickException(exc.message) from exc

    return wrapper  # type: ignore[return-value]


class When(click.ParamType):
    """An ISO 8601 time; without a zone it is taken as UTC."""

    name = "time"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> datetime:
        if isinstance(value, datetime):
            return value
        try:
            moment = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            self.fail(f"{value!r} is not a time; expected ISO 8601 such as "
                      "2020-06-28T16:00Z (UTC when no zone is given).", param, ctx)
        return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


class Day(click.ParamType):
    name = "date"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value).strip())
        except ValueError:
            self.fail(f"{value!r} is not a date; expected YYYY-MM-DD such as 2020-06-29.",
                      param, ctx)


WHEN = When()
DAY = Day()
at_option = click.option("--at", type=WHEN, default=None,
                         help="When it happened (ISO 8601, UTC if no zone); default now.")


def _council(ctx: click.Context) -> Council:
    obj = ctx.ensure_object(dict)
    if "council" not in obj:
        settings = load_settings()
        if obj.get("db"):
            settings = settings.replace(DATABASE_URL=obj["db"])
        obj["council"] = Council(settings, Store(settings.database_url))
        # Close the database's connections when the command ends (PostgreSQL would
        # otherwise keep them open until the interpreter exits).
        ctx.find_root().call_on_close(obj["council"].store.dispose)
    council: Council = obj["council"]
    return council


def _read_text(path: str | None, text: str | None, what: str) -> str:
    if path is not None and text is not None:
        raise InvalidInput(f"Give the {what} either with --text or with --text-file, not both.")
    if path is None:
        return text or ""
    try:
        return Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise InvalidInput(f"Cannot read {what} file {path!r}: {exc.strerror}.") from exc
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{what.capitalize()} file {path!r} is not UTF-8 text ({exc.reason})."
                           ) from exc


def _names(council: Council, codes: tuple[str, ...]) -> str:
    return ", ".join(council.catalog.directory.get(c).name("en") for c in codes) or "none"


@click.group()
@click.option("--db", envvar="COUNCIL_DATABASE_URL", default=None,
              help="Database URL (default sqlite:///council.db; env COUNCIL_DATABASE_URL).")
@click.version_option(package_name="council")
@click.pass_context
def main(ctx: click.Context, db: str | None) -> None:
    """Council: decide by written procedure, from a draft in blue to the President's letter."""
    ctx.ensure_object(dict)["db"] = db


@main.command()
@click.option("--resolution-start", type=int, default=None,
              help="First resolution number when none is issued (R21).")
@click.option("--serial-start", type=int, default=None,
              help="First S/YYYY/NNN serial of a year when none is issued (R22).")
@click.pass_context
@_errors_to_exit
def init(ctx: click.Context, resolution_start: int | None, serial_start: int | None) -> None:
    """Create or upgrade the database."""
    council = _council(ctx)
    council.init(resolution_start, serial_start)
    click.echo(f"Database ready: {council.store.url}")


@main.command()
@click.option("--year", type=int, default=None, help="Year (default: this year).")
@click.option("--lang", default="en", show_default=True,
              type=click.Choice(["ar", "zh", "en", "fr", "ru", "es"]))
@click.pass_context
@_errors_to_exit
def members(ctx: click.Context, year: int | None, lang: str) -> None:
    """List the members of the Council of a year, in English alphabetical order."""
    council = _council(ctx)
    year = year or datetime.now(UTC).year
    for member in council.members(year).members:
        kind = "permanent" if council.members(year).is_permanent(member.code) else "elected"
        click.echo(f"{member.code}  {member.name(lang)}  ({kind})")


@main.command("settings")
def show_settings() -> None:
    """List every setting, its environment variable, value and meaning."""
    try:
        values = load_settings()
    except CouncilError as exc:
        raise click.ClickException(exc.message) from exc
    for setting in SETTINGS:
        click.echo(f"COUNCIL_{setting.name}={values[setting.name]}")
        click.echo(f"    {setting.help} Default: {setting.default}.")


# -- drafts ---------------------------------------------------------------------------------

@main.group()
def draft() -> None:
    """Register, change or withdraw drafts."""


@draft.command("add")
@click.argument("symbol")
@click.option("--sponsor", "sponsors", multiple=True, required=True,
              help="A sponsor (name or alpha-3 code); repeat for several.")
@click.option("--agenda-item", required=True, help="The agenda item's title.")
@click.option("--text", default=None, help="The draft's text.")
@click.option("--text-file", type=click.Path(dir_okay=False), default=None,
              help="A UTF-8 file with the draft's text.")
@click.option("--matter", type=click.Choice(["substantive", "procedural"]),
              default="substantive", show_default=True)
@click.option("--party-to-dispute", "parties", multiple=True,
              help="A member that must abstain (Article 27(3)); repeat for several.")
@at_option
@click.pass_context
@_errors_to_exit
def draft_add(ctx: click.Context, symbol: str, sponsors: tuple[str, ...], agenda_item: str,
              text: str | None, text_file: str | None, matter: str, parties: tuple[str, ...],
              at: datetime | None) -> None:
    """Register a draft put in blue (R1)."""
    body = _read_text(text_file, text, "draft text")
    added = _council(ctx).add_draft(symbol, sponsors, agenda_item, body, matter, parties, at=at)
    click.echo(f"Registered draft {added.symbol} ({', '.join(added.sponsors)}): "
               f"{added.agenda_item}")


@draft.command("edit")
@click.argument("symbol")
@click.option("--text", default=None)
@click.option("--text-file", type=click.Path(dir_okay=False), default=None)
@click.option("--agenda-item", default=None)
@click.pass_context
@_errors_to_exit
def draft_edit(ctx: click.Context, symbol: str, text: str | None, text_file: str | None,
               agenda_item: str | None) -> None:
    """Change a draft's text or agenda item (only before voting starts, R3)."""
    body = _read_text(text_file, text, "draft text") if (text or text_file) else None
    _council(ctx).edit_draft(symbol, body, agenda_item)
    click.echo(f"Changed draft {symbol}.")


@draft.command("withdraw")
@click.argument("symbol")
@at_option
@click.pass_context
@_errors_to_exit
def draft_withdraw(ctx: click.Context, symbol: str, at: datetime | None) -> None:
    """Withdraw a draft (only before voting starts, R3)."""
    _council(ctx).withdraw_draft(symbol, at)
    click.echo(f"Withdrew draft {symbol}.")


# -- the vote -------------------------------------------------------------------------------

@main.group()
def vote() -> None:
    """Open, cast, explain, close and announce."""


@vote.command("open")
@click.argument("symbol")
@click.option("--period-hours", type=float, default=None,
              help="Length of the voting period (default COUNCIL_VOTING_PERIOD_HOURS, 24).")
@at_option
@click.pass_context
@_errors_to_exit
def vote_open(ctx: click.Context, symbol: str, period_hours: float | None,
              at: datetime | None) -> None:
    """Put a draft to the vote (R2)."""
    procedure = _council(ctx).open_vote(symbol, at, period_hours)
    assert procedure.opened_at is not None
    click.echo(f"Voting on {symbol} opened {procedure.opened_at:%Y-%m-%d %H:%M} UTC; "
               f"the period ends {procedure.closes_at:%Y-%m-%d %H:%M} UTC.")


@vote.command("cast")
@click.argument("symbol")
@click.argument("member")
@click.argument("position")
@click.option("--signatory", default=None, help="Name of who signed the letter.")
@click.option("--title", default="permanent-representative", show_default=True,
              help="permanent-representative or charge-d-affaires (R6).")
@at_option
@click.pass_context
@_errors_to_exit
def vote_cast(ctx: click.Context, symbol: str, member: str, position: str,
              signatory: str | None, title: str, at: datetime | None) -> None:
    """Record MEMBER's letter of position (yes, no or abstain) on SYMBOL."""
    council = _council(ctx)
    receipt = council.cast_vote(symbol, member, position, signatory, title, at)
    name = council.catalog.directory.get(receipt.member).name("en")
    click.echo(f"Received from {name} on {symbol}: {receipt.position.value}, at "
               f"{receipt.received_at:%Y-%m-%d %H:%M:%S} UTC (receipt {receipt.ballot_id}).")


@vote.command("explain")
@click.argument("symbol")
@click.argument("member")
@click.option("--text", default=None)
@click.option("--text-file", type=click.Path(dir_okay=False), default=None)
@at_option
@click.pass_context
@_errors_to_exit
def vote_explain(ctx: click.Context, symbol: str, member: str, text: str | None,
                 text_file: str | None, at: datetime | None) -> None:
    """Record MEMBER's written explanation of vote (R10: within 3 hours after closing)."""
    council = _council(ctx)
    body = _read_text(text_file, text, "explanation")
    explanation = council.explain_vote(symbol, member, body, at)
    name = council.catalog.directory.get(explanation.member).name("en")
    click.echo(f"Received the explanation of vote of {name} on {symbol}.")


@vote.command("status")
@click.argument("symbol")
@click.pass_context
@_errors_to_exit
def vote_status(ctx: click.Context, symbol: str) -> None:
    """Show the state of the vote on SYMBOL: who has voted, who has not."""
    council = _council(ctx)
    procedure = council.procedure(symbol)
    click.echo(f"{symbol}: {procedure.state.value.replace('_', ' ')}")
    if procedure.opened_at is None:
        return
    click.echo(f"Period: {procedure.opened_at:%Y-%m-%d %H:%M} – "
               f"{procedure.closes_at:%Y-%m-%d %H:%M} UTC")
    voted = tuple(b.member for b in procedure.ballots)
    click.echo(f"Letters received ({len(voted)}): {_names(council, voted)}")
    click.echo(f"Not received ({len(procedure.missing)}): {_names(council, procedure.missing)}")


@vote.command("close")
@click.argument("symbol")
@at_option
@click.pass_context
@_errors_to_exit
def vote_close(ctx: click.Context, symbol: str, at: datetime | None) -> None:
    """Close the vote on SYMBOL and count it."""
    council = _council(ctx)
    result = council.close_vote(symbol, at)
    click.echo(f"Voting on {symbol} closed: {result.outcome.value}, "
               f"{len(result.in_favour)}-{len(result.against)}-{len(result.abstaining)}.")
    click.echo(f"In favour: {_names(council, result.in_favour)}")
    click.echo(f"Against: {_names(council, result.against)}")
    click.echo(f"Abstentions: {_names(council, result.abstaining)}")
    click.echo(f"Absent: {_names(council, result.absent)}")


@vote.command("announce")
@click.argument("symbol")
@click.option("--symbol", "letter_symbol", default=None,
              help="The outcome letter's symbol (default: the next serial).")
@click.option("--date", "letter_date", type=DAY, default=None,
              help="The letter's date (default: today in New York).")
@click.option("--president", default=None, help="The President's name (default: from data).")
@click.option("--resolution-number", default=None,
              help="The resolution's number if adopted (default: the next one).")
@click.option("--original-language", default=None,
              help="Language of the original (default: the presidency's, R23).")
@at_option
@click.pass_context
@_errors_to_exit
def vote_announce(ctx: click.Context, symbol: str, letter_symbol: str | None,
                  letter_date: date | None, president: str | None,
                  resolution_number: str | None, original_language: str | None,
                  at: datetime | None) -> None:
    """Issue the outcome letter on SYMBOL and number the resolution if adopted."""
    announcement = _council(ctx).announce(symbol, at, letter_symbol, letter_date, president,
                                          resolution_number, original_language)
    resolution = (f"; adopted as resolution {announcement.resolution}"
                  if announcement.resolution else "")
    click.echo(f"Issued {announcement.letter_symbol} dated {announcement.letter_date}: "
               f"{announcement.result.outcome.value}{resolution}.")
    for warning in announcement.warnings:
        click.echo(f"Warning: {warning}", err=True)


@vote.command("details")
@click.argument("symbol")
@click.option("--symbol", "letter_symbol", default=None,
              help="The details letter's symbol (default: the next serial).")
@click.option("--date", "letter_date", type=DAY, default=None)
@at_option
@click.pass_context
@_errors_to_exit
def vote_details(ctx: click.Context, symbol: str, letter_symbol: str | None,
                 letter_date: date | None, at: datetime | None) -> None:
    """Issue the voting-details letter on SYMBOL (R18)."""
    issued = _council(ctx).issue_details_letter(symbol, at, letter_symbol, letter_date)
    click.echo(f"Issued {issued}: the voting details on {symbol}.")


@main.command()
@click.argument("record", type=click.Path(dir_okay=False))
@click.option("--db", "db", default=None,
              help="Replay into this database and keep it (default: a fresh in-memory one).")
@click.option("--lang", default="en", show_default=True,
              type=click.Choice(["ar", "zh", "en", "fr", "ru", "es"]))
@click.option("--html", "as_html", is_flag=True, help="Print the letter as HTML.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@_errors_to_exit
def replay(record: str, db: str | None, lang: str, as_html: bool, as_json: bool) -> None:
    """Replay a recorded procedure and print its outcome letter (or --json)."""
    from council.replay import load_record
    from council.replay import replay as run_replay

    settings = load_settings().replace(DATABASE_URL=db or "sqlite://")
    council = Council(settings, Store(settings.database_url))
    parsed = load_record(Path(record), council)
    outcome = run_replay(parsed, council)
    if as_json:
        click.echo(json.dumps(outcome.as_json(council), ensure_ascii=False, indent=1))
        return
    text = council.letter(outcome.announcement.letter_symbol, lang,
                          "html" if as_html else "text")
    click.echo(text, nl=not text.endswith("\n"))


@main.command()
@click.option("--out", type=click.Path(file_okay=False), default="council-demo",
              show_default=True, help="Folder to write the documents to.")
@_errors_to_exit
def demo(out: str) -> None:
    """Replay the seed's vote (S/2020/613) and write its documents."""
    from council.demo import run_demo

    for path in run_demo(Path(out)):
        click.echo(f"wrote {path}")


# The document, web and signing commands live beside this module.
from council import (  # noqa: E402, F401
    cli_corpus,
    cli_documents,
    cli_due,
    cli_evidence,
    cli_obligations,
    cli_search,
    cli_web,
)
