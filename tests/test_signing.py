"""Canonical JSON (council/signing.py): every letter, receipt and log leaf is signed or hashed
over these bytes, so a faster encoder must give exactly what ``json.dumps`` gives, and fail
exactly where it fails."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from council.signing import ReceiptBody, _check_no_floats, canonical_json


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
