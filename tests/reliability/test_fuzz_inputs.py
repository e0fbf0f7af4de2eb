"""Fuzzing the two readers of outside input finds no crash (issue 5).

* The replay-record reader (``parse_record``, ``load_record``) is fed arbitrary JSON values,
  mutations of the shipped record ``S_2020_613.json`` (fields deleted, retyped, strings
  garbled) and garbled record files: it may refuse them, but only with a ``CouncilError``
  (an ``InvalidRecord`` listing the problems), never with anything else.
* The text parser (``parse_resolution``) is fed arbitrary text and mutations of real texts
  (the seed letter, the OCR'd resolutions in ``../shared``): it never raises. Its last-resort
  ``except`` would hide a crash, so ``build_document``, the parser proper, is fuzzed as well.

Examples per test: 250 by default (the normal suite); ``COUNCIL_FUZZ_EXAMPLES=N`` sets N, and
``HYPOTHESIS_PROFILE=soak`` (``make soak``) runs 20,000.
"""

from __future__ import annotations

import copy
import json
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from council.council import Council
from council.domain.document import Document
from council.domain.errors import CouncilError
from council.parse.structure import build_document, parse_resolution
from council.replay import load_record, parse_record
from council.settings import load_settings
from council.store.repository import Store

SHARED = Path(__file__).resolve().parents[3] / "shared"
RECORDS = Path(__file__).resolve().parents[2] / "src" / "council" / "data" / "records"
SHIPPED = RECORDS / "S_2020_613.json"
TEXTS = [*sorted((SHARED / "data" / "resolutions-ocr").glob("*.txt"))[:40],
         SHARED / "seed" / "000_bb3b1705f158320d.txt", RECORDS / "S_2020_600.txt"]

SOAK_EXAMPLES = 20_000
DEFAULT_EXAMPLES = 250


def examples() -> int:
    """COUNCIL_FUZZ_EXAMPLES, else 20,000 under HYPOTHESIS_PROFILE=soak, else 250."""
    given_n = os.environ.get("COUNCIL_FUZZ_EXAMPLES", "").strip()
    if given_n:
        return int(given_n)
    return SOAK_EXAMPLES if os.environ.get("HYPOTHESIS_PROFILE") == "soak" else DEFAULT_EXAMPLES


fuzz = settings(max_examples=examples(), deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@pytest.fixture(scope="module")
def council() -> Iterator[Council]:
    """A Council for its catalog and settings; the reader writes nothing."""
    url = "sqlite://"
    instance = Council(load_settings(environ={"COUNCIL_DATABASE_URL": url}, dotenv=None),
                       Store(url))
    yield instance
    instance.store.dispose()


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    """A directory for record files (Hypothesis reruns a test body; tmp_path would be shared
    across examples anyway)."""
    with tempfile.TemporaryDirectory(prefix="council-fuzz-") as name:
        yield Path(name)


def read_beside(name: str) -> str:
    return (RECORDS / name).read_text(encoding="utf-8")


def must_refuse_cleanly(data: object, council: Council) -> None:
    try:
        parse_record(data, council, read_beside)
    except CouncilError as exc:
        assert str(exc)  # a message, not an empty refusal


# -- arbitrary JSON ----------------------------------------------------------------------------

scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
           | st.text(max_size=20))
json_values = st.recursive(
    scalars, lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.text(max_size=12), children, max_size=5), max_leaves=20)
FIELDS = ("body", "agenda_item", "agenda_item_translations", "draft", "votes", "signatories",
          "explanations", "outcome_letter", "resolution_number", "opened_at", "period_hours",
          "original_language")
records = st.dictionaries(st.sampled_from(FIELDS), json_values, max_size=len(FIELDS))


@fuzz
@given(json_values)
def test_the_replay_reader_refuses_any_json_value_with_a_council_error(
        council: Council, data: object) -> None:
    must_refuse_cleanly(data, council)


@fuzz
@given(records)
def test_the_replay_reader_refuses_any_object_with_the_record_fields_cleanly(
        council: Council, data: dict[str, Any]) -> None:
    must_refuse_cleanly(data, council)


# -- mutations of the shipped record ---------------------------------------------------------

SHIPPED_RECORD: dict[str, Any] = json.loads(SHIPPED.read_text(encoding="utf-8"))


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside ``value`` (object keys and list indices)."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, child in value.items():
            found += paths(child, (*prefix, key))
    elif isinstance(value, list):
        for i, child in enumerate(value):
            found += paths(child, (*prefix, i))
    return found


def garble(text: str, data: st.DataObject) -> str:
    how = data.draw(st.sampled_from(["insert", "delete", "replace", "swapcase", "empty",
                                     "huge", "unicode"]))
    at = data.draw(st.integers(0, len(text)))
    if how == "insert":
        return text[:at] + data.draw(st.text(min_size=1, max_size=5)) + text[at:]
    if how == "delete":
        return text[:at] + text[at + data.draw(st.integers(1, 5)):]
    if how == "replace":
        return text[:at] + data.draw(st.characters()) + text[at + 1:]
    if how == "swapcase":
        return text.swapcase()
    if how == "empty":
        return ""
    if how == "huge":
        return text * data.draw(st.integers(2, 50))
    return data.draw(st.text(max_size=30))


def mutate(record: dict[str, Any], data: st.DataObject) -> dict[str, Any]:
    changed = copy.deepcopy(record)
    for _ in range(data.draw(st.integers(1, 4), label="mutations")):
        everywhere = paths(changed)
        if not everywhere:
            break
        path = data.draw(st.sampled_from(everywhere))
        parent: Any = changed
        for step in path[:-1]:
            parent = parent[step]
        key, old = path[-1], parent[path[-1]]
        kind = data.draw(st.sampled_from(["delete", "retype", "garble", "number"]))
        if kind == "delete":
            del parent[key]
        elif kind == "retype" or not isinstance(old, str):
            parent[key] = data.draw(json_values)
        elif kind == "garble":
            parent[key] = garble(old, data)
        else:
            parent[key] = data.draw(st.integers(-10**12, 10**12) | st.floats(allow_nan=False))
    return changed


@fuzz
@given(st.data())
def test_the_replay_reader_survives_mutations_of_the_shipped_record(
        council: Council, data: st.DataObject) -> None:
    must_refuse_cleanly(mutate(SHIPPED_RECORD, data), council)


@fuzz
@given(st.data())
def test_load_record_survives_garbled_files(council: Council, scratch: Path,
                                            data: st.DataObject) -> None:
    text = json.dumps(mutate(SHIPPED_RECORD, data), ensure_ascii=False, indent=1)
    if data.draw(st.booleans(), label="garble the file itself"):
        text = garble(text, data)
    path = scratch / "record.json"
    path.write_bytes(text.encode("utf-8", "surrogatepass")
                     if data.draw(st.booleans(), label="as UTF-8") else
                     data.draw(st.binary(max_size=200)))
    (scratch / "S_2020_600.txt").write_text(read_beside("S_2020_600.txt"), encoding="utf-8")
    try:
        load_record(path, council)
    except CouncilError as exc:
        assert str(exc)


RECORD = {**SHIPPED_RECORD, "draft": {"symbol": "S/2020/600", "submitted_by": ["France"],
                                      "text": "The Security Council,"}}
NOT_UTF8 = "not UTF-8"


@pytest.mark.parametrize("data", [
    pytest.param({**RECORD, "signatories": ["France"]}, id="signatories-a-list"),
    pytest.param({**RECORD, "signatories": True}, id="signatories-true"),
    pytest.param({**RECORD, "explanations": ["France explains"]}, id="explanations-a-list"),
    pytest.param({**RECORD, "draft": {**RECORD["draft"], "parties_to_dispute": 5}},
                 id="parties-to-dispute-a-number"),
    pytest.param({k: v for k, v in RECORD.items() if k != "opened_at"} | {
        "period_hours": 1e12}, id="period-hours-huge-without-opened-at"),
    pytest.param({**RECORD, "draft": {}}, id="draft-an-empty-object"),
    pytest.param({**RECORD, "outcome_letter": {}}, id="outcome-letter-an-empty-object"),
    pytest.param(NOT_UTF8, id="record-file-not-utf-8"),
])
def test_inputs_that_once_crashed_the_replay_reader_are_refused_with_a_message(
        council: Council, scratch: Path, data: object) -> None:
    path = scratch / "known.json"
    path.write_bytes(b"\x80{}" if data == NOT_UTF8 else json.dumps(data).encode("utf-8"))
    with pytest.raises(CouncilError) as refused:
        load_record(path, council)
    assert str(refused.value)


def test_the_shipped_record_itself_is_read(council: Council) -> None:
    record = load_record(SHIPPED, council)
    assert record.draft_symbol == "S/2020/600" and len(record.votes) == 15


# -- the text parser -------------------------------------------------------------------------

REAL_TEXTS = [path.read_text(encoding="utf-8") for path in TEXTS]


def parses(text: str) -> None:
    document = build_document(text)  # the parser proper: no last-resort except
    assert isinstance(document, Document)
    assert isinstance(parse_resolution(text), Document)


@fuzz
@given(st.text())
def test_the_parser_never_raises_on_arbitrary_text(text: str) -> None:
    parses(text)


@fuzz
@given(st.lists(st.sampled_from(["The Security Council,", "Recalling", "1.", "(a)", "(i)",
                                 "Decides", ";", ":", ".", "\n", "\n\n", " ", "\t", "\f",
                                 "Annex", "*", "Resolution 2531 (2020)", "S/RES/", "—",
                                 "\u00a0", "\u2028", "\r\n", "Adopted by the Security Council",
                                 "2.", "A", "B", "I", "(b)", "1bis."]), max_size=60)
       .map("".join))
def test_the_parser_never_raises_on_resolution_like_fragments(text: str) -> None:
    parses(text)


@fuzz
@given(st.sampled_from(REAL_TEXTS), st.data())
def test_the_parser_never_raises_on_mutated_real_texts(text: str, data: st.DataObject
                                                       ) -> None:
    lines = text.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 6), label="mutations")):
        if not lines:
            break
        i = data.draw(st.integers(0, len(lines) - 1))
        kind = data.draw(st.sampled_from(["garble", "drop", "duplicate", "swap", "join"]))
        if kind == "garble":
            lines[i] = garble(lines[i], data)
        elif kind == "drop":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, lines[i])
        elif kind == "swap":
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            lines[i] = lines[i].rstrip("\n")
    parses("".join(lines))
