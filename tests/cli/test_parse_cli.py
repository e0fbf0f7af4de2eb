"""``council parse FILE``: a resolution's text or AKN XML in, the tree (JSON), AKN, HTML or the
plain text out; unrecognised lines on standard error; exit status 1 only for a file that
cannot be read or a format that does not exist (STYLE.md §4)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from council.cli import main
from tests.conftest import SHARED

AKN_2531 = SHARED / "data" / "akn4un" / "S_RES_2531_2020.xml"

RESOLUTION = """\
United Nations
S/RES/2531 (2020)
Security Council
Distr.: General
29 June 2020

Resolution 2531 (2020)

Adopted by the Security Council on 29 June 2020

The Security Council,

Recalling its resolution 2480 (2019) and the report of the Secretary-General (S/2020/476),

Acting under Chapter VII of the Charter of the United Nations,

1. Decides to extend the mandate of MINUSMA until 30 June 2021;

28. Decides that MINUSMA’s mandate shall include the following priority tasks:

    (a) Support to the implementation of the Agreement:

        (i) to use the good offices;

        (ii) to support the ceasefire;

    (b) Support to stabilization;

65. Decides to remain actively seized of the matter.
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, ["parse", *args])


def needs(module: str, name: str) -> None:
    """Skip, saying what is missing, while the parser or the AKN modules are being written."""
    pytest.importorskip(module, reason=f"{module} is not written yet (issue 3)")
    if not hasattr(__import__(module, fromlist=[name]), name):
        pytest.skip(f"{module}.{name} is not written yet (issue 3)")


@pytest.fixture
def resolution(tmp_path: Path) -> Path:
    path = tmp_path / "S_RES_2531_2020.txt"
    path.write_text(RESOLUTION, encoding="utf-8")
    return path


def nodes(tree: dict[str, Any], key: str, kind: str) -> list[dict[str, Any]]:
    return [node for node in tree[key] if node["type"] == kind]


# -- text in -----------------------------------------------------------------------------------

def test_parse_prints_the_tree_of_a_text_as_json_by_default(resolution: Path) -> None:
    needs("council.parse", "parse_resolution")
    result = run(str(resolution))
    assert (result.exit_code, result.stderr) == (0, "")
    tree = json.loads(result.stdout)
    assert tree["type"] == "Document"
    assert tree["masthead"]["symbol"] == "S/RES/2531 (2020)"
    assert tree["masthead"]["date"] == "2020-06-29"
    assert [n["number"] for n in nodes(tree, "body", "Operative")] == [1, 28, 65]
    tasks = nodes(tree, "body", "Operative")[1]
    assert [p["num"] for p in tasks["points"]] == ["(a)", "(b)"]
    assert [p["num"] for p in tasks["points"][0]["points"]] == ["(i)", "(ii)"]
    assert tasks["span"][0] == 19 and len(tasks["span"]) == 4
    recalling = nodes(tree, "preamble", "Preambular")[0]
    assert recalling["span"][0] == 13
    assert [(r["kind"], r["symbol"]) for r in recalling["references"]] == [
        ("resolution", "S/RES/2480 (2019)"), ("document", "S/2020/476")]
    first = recalling["references"][0]
    # A resolution mention spans its number and year, as the UN's AKN4UN links do.
    assert recalling["text"][first["start"]:first["end"]] == "2480 (2019)"
    assert first["link"] == "https://undocs.org/en/S/RES/2480(2019)"


def test_parse_json_flag_is_the_json_format(resolution: Path) -> None:
    needs("council.parse", "parse_resolution")
    assert run(str(resolution), "--json").stdout == run(str(resolution)).stdout


def test_parse_text_format_gives_back_the_plain_text(resolution: Path) -> None:
    needs("council.parse", "parse_resolution")
    result = run(str(resolution), "--format", "text")
    assert (result.exit_code, result.stdout) == (0, RESOLUTION)


def test_parse_html_format_prints_the_page_with_anchors(resolution: Path) -> None:
    needs("council.parse", "parse_resolution")
    result = run(str(resolution), "--format", "html")
    assert result.exit_code == 0
    assert result.stdout.startswith("<!doctype html>")
    for anchor in ('id="para_1"', 'id="para_28_a_ii"', 'href="#para_65"'):
        assert anchor in result.stdout
    assert 'href="https://undocs.org/en/S/2020/476"' in result.stdout


def test_parse_akn_format_prints_akoma_ntoso(resolution: Path) -> None:
    needs("council.parse", "parse_resolution")
    needs("council.render.akn", "write_akn")
    result = run(str(resolution), "--format", "akn")
    assert result.exit_code == 0
    assert "http://docs.oasis-open.org/legaldocml/ns/akn/3.0" in result.stdout
    assert "S/RES/2531 (2020)" in result.stdout


@pytest.mark.parametrize(("name", "start"), [("out.html", "<!doctype html>"),
                                              ("out.txt", "United Nations\n"),
                                              ("out.json", "{")])
def test_parse_takes_the_format_from_the_out_files_extension(
    resolution: Path, tmp_path: Path, name: str, start: str
) -> None:
    needs("council.parse", "parse_resolution")
    out = tmp_path / name
    result = run(str(resolution), "--out", str(out))
    assert (result.exit_code, result.stdout) == (0, "")
    assert out.read_text(encoding="utf-8").startswith(start)


def test_parse_lists_unrecognised_lines_on_stderr_and_still_succeeds(tmp_path: Path) -> None:
    needs("council.parse", "parse_resolution")
    path = tmp_path / "damaged.txt"
    path.write_text(RESOLUTION.replace(
        "65. Decides", "%%%% #### ~~~~ ;;;;.\n\n65. Decides"), encoding="utf-8")
    result = run(str(path), "--format", "text")
    assert result.exit_code == 0
    assert result.stderr == "line 29: %%%% #### ~~~~ ;;;;.\n"
    assert "%%%% #### ~~~~ ;;;;." in result.stdout


# -- XML in ------------------------------------------------------------------------------------

def test_parse_reads_the_uns_akn_xml_of_resolution_2531() -> None:
    needs("council.parse.akn", "read_akn")
    result = run(str(AKN_2531))
    assert result.exit_code == 0
    tree = json.loads(result.stdout)
    assert len(nodes(tree, "preamble", "Preambular")) == 24
    assert len(nodes(tree, "body", "Operative")) == 65
    assert len([n for n in tree["body"] if n["type"] == "Heading"]) + len(
        [n for n in tree["preamble"] if n["type"] == "Heading"]) == 16


@pytest.mark.parametrize(("fmt", "expect"), [("text", "28. Decides"),
                                             ("html", 'id="para_28_c_ii"'),
                                             ("akn", "<akomaNtoso")])
def test_parse_writes_the_uns_xml_in_every_format(fmt: str, expect: str) -> None:
    needs("council.parse.akn", "read_akn")
    if fmt == "akn":
        needs("council.render.akn", "write_akn")
    result = run(str(AKN_2531), "--format", fmt)
    assert result.exit_code == 0
    assert expect in result.stdout


def test_parse_refuses_xml_that_is_not_well_formed(tmp_path: Path) -> None:
    needs("council.parse.akn", "read_akn")
    path = tmp_path / "broken.xml"
    path.write_text("<akomaNtoso><statement>", encoding="utf-8")
    result = run(str(path))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {str(path)!r}: Akoma Ntoso XML is not "
                                    "well-formed: Premature end of data")


# -- what cannot be done -----------------------------------------------------------------------

@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "docx"],
         "Error: Format 'docx' is not a document format; expected one of: akn, html, json, pdf, "
         "text.\n"),
        (["--out", "out.docx"],
         "Error: Cannot tell the format of 'out.docx' from its extension; pass --format with one "
         "of: akn, html, json, pdf, text.\n"),
    ],
)
def test_parse_refuses_a_format_it_does_not_write(resolution: Path, args: list[str],
                                                   message: str) -> None:
    result = run(str(resolution), *args)
    assert (result.exit_code, result.stdout, result.stderr) == (1, "", message)


def test_parse_says_which_file_it_cannot_read(tmp_path: Path) -> None:
    missing = tmp_path / "missing.txt"
    result = run(str(missing))
    assert result.exit_code == 1
    assert result.stderr == f"Error: Cannot read {str(missing)!r}: No such file or directory.\n"


def test_parse_writes_a_pdf_in_un_layout(resolution: Path, tmp_path: Path) -> None:
    out = tmp_path / "resolution.pdf"
    result = run(str(resolution), "--format", "pdf", "--out", str(out))
    assert (result.exit_code, result.stdout) == (0, "")
    assert out.read_bytes().startswith(b"%PDF-")


def test_parse_reads_only_text_and_xml(tmp_path: Path) -> None:
    path = tmp_path / "resolution.pdf"
    path.write_bytes(b"%PDF-1.7")
    result = run(str(path))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: Cannot read {str(path)!r}: expected a .txt (resolution "
                             "text) or .xml (Akoma Ntoso) file.\n")


def test_parse_says_a_text_is_not_utf8_and_how_to_convert_it(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("Résolution".encode("latin-1"))
    result = run(str(path))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {str(path)!r} is not UTF-8 text (invalid continuation "
                             "byte); convert it, e.g. iconv -t UTF-8.\n")


SIX = SHARED / "data" / "akn4un-2020-six-languages"


@pytest.mark.parametrize("lang", ["ar", "zh", "fr"])
def test_render_writes_a_resolution_file_as_a_un_pdf_named_after_it(
        lang: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    source = SIX / lang / "S_RES_2531_2020.xml"
    result = CliRunner().invoke(main, ["render", str(source)])
    assert result.exit_code == 0, result.output
    assert result.output.strip().endswith(f"Wrote S_RES_2531_2020.pdf (PDF, {lang}).")
    pdf = (tmp_path / "S_RES_2531_2020.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-") and len(pdf) > 20_000


def test_render_html_is_in_the_documents_language_and_direction(tmp_path: Path) -> None:
    out = tmp_path / "2531-ar.html"
    result = CliRunner().invoke(main, ["render", str(SIX / "ar" / "S_RES_2531_2020.xml"),
                                       "--html", "--out", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert 'lang="ar"' in page and 'dir="rtl"' in page


def test_render_refuses_two_formats_and_a_file_it_cannot_read(tmp_path: Path) -> None:
    both = CliRunner().invoke(main, ["render", str(AKN_2531), "--pdf", "--html"])
    assert both.exit_code == 1 and "Give --pdf or --html, not both." in both.output
    missing = CliRunner().invoke(main, ["render", str(tmp_path / "nothing.txt")])
    assert missing.exit_code == 1 and "nothing.txt" in missing.output
    assert not list(tmp_path.iterdir())
