"""Guess the lead words of a paragraph, and whether it is preambular or operative.

Preambular paragraphs open with a participle or an adjective ("Recalling", "Strongly
condemning", "Expressing grave concern", "Deeply concerned"); operative paragraphs with a verb
in the third person ("Decides", "Calls upon", "Further requests"). The UN's XML marks these lead
words in italics; plain text does not, so they are guessed here from word lists and endings
(DOMAIN.md §5). The guess only fills ``lead``, which equality ignores, and tells an unnumbered
operative paragraph of an old resolution ("Calls for the immediate termination ...") from a
preambular one.

The rules for a paragraph without a number live here too (``reads_as_heading``,
``opens_body``, ``is_unreadable``): the text parser reads the plain-text form by them, and the
AKN reader applies them to the UN's unnumbered paragraphs, so that a document read from XML
and written as text parses back to the same document (docs/roundtrip.md).
"""

from __future__ import annotations

import re
import unicodedata

from council.parse.lines import ends_sentence_part

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


def _alternatives(phrases: list[str]) -> str:
    r"""``"|".join(phrases)`` (a space standing for ``\s+``), written as a tree of shared
    beginnings: "note(?:\s+(?:with\s+(?:grave\s+concern|…)|also|…)|)" rather than eleven
    alternatives that each start with "note". The regular expression engine tries the
    alternatives of a group one by one, so most fail at their first letter at once instead of
    each being tried (issue 3: the leads are read for every paragraph). It matches what the
    plain alternation matches, in the same order of preference: the phrases sharing a
    beginning keep their order, and a phrase that ends where others go on (one that may be
    preferred to a later, longer one) is not moved past them."""
    tokens = [re.findall(r" |[^ ]", phrase) for phrase in phrases]
    return _tree(tokens)


def _tree(options: list[list[str]]) -> str:
    groups: dict[str, list[list[str]]] = {}
    parts: list[str] = []
    for option in options:
        if not option:  # the phrase ends here: what was grouped before it comes first
            parts.extend(_group(head, tails) for head, tails in groups.items())
            groups.clear()
            parts.append("")
            continue
        groups.setdefault(option[0], []).append(option[1:])
    parts.extend(_group(head, tails) for head, tails in groups.items())
    return "|".join(parts)


def _group(head: str, tails: list[list[str]]) -> str:
    shared = [head]  # the tokens every phrase of the group starts with
    while all(tails) and len({tail[0] for tail in tails}) == 1:
        shared.append(tails[0][0])
        tails = [tail[1:] for tail in tails]
    written = "".join(r"\s+" if token == " " else re.escape(token) for token in shared)
    if len(tails) == 1:
        return written + _tree(tails)
    return f"{written}(?:{_tree(tails)})"


_ADVERB = _alternatives(sorted(_ADVERBS, key=len, reverse=True))
_OBJECT = _alternatives(sorted(_LEAD_OBJECTS, key=len, reverse=True))
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


# The opening verb of an operative paragraph, with its adverbs and particle ("Decides", "Calls
# upon", "Further requests", "Takes note of"), is read as a preambular lead is: the same
# function, not a call through a second one for each of a text's operative paragraphs.
operative_lead = preambular_lead


# Arabic preambular paragraphs open with "إذ" / "وإذ" ("while", "and while") before the verb
# ("وإذ يتصرف بموجب الفصل السابع", Acting under Chapter VII): the first words of every
# preambular paragraph of shared/data/akn4un-2020-six-languages/ar.
_ARABIC_PREAMBLE_OPENERS = ("إذ ", "وإذ ")


def looks_preambular(text: str) -> bool:
    """Whether ``text`` opens like a preambular paragraph ("Recalling", "Deeply concerned")."""
    if text.startswith(_ARABIC_PREAMBLE_OPENERS):
        return True
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


# -- paragraphs without a number: the rules the text form and the AKN reader share ------------

HEADING_MAX = 150  # the longest heading in the UN's files has 149 characters (ar S/RES/2514)
_CLOSED_WITH_MARKER = re.compile(r"[,;:.]\s*\d{1,3}$")
_CLOSING_MARKS = "\"'”’»)]} "
_ARABIC_STOPS = frozenset("،؛؟")
# A sentence ends inside: a word in lower case, a full stop, a space ("… Authority. Article
# 16", OCR's heading glued to its paragraph); not an initial or "No." ("CHAPTER X. —").
_SENTENCE_INSIDE = re.compile(r"[a-zß-öø-ÿ]{2}\.\s")


def is_unreadable(text: str) -> bool:
    """Whether a paragraph opens with neither a letter or digit ("2a: Targeted sanctions", a
    heading of S/RES/2662 (2022)) nor an opening quote or bracket ("“", "(", "《"): "*",
    "%%% ###". The parser keeps such a paragraph as an ``Unrecognised`` node."""
    if not text:
        return True
    first = text[0]
    return not (first.isalnum() or first in "\"'" or unicodedata.category(first) in ("Ps", "Pi"))


def is_closed(text: str) -> bool:
    """Whether ``text`` ends with punctuation that closes a paragraph (",", ";", ":", ".",
    the Chinese and Arabic ones), possibly followed by a closing quote or bracket or a footnote
    number ("…, 12")."""
    if ends_sentence_part(text) or text.rstrip(_CLOSING_MARKS)[-1:] in _ARABIC_STOPS:
        return True
    return _CLOSED_WITH_MARKER.search(text, len(text) - 6) is not None


def reads_as_heading(text: str, in_body: bool) -> bool:
    """Whether an unnumbered paragraph without points is a heading: it is short (at most
    ``HEADING_MAX`` characters), has no final punctuation and no sentence ends inside it. In
    the preamble it must also not open like a preambular paragraph ("Underscoring that …"
    without its comma).

    Args:
        text: the paragraph's text, whitespace normalised.
        in_body: whether the paragraph stands among the operative paragraphs.

    Returns:
        True for "Reporting", "Targeted Sanctions", "A"; False for "Decides to remain seized
        of the matter." and for a preambular paragraph that lost its comma.
    """
    if is_unreadable(text) or len(text) > HEADING_MAX or is_closed(text):
        return False
    if _SENTENCE_INSIDE.search(text) is not None:
        return False
    return in_body or not looks_preambular(text)


def opens_body(text: str, numbered_later: bool) -> bool:
    """Whether an unnumbered paragraph, met in the preamble, starts the operative part: it
    opens with a verb in the third person ("Calls for …", "Resolves:"). When numbered
    paragraphs follow, one ending with a comma, as preambular paragraphs do, stays in the
    preamble: "Recalls that UNDOF’s deployment … (1973)," in S/RES/2530 (2020).

    Args:
        text: the paragraph's text.
        numbered_later: whether a numbered operative paragraph comes later in the document.

    Returns:
        Whether the paragraph is the first of the operative part.
    """
    if not looks_operative(text):
        return False
    return not (numbered_later and text.rstrip(_CLOSING_MARKS).endswith(","))
