"""Canonical JSON (council/signing.py): every letter, receipt and log leaf is signed or hashed
over these bytes, so a faster encoder must give exactly what ``json.dumps`` gives, and fail
exactly where it fails."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from types import MappingProxyType
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from council.domain.errors import InvalidInput
from council.signing import (
    LETTER_FIELDS,
    LETTER_KIND,
    POSITIONS,
    TITLES,
    Letter,
    ReceiptBody,
    _check_no_floats,
    canonical_json,
    format_time,
    parse_time,
)


def reference_canonical_json(value: Any) -> bytes:
    """canonical_json as first written: the float check, then ``json.dumps``."""
    _check_no_floats(value)
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      allow_nan=False).encode("utf-8")


def outcome(encode: Any, value: Any) -> tuple[str, Any]:
    try:
        return ("bytes", encode(value))
    except Exception as exc:  # the error itself is part of the behaviour compared
        return (type(exc).__name__, str(exc))


# Text with every kind of character, lone surrogates included (UTF-8 cannot encode them).
texts = st.text(st.characters(codec=None, categories=None), max_size=12)
scalars = (st.none() | st.booleans() | st.integers() | st.integers(-2**70, 2**70) | texts
           | st.floats(allow_nan=True, allow_infinity=True))
# Keys JSON allows (str, int, float, bool, None) and one it does not (a tuple).
keys = texts | st.integers() | st.floats() | st.booleans() | st.none() | st.tuples(st.integers())
# Values JSON has no encoding for.
strangers = st.sampled_from([object(), {1, 2}, b"bytes", datetime(2020, 6, 29, tzinfo=UTC)])
documents = st.recursive(
    scalars | strangers,
    lambda inner: (st.lists(inner, max_size=4) | st.tuples(inner, inner)
                   | st.dictionaries(texts, inner, max_size=5)
                   | st.dictionaries(keys, inner, max_size=3)),
    max_leaves=20)
# Most signed documents: str keys, text and whole numbers, a nested object or list.
plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=6),
    max_leaves=30)


@settings(max_examples=500, deadline=None)
@given(documents)
def test_canonical_json_gives_the_bytes_and_errors_of_json_dumps_for_any_value(value: Any
                                                                               ) -> None:
    assert outcome(canonical_json, value) == outcome(reference_canonical_json, value)


@settings(max_examples=300, deadline=None)
@given(plain)
def test_canonical_json_of_a_plain_document_is_json_dumps_sorted_and_compact(value: Any
                                                                             ) -> None:
    assert canonical_json(value) == reference_canonical_json(value)


def test_canonical_json_names_the_first_float_as_before_even_beside_other_errors() -> None:
    value = {"a": 1.5, "b": [2.5, object()], "c": float("nan")}
    assert outcome(canonical_json, value) == outcome(reference_canonical_json, value)
    assert outcome(canonical_json, value)[0] == "InvalidInput"


def test_canonical_json_still_refuses_a_value_json_cannot_encode() -> None:
    value = {"when": datetime(2020, 6, 29, tzinfo=UTC)}
    assert outcome(canonical_json, value) == (
        "TypeError", "Object of type datetime is not JSON serializable")


class Label(str):
    """Text of another type: JSON gives it back as a plain str."""


class Number(int):
    """A whole number of another type: JSON gives it back as a plain int."""


utf8_texts = st.text(st.characters(codec="utf-8"), max_size=12)
receipt_texts = utf8_texts | utf8_texts.map(Label) | texts
receipt_numbers = (st.integers() | st.integers(-2**70, 2**70) | st.booleans()
                   | st.integers().map(Number))
times = st.datetimes(timezones=st.just(UTC)) | st.datetimes()  # naive times are refused
receipts = st.builds(ReceiptBody, receipt_numbers, receipt_numbers, receipt_texts, receipt_texts,
                     receipt_texts, receipt_texts, times, receipt_texts,
                     st.none() | receipt_numbers)


@settings(max_examples=500, deadline=None)
@given(receipts)
def test_a_receipt_written_out_is_the_canonical_json_of_its_document(receipt: ReceiptBody
                                                                     ) -> None:
    check_written_out(receipt)


def check_written_out(receipt: ReceiptBody) -> None:
    made = outcome(ReceiptBody.canonical, receipt)
    assert made == outcome(lambda r: canonical_json(r.to_json()), receipt)
    if made[0] == "bytes":  # as a retry reads it back from the store: values, types, order
        stored, expected = receipt.stored_json(), json.loads(made[1])
        assert list(stored.items()) == list(expected.items())
        assert [type(v) for v in stored.values()] == [type(v) for v in expected.values()]


plain_receipts = st.builds(ReceiptBody, st.integers(), st.integers(), texts, utf8_texts,
                           utf8_texts, utf8_texts, st.datetimes(timezones=st.just(UTC)),
                           utf8_texts, st.none() | st.integers(0))


@settings(max_examples=300, deadline=None)
@given(plain_receipts)
def test_a_plain_receipt_written_out_is_the_canonical_json_of_its_document(
        receipt: ReceiptBody) -> None:
    check_written_out(receipt)


def reference_letter(value: object) -> Letter:
    """Letter.from_json as first written (the regular expressions compiled at each call)."""
    if not isinstance(value, Mapping):
        raise InvalidInput(f"The letter is {type(value).__name__}; expected a JSON object "
                           f"with the fields {', '.join(LETTER_FIELDS)}.")
    problems: list[str] = []
    unknown = sorted(set(value) - set(LETTER_FIELDS))
    if unknown:
        problems.append(f"unknown field(s) {', '.join(unknown)}; a letter has exactly "
                        f"{', '.join(LETTER_FIELDS)}")
    missing = [f for f in LETTER_FIELDS if f not in value]
    if missing:
        problems.append(f"missing field(s) {', '.join(missing)}")
    if value.get("kind", LETTER_KIND) != LETTER_KIND:
        problems.append(f"kind is {value.get('kind')!r}; expected {LETTER_KIND!r}")
    procedure = value.get("procedure", 0)
    if not isinstance(procedure, int) or isinstance(procedure, bool) or procedure < 1:
        problems.append(f"procedure is {procedure!r}; expected the procedure's number")
    draft = value.get("draft", "")
    if not isinstance(draft, str) or not re.fullmatch(r"S/\d{4}/\d+", draft):
        problems.append(f"draft is {draft!r}; expected a symbol such as S/2020/600")
    member = value.get("member", "")
    if not isinstance(member, str) or not re.fullmatch(r"[A-Z]{3}", member):
        problems.append(f"member is {member!r}; expected an ISO 3166 alpha-3 code such as "
                        "FRA")
    position = value.get("position", "")
    if position not in POSITIONS:
        problems.append(f"position is {position!r}; expected one of: "
                        f"{', '.join(POSITIONS)}")
    signatory = value.get("signatory", {})
    name = title = ""
    if not isinstance(signatory, Mapping) or set(signatory) != {"name", "title"}:
        problems.append(f"signatory is {signatory!r}; expected an object with name and "
                        "title")
    else:
        name, title = signatory["name"], signatory["title"]
        if not isinstance(name, str) or not name.strip():
            problems.append(f"signatory name is {name!r}; give the name of who signed")
        if title not in TITLES:
            problems.append(f"signatory title is {title!r}; only "
                            f"{' or '.join(TITLES)} may sign (R6)")
    sent_at = datetime(1970, 1, 1, tzinfo=UTC)
    if "sent_at" in value:
        try:
            sent_at = parse_time(value["sent_at"], "sent_at")
        except InvalidInput as exc:
            problems.append(exc.message[0].lower() + exc.message[1:].rstrip("."))
    if problems:
        raise InvalidInput("The letter of position has " + str(len(problems))
                           + " problem(s): " + "; ".join(problems) + ".")
    return Letter(int(procedure), str(draft), str(member), str(position), str(name).strip(),
                  str(title), sent_at)


sent_times = st.datetimes(timezones=st.just(UTC)).map(format_time)
letter_values = (st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False)
                 | texts | st.sampled_from(["S/2020/600", "S/20/1", "FRA", "fra", "yes", "no",
                                            "abstain", "maybe", "permanent-representative",
                                            "charge-d-affaires", "  ", LETTER_KIND,
                                            "2020-06-29T10:15:00.000Z", "2020-02-30T10:15:00Z"])
                 | sent_times | st.just({"name": "PR of France", "title": "charge-d-affaires"}))
good_letter = st.fixed_dictionaries({
    "kind": st.just(LETTER_KIND), "procedure": st.integers(1, 10**6),
    "draft": st.sampled_from(["S/2020/600", "S/2026/9001"]),
    "member": st.sampled_from(["FRA", "USA"]),
    "position": st.sampled_from(["yes", "no", "abstain"]),
    "signatory": st.fixed_dictionaries({"name": texts, "title": st.sampled_from(
        ["permanent-representative", "charge-d-affaires"])}),
    "sent_at": sent_times})


@st.composite
def letters(draw: st.DrawFn) -> object:
    """Letters as sent: right, with fields changed, dropped or added, or not objects."""
    letter: dict[str, object] = dict(draw(good_letter))
    for name in draw(st.lists(st.sampled_from([*LETTER_FIELDS, "colour", "name"]), max_size=3)):
        action = draw(st.sampled_from(["change", "drop", "nest"]))
        if action == "drop":
            letter.pop(name, None)
        elif action == "nest" and name == "signatory":
            letter[name] = draw(st.dictionaries(st.sampled_from(["name", "title", "x"]),
                                                letter_values, max_size=3))
        else:
            letter[name] = draw(letter_values)
    shape = draw(st.sampled_from(["dict", "dict", "dict", "mapping", "list"]))
    if shape == "mapping":
        return MappingProxyType(letter)
    return list(letter) if shape == "list" else letter


@settings(max_examples=500, deadline=None)
@given(letters())
def test_a_letter_is_read_as_before_with_the_same_problems_in_the_same_words(value: object
                                                                             ) -> None:
    assert outcome(Letter.from_json, value) == outcome(reference_letter, value)


letter_texts = texts | utf8_texts.map(Label)
letter_values_of_any_type = st.builds(
    Letter, st.integers() | st.booleans() | st.integers().map(Number), letter_texts,
    letter_texts, letter_texts, letter_texts, letter_texts, times)
plain_letter_values = st.builds(Letter, st.integers(), texts, texts, texts, texts, texts,
                                st.datetimes(timezones=st.just(UTC)))


@settings(max_examples=400, deadline=None)
@given(letter_values_of_any_type | plain_letter_values)
def test_a_letter_written_out_is_the_canonical_json_of_its_document(letter: Letter) -> None:
    assert outcome(Letter.canonical, letter) == outcome(
        lambda x: canonical_json(x.to_json()), letter)
