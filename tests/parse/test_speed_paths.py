"""The fourth round of speed work (issue 3) changes nothing a parse gives.

``tokens.classify_texts`` now tells plain lines by their first two characters (not the first
and whether the second is "." or ")"), and ``parse_resolution`` pauses the cyclic garbage
collector while it parses; test_fast_paths.py has the properties of the earlier rounds.
"""

from __future__ import annotations

import gc

from hypothesis import given, settings
from hypothesis import strategies as st

from council.parse import parse_resolution
from council.parse.tokens import classify_text, classify_texts

# Openings that a point label may start ("ii)", "iv.", "v)") or only seem to ("in", "vi",
# "x-ray", "of"), and lines of every length around the limits (30, 80 characters).
OPENINGS = [
    "i", "ii", "iii", "iv", "v", "vi", "x", "xi", "in", "iv)", "ii)", "v.", "x)", "i.", "o",
    "of", "a", "a.", "b)", "(", "1", "12.", "–", "A", "S", "R", "T", "联", "安", "附",
]  # fmt: skip
RESTS = [" ", ") ", ". ", "n ", "v ", "29 June 2020", "Decides", "x" * 25, "y" * 60, "z"]


@settings(max_examples=2000, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(OPENINGS), st.lists(st.sampled_from(RESTS), max_size=4).map("".join)
        ).map(lambda pair: "".join(pair).strip() or pair[0]),
        min_size=1,
        max_size=10,
    )
)
def test_classify_texts_gives_every_line_what_classify_text_gives(texts: list[str]) -> None:
    kinds, labels, rests = classify_texts(texts, [text[0] for text in texts])
    assert list(zip(kinds, labels, rests, strict=True)) == [classify_text(t) for t in texts]


def test_parsing_leaves_the_garbage_collector_running() -> None:
    assert gc.isenabled()
    parse_resolution("The Security Council,\n\n1. Decides to remain seized of the matter.\n")
    assert gc.isenabled()


def test_parsing_leaves_a_paused_garbage_collector_paused() -> None:
    gc.disable()
    try:
        parse_resolution("The Security Council,\n\n1. Decides to remain seized of the matter.\n")
        assert not gc.isenabled()
    finally:
        gc.enable()
