"""The corpus commands of the CLI (issue 6): ``council import``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from council.cli import _council, _errors_to_exit, main


class _Bar:
    """A click progress bar over the files, made once their number is known; only on a
    terminal."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, path: Path, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Importing", file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(1)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


@main.command("import")
@click.argument("paths", nargs=-1, required=True, type=click.Path())
@click.option("--quiet", "-q", is_flag=True, help="Print the summary only.")
@click.pass_context
@_errors_to_exit
def import_(ctx: click.Context, paths: tuple[str, ...], quiet: bool) -> None:
    """Import resolutions and presidential statements into the corpus.

    PATHS are files or directories: AKN4UN XML (.xml; other languages as expressions of
    their work), resolution texts (.txt) and the UN's metadata (.json lines). Importing
    again changes nothing. Each file not taken is listed with the reason; the exit status
    is 1 only if nothing at all could be taken.
    """
    bar = _Bar() if sys.stdout.isatty() else None
    try:
        report = _council(ctx).import_paths(paths, progress=bar)
    finally:
        if bar is not None:
            bar.close()
    if not quiet:
        for refusal in report.refused:
            click.echo(f"refused {refusal.path}: {refusal.reason}")
        for skip in report.skipped:
            click.echo(f"skipped {skip.path}: {skip.reason}")
        for problem in report.problems:
            click.echo(f"metadata {problem.where}: {problem.symbol}: {problem.kind}: "
                       f"{problem.message}")
    click.echo(report.summary())
    if report.taken == 0 and report.refused:
        raise click.ClickException("Nothing could be imported; see the reasons above.")
