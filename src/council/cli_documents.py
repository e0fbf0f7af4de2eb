"""The document commands of the CLI: letters, parsing resolutions, stored resolutions."""

from __future__ import annotations

from pathlib import Path

import click

from council.cli import _council, _errors_to_exit, main
from council.documents import FORMATS, format_document, output_format, read_document_file
from council.domain.document import Document
from council.domain.errors import InvalidInput
from council.render.language import LETTER_LANGUAGES


@main.command()
@click.argument("symbol")
@click.option("--lang", default="en", show_default=True,
              type=click.Choice(["ar", "zh", "en", "fr", "ru", "es"]))
@click.option("--html", "as_html", is_flag=True, help="HTML instead of plain text.")
@click.option("--pdf", "as_pdf", is_flag=True, help="A PDF in UN layout (use with --out).")
@click.option("--kind", type=click.Choice(["outcome", "opening", "details"]), default=None,
              help="With a draft symbol: which letter (default outcome).")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
@click.pass_context
@_errors_to_exit
def letter(ctx: click.Context, symbol: str, lang: str, as_html: bool, as_pdf: bool,
           kind: str | None, out: str | None) -> None:
    """Print the letter SYMBOL (an outcome or details letter, or a draft's with --kind)."""
    if as_html and as_pdf:
        raise InvalidInput("Give --html or --pdf, not both.")
    if as_pdf:
        _write(_council(ctx).letter_bytes(symbol, lang, "pdf", kind), out)
        return
    text = _council(ctx).letter(symbol, lang, "html" if as_html else "text", kind)
    if out is not None:
        _write(text.encode(), out)
        return
    click.echo(text, nl=not text.endswith("\n"))


def _write(data: bytes, out: str | None) -> None:
    if out is None:
        click.echo(data, nl=False)
        return
    try:
        Path(out).write_bytes(data)
    except OSError as exc:
        raise InvalidInput(f"Cannot write {out!r}: {exc.strerror}.") from exc


def _report_unrecognised(doc: Document) -> None:
    for node in sorted(doc.all_unrecognised(), key=lambda n: n.span):
        for number, line in enumerate(node.text.splitlines() or [""], start=node.span.line):
            click.echo(f"line {number}: {line}", err=True)


@main.command("parse")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--format", "fmt", default=None,
              help=f"{', '.join(FORMATS)}; default from --out's extension, else json.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
@_errors_to_exit
def parse(file: str, fmt: str | None, as_json: bool, out: str | None) -> None:
    """Parse a resolution (.txt or AKN .xml) and print it as JSON, AKN, HTML or text.

    Lines that could not be placed are listed on standard error with their line numbers;
    they are kept in the output, so the exit status is still 0.
    """
    chosen = output_format("json" if as_json and fmt is None else fmt, out)
    doc = read_document_file(Path(file))
    _write(format_document(doc, chosen), out)
    _report_unrecognised(doc)


@main.command("render")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--pdf", "as_pdf", is_flag=True,
              help="An A4 PDF in UN layout (the default when no format is given).")
@click.option("--html", "as_html", is_flag=True, help="An HTML page instead.")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Where to write it (default: FILE's name with .pdf or .html, here).")
@_errors_to_exit
def render(file: str, as_pdf: bool, as_html: bool, out: str | None) -> None:
    """Render a resolution (.txt or AKN .xml, in any of the six languages) as a document in
    UN layout: a PDF by default, or an HTML page."""
    if as_pdf and as_html:
        raise InvalidInput("Give --pdf or --html, not both.")
    fmt = "html" if as_html else "pdf"
    path = Path(file)
    doc = read_document_file(path)
    lang = doc.masthead.language or "en"
    target = out or f"{path.stem}.{fmt}"
    _write(format_document(doc, fmt, "en" if lang not in LETTER_LANGUAGES else lang), target)
    _report_unrecognised(doc)
    click.echo(f"Wrote {target} ({fmt.upper()}, {lang}).")


@main.command("resolution")
@click.argument("symbol")
@click.option("--format", "fmt", default=None,
              help=f"{', '.join(FORMATS)}; default from --out's extension, else text.")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Write to this file instead of standard output.")
@click.option("--lang", default="en", show_default=True,
              type=click.Choice(["ar", "zh", "en", "fr", "ru", "es"]),
              help="Another language: the corpus's imported expression in it.")
@click.pass_context
@_errors_to_exit
def resolution(ctx: click.Context, symbol: str, fmt: str | None, out: str | None,
               lang: str) -> None:
    """Print an adopted resolution (S/RES/2531 (2020), or 2531) from the store."""
    chosen = output_format(fmt or (None if out else "text"), out)
    if lang != "en":
        doc = _council(ctx).corpus_text(symbol, lang)
        # The plain-text form writes the document's own words whatever the language; only
        # HTML and PDF set theirs (the text renderer is registered as "en").
        _write(format_document(doc, chosen, "en" if chosen == "text" else lang), out)
        return
    doc = _council(ctx).resolution(symbol)
    _write(format_document(doc, chosen), out)
