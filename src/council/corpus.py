"""The corpus: the Council's record of resolutions and presidential statements (issue 6).

``import_paths`` loads files into the corpus tables (``store/corpus.py``): the UN's AKN4UN XML
(English expressions, and the other languages as expressions of the same work), texts through
``parse_resolution``, and the UN's metadata JSON lines (``corpus_metadata``). A document is
one row per symbol, built from two parts, each with the SHA-256 it came from: its text (AKN
or text file: title, adoption, paragraphs, references) and its metadata record (agenda item,
draft, outcome letter, sponsors, votes). A part is rewritten only when its hash changed, so
importing twice changes nothing. Files are read first, then written in one transaction.

A document row is the work (FRBR) with its English expression. An AKN file in another
language is kept as an expression of that work in ``corpus_expressions`` (one per language,
rewritten only when its SHA-256 changed), matched by the symbol of its masthead, else of its
FRBR work URI (``/2531-2020/``). The work must exist: in the store already, or imported in the
same run from its English text or its metadata record. Otherwise the file is skipped with a
note saying so (import the English expression or the metadata, then the file again); it is
never made into a work of its own, since the corpus's columns and paragraphs come from the
English. Nor is an expression added to a resolution adopted through Council itself.

Resolutions adopted through Council's own procedure enter the same tables when they are
numbered (``add_own_resolution``, source "council"); an import never overwrites them.

Paragraph anchors are those ``render/resolution.py`` gives in HTML: ``preamble_N`` (N counts
preamble nodes), ``para_28``, ``para_28_c_iii`` (dash and unlabelled points by position, a
repeated anchor suffixed ``-2``); headings, which have no id there, get ``heading_N``.
Unrecognised nodes are not stored.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from council.catalog import Catalog
from council.corpus_metadata import MetadataProblem, MetadataRecord, read_record
from council.domain.document import (
    Document,
    Heading,
    Operative,
    Point,
    Preambular,
    Reference,
    point_anchor,
)
from council.domain.errors import CouncilError
from council.domain.tally import TallyResult
from council.due import refresh_document
from council.parse import parse_resolution
from council.parse.akn import read_akn
from council.render.akn import write_akn
from council.store.repository import Repository, Store
from council.store.tables import CorpusDocumentRow

__all__ = ["ImportReport", "Refusal", "add_own_resolution", "document_paragraphs",
           "import_paths"]

SUFFIXES = (".xml", ".txt", ".json")
KINDS = {"resolution": "resolution", "statement": "presidential_statement"}
_RES = re.compile(r"S/RES/([1-9][0-9]{0,4})\s*\(\s*((?:19|20)[0-9]{2})\s*\)")
_RES_TITLE = re.compile(r"^\s*Resolution\s+([1-9][0-9]{0,4})\s*\(\s*((?:19|20)[0-9]{2})\s*\)",
                        re.IGNORECASE)
_PRST = re.compile(r"S/PRST/((?:19|20)[0-9]{2})/([1-9][0-9]{0,3})")
Progress = Callable[[Path, int, int], None]  # (file, files done, files in all)


@dataclass(frozen=True)
class Refusal:
    """A file (or one record of it) the import could not take, and why."""

    path: str
    reason: str


@dataclass
class ImportReport:
    """What an import did. Counts are documents (one per symbol): ``imported`` new,
    ``updated`` changed, ``unchanged`` already as given; ``refused`` lists files or records
    not taken, ``skipped`` files left aside on purpose (other languages, other file kinds),
    ``problems`` the metadata's own inconsistencies."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    refused: list[Refusal] = field(default_factory=list)
    skipped: list[Refusal] = field(default_factory=list)
    problems: list[MetadataProblem] = field(default_factory=list)
    files: int = 0
    expressions_imported: int = 0
    expressions_updated: int = 0
    expressions_unchanged: int = 0

    @property
    def taken(self) -> int:
        return (self.imported + self.updated + self.unchanged + self.expressions_imported
                + self.expressions_updated + self.expressions_unchanged)

    def summary(self) -> str:
        return (f"{self.files} files: {self.imported} documents imported, {self.updated} "
                f"updated, {self.unchanged} unchanged; {len(self.refused)} refused, "
                f"{len(self.skipped)} skipped; {len(self.problems)} metadata problems"
                + self._expressions())

    def _expressions(self) -> str:
        counts = (self.expressions_imported, self.expressions_updated,
                  self.expressions_unchanged)
        if not any(counts):
            return ""
        return (f"; {sum(counts)} expressions in other languages: {counts[0]} imported, "
                f"{counts[1]} updated, {counts[2]} unchanged")


@dataclass(frozen=True)
class TextPart:
    """What a document's text gives the corpus."""

    symbol: str
    kind: str
    number: int | None
    year: int | None
    date: date | None
    title: str
    meeting: int | None
    written_procedure: bool
    unanimous: bool | None  # from "Adopted unanimously" in the text, else None
    akn: str
    sha256: str
    source: str
    paragraphs: tuple[dict[str, Any], ...]
    references: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class ExpressionPart:
    """A text in a language other than English: an expression of the work ``symbol``."""

    symbol: str
    language: str
    akn: str
    sha256: str
    source: str


# -- paragraphs and anchors ------------------------------------------------------------------


class _Anchors:
    """As ``render/resolution.py``'s: a repeated anchor gets ``-2``, ``-3``…"""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def take(self, anchor: str) -> str:
        candidate, count = anchor, 1
        while candidate in self.used:
            count += 1
            candidate = f"{anchor}-{count}"
        self.used.add(candidate)
        return candidate


def _is_dash(num: str) -> bool:
    return not any(char.isalnum() for char in num)


def _joined(text: str, wrap_up: str) -> str:
    return f"{text} {wrap_up}".strip() if wrap_up else text


def document_paragraphs(doc: Document) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The corpus rows of a document: its paragraphs (anchor, label, kind, position, text) and
    their references (anchor, kind, target, link, text), in document order."""
    paragraphs: list[dict[str, Any]] = []
    references: list[dict[str, Any]] = []

    def add(anchor: str, label: str, kind: str, text: str,
            refs: tuple[Reference, ...] = ()) -> None:
        paragraphs.append({"anchor": anchor, "label": label, "kind": kind,
                           "position": len(paragraphs) + 1, "text": text})
        references.extend({"anchor": anchor, "kind": ref.kind.value, "target": ref.symbol,
                           "link": ref.link, "text": text[ref.start:ref.end]} for ref in refs)

    headings = 0
    for index, node in enumerate(doc.preamble, start=1):
        if isinstance(node, Preambular):
            add(f"preamble_{index}", f"preamble {index}", "preamble", node.text,
                node.references)
        elif isinstance(node, Heading):
            headings += 1
            add(f"heading_{headings}", "", "heading", node.text)
    anchors = _Anchors()

    def points(items: tuple[Point, ...], number: int | None, path: tuple[str, ...],
               label: str) -> None:
        for position, point in enumerate(items, start=1):
            nums = (*path, str(position) if _is_dash(point.num) else point.num)
            own = f"{label} {point.num}".strip()
            add(anchors.take(point_anchor(number, nums)), own, "point",
                _joined(point.text, point.wrap_up), point.references)
            points(point.points, number, nums, own)

    for item in doc.body:
        if isinstance(item, Operative):
            label = "" if item.number is None else str(item.number)
            add(anchors.take(point_anchor(item.number, ())), label, "operative",
                _joined(item.text, item.wrap_up), item.references)
            points(item.points, item.number, (), label)
        elif isinstance(item, Heading):
            headings += 1
            add(f"heading_{headings}", "", "heading", item.text)
    return paragraphs, references


# -- reading files ---------------------------------------------------------------------------


class _Refused(Exception):
    def __init__(self, reason: str, skip: bool = False) -> None:
        super().__init__(reason)
        self.reason, self.skip = reason, skip


def canonical_symbol(doc: Document) -> tuple[str, int, int] | None:
    """(symbol, number, year) from the masthead's symbol, else from the title."""
    symbol = doc.masthead.symbol or ""
    if match := _RES.search(symbol):
        return f"S/RES/{int(match[1])} ({match[2]})", int(match[1]), int(match[2])
    if match := _PRST.search(symbol):
        return f"S/PRST/{match[1]}/{int(match[2])}", int(match[2]), int(match[1])
    if match := _RES_TITLE.match(doc.title):
        return f"S/RES/{int(match[1])} ({match[2]})", int(match[1]), int(match[2])
    return None


def text_part(doc: Document, akn: str, sha256: str, source: str) -> TextPart:
    """The text part of a document already read; refuses drafts and unknown symbols."""
    kind = KINDS.get(doc.kind)
    if kind is None:
        symbol = doc.masthead.symbol or "no symbol"
        raise _Refused(f"a {doc.kind} ({symbol}), not an adopted resolution or presidential "
                       "statement; the corpus holds only those")
    found = canonical_symbol(doc)
    if found is None:
        raise _Refused("no document symbol (S/RES/N (YYYY) or S/PRST/YYYY/N) in its masthead "
                       "or title; add the symbol line at the top")
    symbol, number, year = found
    if symbol.startswith("S/PRST/"):
        kind = "presidential_statement"
    adoption = doc.adoption
    day = (adoption.date if adoption else None) or doc.masthead.date
    written = adoption.written_procedure if adoption is not None else False
    unanimous = True if adoption is not None and "unanimous" in adoption.text.lower() else None
    paragraphs, references = document_paragraphs(doc)
    return TextPart(symbol, kind, number, year, day, doc.title,
                    adoption.meeting if adoption else None, written, unanimous, akn, sha256,
                    source, tuple(paragraphs), tuple(references))


_WORK_URI = re.compile(r"<FRBRWork>.*?<FRBRuri\s+value=\"([^\"]*)\"", re.DOTALL)
_WORK_RES = re.compile(r"/unsc/[^/]*/([1-9][0-9]{0,4})-((?:19|20)[0-9]{2})/?$")


def _expression(doc: Document, text: str, sha: str, path: Path) -> ExpressionPart:
    """A non-English AKN file as an expression of its work (symbol from the masthead, else
    from the FRBR work URI)."""
    if KINDS.get(doc.kind) is None:
        raise _Refused(f"a {doc.kind} ({doc.masthead.symbol or 'no symbol'}), not an adopted "
                       "resolution or presidential statement; the corpus holds only those")
    found = canonical_symbol(doc)
    symbol = found[0] if found else None
    if symbol is None and (uri := _WORK_URI.search(text)) and (
            match := _WORK_RES.search(uri[1])):
        symbol = f"S/RES/{int(match[1])} ({match[2]})"
    if symbol is None:
        raise _Refused("no document symbol in its masthead nor in its FRBR work URI")
    return ExpressionPart(symbol, doc.masthead.language, text, sha, str(path))


def _read_document(path: Path, data: bytes) -> TextPart | ExpressionPart:
    sha = hashlib.sha256(data).hexdigest()
    if path.suffix.lower() == ".xml":
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise _Refused(f"not UTF-8 ({exc.reason})") from None
        try:
            doc = read_akn(data)
        except CouncilError as exc:
            raise _Refused(exc.message) from None
        if doc.masthead.language != "en":
            return _expression(doc, text, sha, path)
        return text_part(doc, text, sha, str(path))
    try:
        source = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _Refused(f"not UTF-8 text ({exc.reason}); convert it, e.g. iconv -t UTF-8"
                       ) from None
    doc = parse_resolution(source)
    return text_part(doc, write_akn(doc).decode("utf-8"), sha, str(path))


def _read_metadata(path: Path, data: bytes, catalog: Catalog, report: ImportReport
                   ) -> list[MetadataRecord]:
    try:
        lines = data.decode("utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise _Refused(f"not UTF-8 ({exc.reason})") from None
    records: list[MetadataRecord] = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            if not records and number == 1:
                raise _Refused("not the UN's metadata (JSON lines, one resolution record "
                               f"a line): {exc.msg} at line 1") from None
            report.refused.append(Refusal(where, f"not a JSON record: {exc.msg}"))
            continue
        if not isinstance(raw, dict) or "symbol" not in raw:
            if not records and number == 1:
                raise _Refused("not the UN's metadata (JSON lines whose records have a "
                               "\"symbol\", such as data_extract/2020.json)")
            report.refused.append(Refusal(where, "a record without a \"symbol\""))
            continue
        try:
            record, problems = read_record(raw, where, catalog)
        except ValueError as exc:
            report.refused.append(Refusal(where, str(exc)))
            continue
        records.append(record)
        report.problems.extend(problems)
    return records


def _files(paths: Sequence[str | Path], report: ImportReport) -> list[Path]:
    """The files named, directories walked in name order; missing paths are refused."""
    out: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file()):
                if child.suffix.lower() in SUFFIXES:
                    out.append(child)
                elif not child.name.startswith("."):
                    report.skipped.append(Refusal(str(child), "not a .xml, .txt or .json file"))
        elif path.is_file():
            if path.suffix.lower() in SUFFIXES:
                out.append(path)
            else:
                report.refused.append(Refusal(str(path), "expected a .xml (Akoma Ntoso), .txt "
                                              "(resolution text) or .json (UN metadata) file"))
        else:
            report.refused.append(Refusal(str(path), "no such file or directory"))
    return out


# -- writing ---------------------------------------------------------------------------------


def _columns(text: TextPart | None, meta: MetadataRecord | None) -> dict[str, Any]:
    """The document's columns from its two parts (either may be missing): the text wins for
    what it states (date, meeting, kind), the metadata for the rest."""
    assert text is not None or meta is not None
    source = text.source if text else f"{meta.where}" if meta else ""
    title = (meta.title if meta and meta.title else "") or (text.title if text else "")
    written = meta.written_procedure if meta else bool(text and text.written_procedure)
    unanimous = meta.unanimous if meta else (text.unanimous if text else None)
    return {
        "symbol": text.symbol if text else meta.symbol if meta else "",
        "kind": text.kind if text else "resolution",
        "number": text.number if text else meta.number if meta else None,
        "year": text.year if text else meta.year if meta else None,
        "date": (text.date if text else None) or (meta.date if meta else None),
        "title": title,
        "agenda_item": meta.agenda_item if meta else None,
        "adopted_by_written_procedure": written,
        "unanimous": unanimous,
        "meeting": (text.meeting if text else None) or (
            meta.meeting if meta and not written else None),
        "draft_symbol": meta.draft_symbol if meta else None,
        "outcome_letter": meta.outcome_letter if meta else None,
        "sponsors": list(meta.sponsors) if meta else [],
        "source": source,
        "content_sha256": text.sha256 if text else None,
        "akn": text.akn if text else None,
        "metadata_source": meta.where if meta else None,
        "metadata_sha256": meta.sha256 if meta else None,
        "metadata_record": meta.raw if meta else None,
    }


def _stored_text(row: CorpusDocumentRow) -> TextPart | None:
    if row.akn is None or row.content_sha256 is None:
        return None
    try:
        return text_part(read_akn(row.akn), row.akn, row.content_sha256, row.source)
    except (_Refused, CouncilError):
        return None


def _stored_meta(row: CorpusDocumentRow, catalog: Catalog) -> MetadataRecord | None:
    if row.metadata_record is None:
        return None
    record, _ = read_record(row.metadata_record, row.metadata_source or row.source, catalog)
    return record


def _write(repo: Repository, texts: dict[str, TextPart], metas: dict[str, MetadataRecord],
           catalog: Catalog, now: datetime, report: ImportReport) -> None:
    stored = repo.corpus_documents()
    pending: list[tuple[CorpusDocumentRow, TextPart | None, MetadataRecord | None]] = []
    for symbol in sorted(texts.keys() | metas.keys()):
        text, meta, row = texts.get(symbol), metas.get(symbol), stored.get(symbol)
        if row is not None and row.source == "council":
            report.unchanged += 1
            report.skipped.append(Refusal(
                (text.source if text else meta.where if meta else symbol),
                f"{symbol} was adopted through Council; its record is kept as issued"))
            continue
        if row is None:
            columns = _columns(text, meta)
            pending.append((repo.add_corpus_document({**columns, "imported_at": now}),
                            text, meta))
            report.imported += 1
            continue
        new_text = text is not None and text.sha256 != row.content_sha256
        new_meta = meta is not None and meta.sha256 != row.metadata_sha256
        if not new_text and not new_meta:
            report.unchanged += 1
            continue
        columns = _columns(text if new_text else _stored_text(row),
                           meta if new_meta else _stored_meta(row, catalog))
        for name, value in columns.items():
            if getattr(row, name) != value:
                setattr(row, name, value)
        row.imported_at = now
        pending.append((row, text if new_text else None, meta if new_meta else None))
        report.updated += 1
    repo.flush()
    for row, text, meta in pending:
        if text is not None:
            repo.replace_corpus_text(row.id, text.paragraphs, text.references)
            refresh_document(repo, row.id, text.akn, row.date)  # its due items (issue 6)
        if meta is not None:
            repo.replace_corpus_votes(row.id, meta.votes)


def _write_expressions(repo: Repository, expressions: dict[tuple[str, str], ExpressionPart],
                       report: ImportReport) -> None:
    stored = repo.corpus_documents()
    for (symbol, language), part in sorted(expressions.items()):
        work = stored.get(symbol)
        if work is None:
            report.skipped.append(Refusal(part.source, (
                f"{symbol} in language {language!r}: the corpus has no work {symbol} to keep "
                "it as an expression of; import its English text or its metadata record, "
                "then this file again")))
            continue
        if work.source == "council":
            report.skipped.append(Refusal(part.source, (
                f"{symbol} was adopted through Council; its record is kept as issued")))
            continue
        row = repo.corpus_expressions(work.id).get(language)
        if row is None:
            repo.add_corpus_expression({"document_id": work.id, "language": language,
                                        "akn": part.akn, "sha256": part.sha256,
                                        "source": part.source})
            report.expressions_imported += 1
        elif row.sha256 != part.sha256:
            row.akn, row.sha256, row.source = part.akn, part.sha256, part.source
            report.expressions_updated += 1
        else:
            report.expressions_unchanged += 1


def import_paths(store: Store, catalog: Catalog, paths: Sequence[str | Path], now: datetime,
                 progress: Progress | None = None) -> ImportReport:
    """Import files and directories into the corpus; see the module's docstring.

    Args:
        store: the database (migrated).
        catalog: reference data (country names, memberships) for the metadata's votes.
        paths: files (.xml, .txt, .json) and directories (walked recursively, in name order).
        now: the time recorded as ``imported_at`` of what changes.
        progress: called after each file with (file, files done, files in all).

    Returns:
        The report: counts, refused and skipped files with the reason, metadata problems.
    """
    report = ImportReport()
    files = _files(paths, report)
    report.files = len(files)
    texts: dict[str, TextPart] = {}
    metas: dict[str, MetadataRecord] = {}
    expressions: dict[tuple[str, str], ExpressionPart] = {}
    for done, path in enumerate(files, start=1):
        try:
            data = path.read_bytes()
            if path.suffix.lower() == ".json":
                for record in _read_metadata(path, data, catalog, report):
                    first = metas.get(record.symbol)
                    if first is None:
                        metas[record.symbol] = record
                    else:
                        same = "the same" if first.sha256 == record.sha256 else "a different"
                        report.problems.append(MetadataProblem(
                            record.symbol, record.where, "duplicate",
                            f"{same} record for {record.symbol} came earlier, at "
                            f"{first.where}; the first kept"))
            else:
                part = _read_document(path, data)
                if isinstance(part, ExpressionPart):
                    key = (part.symbol, part.language)
                    if key in expressions:
                        report.skipped.append(Refusal(str(path), (
                            f"{part.symbol} in language {part.language!r} was read earlier "
                            f"from {expressions[key].source}; the first kept")))
                    else:
                        expressions[key] = part
                elif part.symbol in texts:
                    report.skipped.append(Refusal(str(path), (
                        f"{part.symbol} was read earlier from {texts[part.symbol].source}; "
                        "the first kept")))
                else:
                    texts[part.symbol] = part
        except _Refused as refusal:
            (report.skipped if refusal.skip else report.refused).append(
                Refusal(str(path), refusal.reason))
        except OSError as exc:
            report.refused.append(Refusal(str(path), f"cannot read it: {exc.strerror}"))
        if progress is not None:
            progress(path, done, len(files))
    if texts or metas or expressions:
        with store.transaction() as repo:
            _write(repo, texts, metas, catalog, now, report)
            _write_expressions(repo, expressions, report)
    return report


# -- Council's own resolutions ---------------------------------------------------------------


def _tally_votes(result: TallyResult) -> Iterator[tuple[str, str]]:
    for codes, position in ((result.in_favour, "yes"), (result.against, "no"),
                            (result.abstaining, "abstain"), (result.absent, "absent")):
        yield from ((code, position) for code in codes)


def add_own_resolution(repo: Repository, doc: Document, akn: str, result: TallyResult, *,
                       agenda_item: str, draft_symbol: str, outcome_letter: str,
                       sponsors: Iterable[str], now: datetime) -> None:
    """Enter a resolution adopted through Council's procedure in the corpus (source
    "council"), inside the announcement's transaction; it replaces an imported copy."""
    text = text_part(doc, akn, hashlib.sha256(akn.encode("utf-8")).hexdigest(), "council")
    votes = sorted(_tally_votes(result))
    columns = {
        **_columns(dataclasses.replace(text, written_procedure=True), None),
        "agenda_item": agenda_item, "draft_symbol": draft_symbol,
        "outcome_letter": outcome_letter, "sponsors": list(sponsors),
        "unanimous": {position for _, position in votes} == {"yes"},
        "adopted_by_written_procedure": True, "imported_at": now,
    }
    row = repo.find_corpus_document(text.symbol)
    if row is None:
        row = repo.add_corpus_document(columns)
    else:
        for name, value in columns.items():
            setattr(row, name, value)
    repo.flush()
    repo.replace_corpus_text(row.id, text.paragraphs, text.references)
    refresh_document(repo, row.id, akn, text.date)
    repo.replace_corpus_votes(row.id, votes)
