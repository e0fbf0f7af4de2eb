"""Reading and writing resolutions as documents, for every surface (CLI, web, tests).

A resolution comes in as plain text (``.txt``, any of the layouts ``parse_resolution``
handles) or as the UN's Akoma Ntoso XML (``.xml``), and goes out as the JSON tree, AKN XML,
HTML, the plain-text form (docs/text-format.md) or a PDF in UN layout (render/pdf.py).
"""

from __future__ import annotations

import json
from pathlib import Path

from council.domain.document import Document
from council.domain.errors import CouncilError, InvalidInput
from council.parse import parse_resolution
from council.parse.akn import read_akn
from council.parse.dump import dump_document
from council.render.akn import write_akn
from council.render.registry import render_bytes

FORMATS_BY_EXTENSION = {".json": "json", ".xml": "akn", ".html": "html", ".htm": "html",
                        ".txt": "text", ".pdf": "pdf"}
FORMATS = tuple(sorted(set(FORMATS_BY_EXTENSION.values())))


def output_format(fmt: str | None, out: str | None) -> str:
    """The format asked for; when none is, the one ``out``'s extension names, else JSON."""
    if fmt is None and out is not None:
        fmt = FORMATS_BY_EXTENSION.get(Path(out).suffix.lower())
        if fmt is None:
            raise InvalidInput(f"Cannot tell the format of {out!r} from its extension; pass "
                               f"--format with one of: {', '.join(FORMATS)}.")
    fmt = (fmt or "json").lower()
    if fmt not in FORMATS:
        raise InvalidInput(f"Format {fmt!r} is not a document format; expected one of: "
                           f"{', '.join(FORMATS)}.")
    return fmt


def read_document_file(path: Path) -> Document:
    """A resolution from its plain text (.txt) or its Akoma Ntoso XML (.xml)."""
    kind = path.suffix.lower()
    if kind not in (".txt", ".xml"):
        raise InvalidInput(f"Cannot read {str(path)!r}: expected a .txt (resolution text) or "
                           ".xml (Akoma Ntoso) file.")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"Cannot read {str(path)!r}: {exc.strerror}.") from exc
    if kind == ".xml":
        try:
            return read_akn(data)
        except CouncilError as exc:  # name the file: the reader only sees its bytes
            raise InvalidInput(f"{str(path)!r}: {exc.message}") from exc
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{str(path)!r} is not UTF-8 text ({exc.reason}); convert it, e.g. "
                           "iconv -t UTF-8.") from exc
    return parse_resolution(text)


def format_document(doc: Document, fmt: str, lang: str = "en") -> bytes:
    """``doc`` as JSON (the tree with spans), AKN XML, HTML, plain text or PDF (in the
    language of its expression)."""
    if fmt == "json":
        return json.dumps(dump_document(doc), ensure_ascii=False, indent=1).encode() + b"\n"
    if fmt == "akn":
        return write_akn(doc)
    return render_bytes("resolution", doc, lang, fmt)
