"""The fourth round of speed work (issue 3) changes nothing a parse gives.

``tokens.classify_texts`` now tells plain lines by their first two characters (not the first
and whether the second is "." or ")"), ``parse_resolution`` pauses the cyclic garbage
collector while it parses, and the lead patterns write their alternations as trees
(``leads._alternatives``); test_fast_paths.py has the properties of the earlier rounds.
"""

from __future__ import annotations

import gc
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from council.parse import leads, parse_resolution
from council.parse.tokens import classify_text, classify_texts

# Openings that a point label may start ("ii)", "v.", "x)") or only seem to ("in", "vi",
# "of"), and lines of every length around the limits (30, 80 characters).
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
    kinds, labels, rests = classify_texts(texts, [len(text) for text in texts])
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


# The lead patterns as plain alternations, as they were before they were written as trees.
_PLAIN_ADVERB = "|".join(sorted(leads._ADVERBS, key=len, reverse=True))
_PLAIN_OBJECT = "|".join(
    phrase.replace(" ", r"\s+") for phrase in sorted(leads._LEAD_OBJECTS, key=len, reverse=True)
)
_PLAIN_LEAD = re.compile(
    rf"(?:(?:{_PLAIN_ADVERB})\s+)*[^\W\d_][\w’'-]*(?:\s+(?:{_PLAIN_OBJECT})(?![^\W\d_]))?",
    re.IGNORECASE,
)
_PLAIN_CORE = re.compile(
    rf"(\W*)(?:(?:{_PLAIN_ADVERB})\s+)*([^\W\d_][\w’'-]*)", re.IGNORECASE
)
LEAD_WORDS = sorted(
    {word for phrase in leads._LEAD_OBJECTS for word in phrase.split()}
    | leads._ADVERBS
    | {"Taking", "Decides", "Calls", "Further", "NOTE", "Notes", "“", "(", "x", "1"}
)


@settings(max_examples=3000, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(LEAD_WORDS), st.sampled_from([" ", "  ", "\n", ",", "", "s "])),
        max_size=8,
    ).map(lambda pairs: "".join(word + after for word, after in pairs))
)
def test_the_lead_patterns_match_what_their_plain_alternations_match(text: str) -> None:
    for tree, plain in ((leads._LEAD, _PLAIN_LEAD), (leads._CORE, _PLAIN_CORE)):
        found, expected = tree.match(text), plain.match(text)
        assert (found and found.groups(), found and found.span()) == (
            expected and expected.groups(),
            expected and expected.span(),
        )
