"""``council due``: what the corpus asks by date, and the marks that it was delivered
(issue 6, point 5). The command parses its arguments and calls ``Council``; ``council.due``
decides what is due and what is overdue.
"""

from __future__ import annotations

import json
from datetime import datetime

import click

from council.cli import _council, _errors_to_exit, at_option, main
from council.domain.errors import InvalidInput
from council.due import WINDOW_DAYS, DueItem, DueReport, parse_day


def _table(items: tuple[DueItem, ...]) -> list[str]:
    rows = [("id", "due", "document", "para", "kind", "actor", "action")]
    for item in items:
        action = item.action + (f" (every {item.recurrence})" if item.recurrence else "")
        if item.delivered_by:
            action += f" [delivered by {item.delivered_by}]"
        rows.append((str(item.id), item.due.isoformat(), item.symbol, item.label, item.kind,
                     item.actor, action))
    widths = [max(len(row[i]) for row in rows) for i in range(6)]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False))
            + "  " + row[6] for row in rows]


def format_report(report: DueReport) -> str:
    """The report as two tables: due in the window, then overdue."""
    where = f" under {report.agenda_item!r}" if report.agenda_item else ""
    days = (report.until - report.on).days
    lines = [f"Due from {report.on} to {report.until} ({days} days){where}:"]
    lines += _table(report.due) if report.due else ["  nothing"]
    lines += ["", f"Overdue on {report.on} (due before it, not delivered){where}:"]
    lines += _table(report.overdue) if report.overdue else ["  nothing"]
    return "\n".join(line.rstrip() for line in lines) + "\n"


@main.group("due", invoke_without_command=True)
@click.option("--on", "on", default=None,
              help="The day to look from (YYYY-MM-DD); default today (UTC).")
@click.option("--days", type=click.IntRange(0, 3660), default=WINDOW_DAYS, show_default=True,
              help="How many days after --on count as due.")
@click.option("--agenda", default=None,
              help='An agenda item, as written ("The situation in Mali") or as its slug.')
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_context
@_errors_to_exit
def due(ctx: click.Context, on: str | None, days: int, agenda: str | None,
        as_json: bool) -> None:
    """List what the corpus's resolutions ask: due from --on for --days days, and overdue
    (due before --on and not delivered).

    Every obligation that `council obligations` reads is a due item at each of its dates;
    a mandate's end is listed as due but is never overdue.
    """
    if ctx.invoked_subcommand is not None:
        return
    report = _council(ctx).due_items(parse_day(on, "--on date") if on else None, days,
                                     agenda)
    if as_json:
        click.echo(json.dumps(report.as_json(), ensure_ascii=False, indent=1))
        return
    click.echo(format_report(report), nl=False)


@due.command("deliver")
@click.argument("item_id")
@click.argument("symbol")
@at_option
@click.pass_context
@_errors_to_exit
def due_deliver(ctx: click.Context, item_id: str, symbol: str, at: datetime | None) -> None:
    """Mark due item ITEM_ID delivered by the document SYMBOL (e.g. the report S/2020/952).

    Marking it again with another symbol corrects the mark.
    """
    if not item_id.strip().isdigit():
        raise InvalidInput(f"Due item id {item_id!r} is not a number; the ids are in the first "
                           "column of: council due")
    item = _council(ctx).deliver(int(item_id), symbol, at)
    click.echo(f"Due item {item.id} ({item.symbol}, paragraph {item.label}, {item.action}, "
               f"due {item.due}) delivered by {item.delivered_by}.")


@due.command("refresh")
@click.pass_context
@_errors_to_exit
def due_refresh(ctx: click.Context) -> None:
    """Read every corpus document's obligations again into due items (delivery marks kept).

    The import does this for each document it writes; run it on a store imported before due
    items existed.
    """
    count = _council(ctx).refresh_due_items()
    click.echo(f"{count} due items.")
