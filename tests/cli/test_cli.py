"""The command line, run in-process with CliRunner: exact messages, exit codes, and the
database left as it was after every refused command."""

from __future__ import annotations

import json
import re
import sqlite3
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from council.cli import main
from tests.conftest import PROCEDURES, SEED

Invoke = Callable[..., Result]


def squeeze(text: str) -> str:
    """NFKC with all whitespace removed: how the letter is compared with the seed."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def seed_letter_body(text: str) -> str:
    """From the title to the signature, after NFKC with whitespace removed."""
    text = squeeze(text)
    start = text.index("2020年6月29日安全理事会主席给秘书长")
    end = text.index("(签名)", start) + len("(签名)")
    return text[start:end]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "council.db"


@pytest.fixture
def invoke(db: Path) -> Invoke:
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(main, ["--db", f"sqlite:///{db}", *args],
                             catch_exceptions=False)

    return run


def dump(db: Path) -> list[str]:
    connection = sqlite3.connect(db)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def test_replay_of_the_seed_vote_prints_the_seed_letter_in_chinese() -> None:
    result = CliRunner().invoke(main, ["replay", str(PROCEDURES / "S_2020_613.json"),
                                       "--lang", "zh"])
    assert result.exit_code == 0, result.output
    seed = SEED.read_text(encoding="utf-8")
    assert (seed_letter_body(result.output)) == (seed_letter_body(seed))


@pytest.mark.parametrize("record", ["S_2020_613", "S_2020_657", "draft_S_2020_658"])
def test_replay_json_equals_the_expected_outcome(record: str) -> None:
    result = CliRunner().invoke(main, ["replay", str(PROCEDURES / f"{record}.json"), "--json"])
    assert result.exit_code == 0, result.output
    expected = json.loads((PROCEDURES / f"{record}.expected.json").read_text(encoding="utf-8"))
    assert json.loads(result.output) == expected


def test_replay_into_a_database_keeps_its_letters(invoke: Invoke, db: Path) -> None:
    replayed = invoke("replay", str(PROCEDURES / "S_2020_657.json"), "--db",
                      f"sqlite:///{db}", "--lang", "en")
    assert replayed.exit_code == 0, replayed.output
    shown = invoke("letter", "S/2020/657", "--lang", "fr")
    assert shown.exit_code == 0, shown.output
    assert "S/2020/654" in shown.output
    assert "Chine" in shown.output


@pytest.fixture
def in_voting(invoke: Invoke) -> Invoke:
    """A database with S/2020/600 in voting since 2020-06-28 16:00 UTC, France has voted."""
    for args in (
        ("init",),
        ("draft", "add", "S/2020/600", "--sponsor", "France", "--agenda-item",
         "The situation in Mali", "--text", "The Security Council,", "--at",
         "2020-06-28T10:00Z"),
        ("vote", "open", "S/2020/600", "--at", "2020-06-28T16:00Z"),
        ("vote", "cast", "S/2020/600", "France", "yes", "--signatory", "Nicolas de Rivière",
         "--at", "2020-06-28T17:00Z"),
    ):
        result = invoke(*args)
        assert result.exit_code == 0, result.output
    return invoke


REFUSALS = [
    pytest.param(("vote", "cast", "S/2020/600", "Narnia", "yes", "--at", "2020-06-28T18:00Z"),
                 ["'Narnia'", "the members in 2020 are: Belgium, China"], id="unknown-member"),
    pytest.param(("vote", "cast", "S/2020/600", "China", "maybe", "--at", "2020-06-28T18:00Z"),
                 ["Ballot from 'China' says 'maybe'; expected one of: yes, no, abstain."],
                 id="bad-position"),
    pytest.param(("vote", "cast", "S/2020/600", "FRA", "no", "--at", "2020-06-28T18:00Z"),
                 ["France already sent its letter", "cannot be replaced"], id="second-letter"),
    pytest.param(("vote", "cast", "S/2020/600", "China", "yes", "--at", "2020-06-29T16:30Z"),
                 ["after the voting period", "2020-06-29 16:00 UTC", "absent (R9)"],
                 id="letter-after-period"),
    pytest.param(("draft", "withdraw", "S/2020/600"), ["Cannot withdraw draft S/2020/600",
                                                        "(R3)"], id="withdraw-in-voting"),
    pytest.param(("draft", "edit", "S/2020/600", "--text", "New text"),
                 ["Cannot change draft S/2020/600", "(R3)"], id="edit-in-voting"),
    pytest.param(("vote", "close", "S/2020/600", "--at", "2020-06-29T10:00Z"),
                 ["runs until 2020-06-29 16:00 UTC", "14 member(s) have not voted: Belgium",
                  "Close after 2020-06-29 16:00 UTC"], id="close-early"),
    pytest.param(("vote", "cast", "S/2020/600", "China", "yes", "--title", "Deputy",
                  "--signatory", "X", "--at", "2020-06-28T18:00Z"),
                 ["'Deputy' may not sign", "(R6)"], id="signatory-title"),
    pytest.param(("vote", "cast", "S/2020/601", "China", "yes"),
                 ["No draft 'S/2020/601'", "registered drafts: S/2020/600"], id="no-such-draft"),
]


@pytest.mark.parametrize(("args", "fragments"), REFUSALS)
def test_a_refused_command_says_why_exits_1_and_changes_nothing(
        in_voting: Invoke, db: Path, args: tuple[str, ...], fragments: list[str]) -> None:
    before = dump(db)
    result = in_voting(*args)
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    assert result.output.count("Error:") == 1
    for fragment in fragments:
        assert fragment in result.output
    assert dump(db) == before


def test_an_explanation_after_three_hours_is_refused_and_changes_nothing(
        in_voting: Invoke, db: Path) -> None:
    closed = in_voting("vote", "close", "S/2020/600", "--at", "2020-06-29T16:00Z")
    assert closed.exit_code == 0, closed.output
    before = dump(db)
    late = in_voting("vote", "explain", "S/2020/600", "China", "--text", "Our view.",
                     "--at", "2020-06-29T19:01Z")
    assert late.exit_code == 1
    assert "after the window closed at 2020-06-29 19:00 UTC" in late.output
    assert dump(db) == before
    on_time = in_voting("vote", "explain", "S/2020/600", "China", "--text", "Our view.",
                        "--at", "2020-06-29T18:59Z")
    assert on_time.exit_code == 0, on_time.output


MALFORMED = [
    pytest.param('[1, 2]', ["the record is a list; expected a JSON object"], id="wrong-type"),
    pytest.param('{"body": "UNSC"', ["not valid JSON at line 1"], id="not-json"),
    pytest.param(json.dumps({"body": "UNSC", "agenda_item": "X", "votes": {},
                             "outcome_letter": {"date": "2020-06-29"}}),
                 ["missing field 'draft': add it, for example"], id="missing-field"),
    pytest.param(json.dumps({"body": "UNSC", "agenda_item": "X",
                             "draft": {"symbol": "S/2020/600", "submitted_by": ["France"]},
                             "votes": {"France": "yes"},
                             "outcome_letter": {"symbol": None, "date": "2020-13-45"}}),
                 ["field 'outcome_letter.date' is '2020-13-45', not a date; expected YYYY-MM-DD"],
                 id="bad-date"),
    pytest.param(json.dumps({"body": "UNSC", "agenda_item": "X",
                             "draft": {"symbol": "S/2020/600", "submitted_by": "France"},
                             "votes": {"France": "perhaps", "Narnia": "yes"},
                             "outcome_letter": {"symbol": None, "date": "2020-06-29"}}),
                 ["field 'draft.submitted_by' is a string", "field 'votes.France'",
                  "'perhaps'; expected one of: yes, no, abstain", "field 'votes.Narnia'"],
                 id="several-problems-at-once"),
]


@pytest.mark.parametrize(("content", "fragments"), MALFORMED)
def test_a_malformed_record_names_the_field_and_the_fix_and_writes_nothing(
        invoke: Invoke, db: Path, tmp_path: Path, content: str, fragments: list[str]) -> None:
    assert invoke("init").exit_code == 0
    before = dump(db)
    record = tmp_path / "record.json"
    record.write_text(content, encoding="utf-8")
    result = invoke("replay", str(record), "--db", f"sqlite:///{db}")
    assert result.exit_code == 1
    assert result.output.startswith("Error: ")
    for fragment in fragments:
        assert fragment in result.output
    assert dump(db) == before


def test_members_lists_the_2021_council_in_english_order(invoke: Invoke) -> None:
    result = invoke("members", "--year", "2021")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert len(lines) == 15
    assert lines[0] == "CHN  China  (permanent)"
    assert lines[-1] == "VNM  Viet Nam  (elected)"


def test_demo_writes_the_letters_in_three_languages(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    result = CliRunner().invoke(main, ["demo", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    for lang in ("zh", "en", "fr"):
        assert f"S_2020_613.{lang}.txt" in names
        assert f"S_2020_613.{lang}.html" in names
    assert "S_2020_600.opening.en.txt" in names
    assert any(n.endswith(".details.en.txt") for n in names)
    zh = (out / "S_2020_613.zh.txt").read_text(encoding="utf-8")
    seed = SEED.read_text(encoding="utf-8")
    assert (seed_letter_body(zh)) == (seed_letter_body(seed))
    assert "65. Decides to remain actively seized of the matter." in zh
    for path in out.iterdir():
        assert f"wrote {path}" in result.output


def test_an_adopted_resolution_is_stored_as_a_structured_document(
        invoke: Invoke, db: Path) -> None:
    replayed = invoke("replay", str(PROCEDURES / "S_2020_613.json"), "--db", f"sqlite:///{db}")
    assert replayed.exit_code == 0, replayed.output
    # The shared record has no text; a replay of the packaged record (with the draft's text)
    # stores the resolution's paragraphs.
    empty = invoke("resolution", "S/RES/2531 (2020)")
    assert empty.exit_code == 0
    assert "Resolution 2531 (2020)" in empty.output
    assert "Adopted by the Security Council on 29 June 2020" in empty.output


def test_the_demo_resolution_reads_back_with_its_structure(tmp_path: Path) -> None:
    from council.demo import run_demo
    from council.documents import format_document
    from council.parse.akn import read_akn
    from council.render.akn import validate_akn

    db = tmp_path / "demo.db"
    run_demo(tmp_path / "out", f"sqlite:///{db}")
    result = CliRunner().invoke(main, ["--db", f"sqlite:///{db}", "resolution", "2531",
                                       "--format", "akn"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert validate_akn(result.output.encode()) == []
    doc = read_akn(result.output.encode())
    assert (len(doc.preambular_paragraphs), len(doc.operative_paragraphs),
            len(doc.headings)) == (24, 65, 16)
    assert doc.adoption is not None and doc.adoption.written_procedure
    paragraph_28 = doc.operative_paragraphs[27]
    assert [p.num for p in paragraph_28.points] == ["(a)", "(b)", "(c)", "(d)", "(e)", "(f)"]
    assert 'id="para_28_c_ii"' in format_document(doc, "html").decode()


def test_an_unknown_resolution_names_what_the_store_holds(invoke: Invoke, db: Path) -> None:
    assert invoke("init").exit_code == 0
    result = invoke("resolution", "2999")
    assert result.exit_code == 1
    assert "No resolution 2999 in the store; no resolution is adopted in this store yet." \
        in result.output
