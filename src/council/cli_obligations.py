"""``council obligations``: what a resolution asks, of whom, by when (issue 6, point 4).

The command only finds the document and its adoption date; ``council.obligations`` does the
reading (docs/obligations.md).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import click

from council.cli import DAY, _council, _errors_to_exit, main
from council.documents import read_document_file
from council.domain.document import Document
from council.domain.errors import InvalidInput
from council.obligations import Obligation, extract_obligations


def _source(ctx: click.Context, source: str) -> Document:
    """A file (.xml AKN or .txt) when SOURCE names one, else a stored resolution's symbol."""
    path = Path(source)
    if path.suffix.lower() in (".xml", ".txt") or path.exists():
        return read_document_file(path)
    return _council(ctx).resolution(source)


def _adoption(doc: Document, given: date | None) -> date:
    day = given or (doc.adoption.date if doc.adoption else None) or doc.masthead.date
    if day is None:
        name = doc.masthead.symbol or doc.title or "the document"
        raise InvalidInput(f"{name} gives no adoption date; pass --adopted YYYY-MM-DD.")
    return day


def format_obligations(obligations: list[Obligation]) -> str:
    """The obligations as a table: paragraph, kind, actor, action, recurrence, due dates."""
    if not obligations:
        return "No dated obligations found.\n"
    rows = [("para", "kind", "actor", "action", "every", "due")]
    for item in obligations:
        label = item.anchor.removeprefix("para_").replace("_", " ", 1) if item.anchor \
            else item.paragraph
        rows.append((label, item.kind, item.actor, item.action, item.recurrence or "",
                     ", ".join(d.isoformat() for d in item.due)))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
             + "  " + row[5] for row in rows]
    return "\n".join(line.rstrip() for line in lines) + "\n"


@main.command("obligations")
@click.argument("source")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON list of obligations.")
@click.option("--adopted", type=DAY, default=None,
              help="The adoption date, when the document does not give one (YYYY-MM-DD).")
@click.pass_context
@_errors_to_exit
def obligations(ctx: click.Context, source: str, as_json: bool, adopted: date | None) -> None:
    """List what a resolution asks, of whom and by when.

    SOURCE is a resolution file (.xml Akoma Ntoso or .txt) or a stored resolution's symbol
    ("S/RES/2531 (2020)" or 2531).
    """
    doc = _source(ctx, source)
    found = extract_obligations(doc, _adoption(doc, adopted))
    if as_json:
        click.echo(json.dumps([item.as_json() for item in found], ensure_ascii=False, indent=1))
        return
    click.echo(format_obligations(found), nl=False)
