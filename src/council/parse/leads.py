"""Guess the lead words of a paragraph, and whether it is preambular or operative.

Preambular paragraphs open with a participle or an adjective ("Recalling", "Strongly
condemning", "Expressing grave concern", "Deeply concerned"); operative paragraphs with a verb
in the third person ("Decides", "Calls upon", "Further requests"). The UN's XML marks these lead
words in italics; plain text does not, so they are guessed here from word lists and endings
(DOMAIN.md §5). The guess only fills ``lead``, which equality ignores, and tells an unnumbered
operative paragraph of an old resolution ("Calls for the immediate termination ...") from a
preambular one.
"""

from __future__ import annotations

import re

_ADVERBS = frozenset(
    [
        "further",
        "also",
        "again",
        "strongly",
        "deeply",
        "gravely",
        "particularly",
        "seriously",
        "fully",
        "firmly",
        "once",
        "most",
        "profoundly",
        "remaining",
        "still",
        "equally",
        "likewise",
        "duly",
    ]
)
_PREAMBLE_WORDS = frozenset(
    [
        "aware",
        "conscious",
        "mindful",
        "cognizant",
        "anxious",
        "desirous",
        "convinced",
        "concerned",
        "determined",
        "alarmed",
        "appalled",
        "dismayed",
        "disturbed",
        "encouraged",
        "gratified",
        "guided",
        "reaffirming",
        "recalling",
        "noting",
        "recognizing",
        "recognising",
        "welcoming",
        "whereas",
        "considering",
        "having",
        "bearing",
        "taking",
        "acting",
        "believing",
        "emphasizing",
        "emphasising",
        "stressing",
        "underlining",
        "expressing",
        "reiterating",
        "commending",
        "condemning",
        "deploring",
        "regretting",
        "affirming",
        "acknowledging",
        "determining",
        "observing",
        "paying",
        "looking",
        "urging",
        "calling",
    ]
)
# Words that may follow the lead and still belong to it ("Taking note of", "Bearing in mind").
_LEAD_OBJECTS = (
    "note with grave concern",
    "note with deep concern",
    "note with satisfaction",
    "note with appreciation of",
    "note with appreciation",
    "note with concern",
    "note also of",
    "note also",
    "note further",
    "note of",
    "note",
    "due note of",
    "due note",
    "positive note of",
    "positive note",
    "in mind",
    "into account",
    "into consideration",
    "with grave concern",
    "with deep concern",
    "with serious concern",
    "with concern",
    "with appreciation",
    "with satisfaction",
    "with interest",
    "grave concern",
    "deep concern",
    "serious concern",
    "its deep concern",
    "its grave concern",
    "its concern",
    "its continued concern",
    "concern",
    "alarm",
    "tribute",
    "regard",
    "upon",
    "on",
    "for",
    "under",
    "in particular",
    "also",
    "further",
    "again",
)
_NOT_VERBS = frozenset(
    [
        "whereas",
        "conscious",
        "anxious",
        "desirous",
        "various",
        "serious",
        "zealous",
        "previous",
        "this",
        "thus",
        "its",
        "his",
        "as",
        "is",
        "was",
        "has",
        "does",
        "always",
        "perhaps",
        "nations",
        "states",
        "parties",
        "members",
        "its",
    ]
)


_ADVERB = "|".join(sorted(_ADVERBS, key=len, reverse=True))
_OBJECT = "|".join(
    phrase.replace(" ", r"\s+") for phrase in sorted(_LEAD_OBJECTS, key=len, reverse=True)
)
# The lead: adverbs, the core word, then a fixed object ("Taking note of"), in one match.
_LEAD = re.compile(
    rf"(?:(?:{_ADVERB})\s+)*[^\W\d_][\w’'-]*(?:\s+(?:{_OBJECT})(?![^\W\d_]))?", re.IGNORECASE
)
# The core word after the adverbs ("condemning" in "Strongly condemning").
_CORE = re.compile(rf"(\W*)(?:(?:{_ADVERB})\s+)*([^\W\d_][\w’'-]*)", re.IGNORECASE)


def _core(text: str) -> str:
    """The first word after the leading adverbs, in lower case, if ``text`` opens with a
    capital (after any opening quote or bracket); else ""."""
    match = _CORE.match(text)
    if match is None or not text[len(match.group(1))].isupper():
        return ""
    return match.group(2).lower()


def preambular_lead(text: str) -> str:
    """The opening participle or adjective of a preambular paragraph, with its adverbs and
    fixed objects: "Recalling", "Strongly condemning", "Expressing grave concern"."""
    match = _LEAD.match(text)
    return match.group() if match else ""


def operative_lead(text: str) -> str:
    """The opening verb of an operative paragraph, with its adverbs and particle: "Decides",
    "Calls upon", "Further requests", "Takes note of"."""
    return preambular_lead(text)


def looks_preambular(text: str) -> bool:
    """Whether ``text`` opens like a preambular paragraph ("Recalling", "Deeply concerned")."""
    word = _core(text)
    return bool(word) and (word in _PREAMBLE_WORDS or word.endswith(("ing", "ed")))


def looks_operative(text: str) -> bool:
    """Whether ``text`` opens with a verb in the third person ("Decides", "Calls upon",
    "Further requests"), as an operative paragraph does."""
    word = _core(text)
    return (
        len(word) >= 4
        and word.endswith("s")
        and not word.endswith(("ss", "us", "ous"))
        and word not in _NOT_VERBS
        and word not in _PREAMBLE_WORDS
    )
