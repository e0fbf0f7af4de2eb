"""The search and citation commands of the CLI (issue 6, points 2 and 3): ``council search``,
``council cites`` and ``council chain``."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

import click

from council.cli import _council, _errors_to_exit, main
from council.search import MAX_LIMIT, VOTES, SearchFilters, SearchHit


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


def _highlighted(hit: SearchHit) -> str:
    out, last = [], 0
    for start, end in hit.highlights:
        out += [hit.snippet[last:start], click.style(hit.snippet[start:end], bold=True,
                                                     underline=True)]
        last = end
    return "".join([*out, hit.snippet[last:]])


@main.command()
@click.argument("query")
@click.option("--from-year", type=int, help="Documents of this year or later.")
@click.option("--to-year", type=int, help="Documents of this year or earlier.")
@click.option("--agenda", help='The agenda item, as written ("The situation in Mali").')
@click.option("--written-procedure/--no-written-procedure", default=None,
              help="Only documents adopted by written procedure, or only those adopted at a "
                   "meeting.")
@click.option("--unanimous/--not-unanimous", default=None,
              help="Only documents adopted unanimously, or only those that were not.")
@click.option("--member", help="A member's ISO 3166 alpha-3 code (FRA): documents it voted "
                               "on, as --vote says if given.")
@click.option("--vote", type=click.Choice(VOTES), help="The member's (or any member's) vote.")
@click.option("--limit", type=click.IntRange(1, MAX_LIMIT), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(0), default=0, help="Hits to skip.")
@click.option("--json", "as_json", is_flag=True, help="Print the results as JSON.")
@click.pass_context
@_errors_to_exit
def search(ctx: click.Context, query: str, from_year: int | None, to_year: int | None,
           agenda: str | None, written_procedure: bool | None, unanimous: bool | None,
           member: str | None, vote: str | None, limit: int, offset: int,
           as_json: bool) -> None:
    """Search the corpus's paragraphs for QUERY.

    Words are all required; "a phrase" in quotes, OR between terms, -word to exclude, word*
    for a prefix. Each hit names the document, the paragraph and its address.
    """
    filters = SearchFilters(from_year, to_year, agenda, written_procedure, unanimous,
                            member.upper() if member else None, vote)
    results = _council(ctx).search(query, filters, limit, offset)
    if as_json:
        click.echo(_json(dataclasses.asdict(results)))
        return
    if results.mode == "empty":
        click.echo("Nothing to search for: give a word or a \"phrase\".")
        return
    shown = (f"; {offset + 1}–{offset + len(results.hits)} shown" if results.hits else "")
    click.echo(f"{results.total} paragraphs match {query!r}{shown}")
    for hit in results.hits:
        click.echo(f"\n{hit.symbol}, paragraph {hit.label or hit.anchor}  {hit.url}")
        click.echo(f"  {_highlighted(hit)}")


@main.command()
@click.argument("symbol")
@click.option("--json", "as_json", is_flag=True, help="Print the citations as JSON.")
@click.pass_context
@_errors_to_exit
def cites(ctx: click.Context, symbol: str, as_json: bool) -> None:
    """What SYMBOL cites and what cites it.

    SYMBOL is "S/RES/2531 (2020)", "S/PRST/2018/10" or a resolution number (2531). A cited
    document not in the store is listed as unresolved, with its undocs.org address.
    """
    found = _council(ctx).citations(symbol)
    if as_json:
        data = dataclasses.asdict(found)
        data["unresolved"] = [cited.symbol for cited in found.unresolved]
        data["counts"] = {"cites": len(found.cites), "cited_by": len(found.cited_by),
                          "unresolved": len(found.unresolved)}
        click.echo(_json(data))
        return
    click.echo(f"{found.symbol}: {found.title}")
    click.echo(f"\nCites {len(found.cites)} documents ({len(found.unresolved)} not in the "
               "store):")
    for cited in found.cites:
        where = ", ".join(m.label or m.anchor for m in cited.mentions)
        note = "" if cited.in_store else " (not in the store)"
        click.echo(f"  {cited.symbol}{note}  in {where}  {cited.url}")
    click.echo(f"\nCited by {len(found.cited_by)} documents:")
    for citing in found.cited_by:
        for mention in citing.mentions:
            click.echo(f"  {citing.symbol}, paragraph {mention.label or mention.anchor}  "
                       f"{mention.url}")
            click.echo(f"    {_shorten(mention.text)}")


def _shorten(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[:width - 1].rstrip() + "…"


@main.command()
@click.argument("agenda_item")
@click.option("--mission", help="Only this mission's chain (MINUSMA).")
@click.option("--json", "as_json", is_flag=True, help="Print the chains as JSON.")
@click.pass_context
@_errors_to_exit
def chain(ctx: click.Context, agenda_item: str, mission: str | None, as_json: bool) -> None:
    """The chain of mandate renewals on AGENDA_ITEM ("The situation in Mali").

    One chain per mission: the resolutions that set an end to its mandate, in order of
    adoption, each with the end date it set (read from the text, not typed in).
    """
    chains = _council(ctx).mandate_chains(agenda_item, mission)
    if as_json:
        click.echo(_json([dataclasses.asdict(found) for found in chains]))
        return
    if not chains:
        click.echo(f"No resolution on {agenda_item!r} sets a mandate end"
                   + (f" for {mission}." if mission else "."))
    for found in chains:
        click.echo(f"{found.agenda_item}: {found.mission}, {len(found.steps)} resolutions")
        for step in found.steps:
            click.echo(f"  {step.symbol}  adopted {step.adopted}  paragraph {step.paragraph}"
                       f"  {step.action} until {step.mandate_end}")
