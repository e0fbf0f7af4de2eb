"""Full-text search over the corpus's paragraphs (issue 6, point 2): the user's query read into
terms, the filters, and the hits with their highlighted snippets.

Pure: what the user typed becomes a ``Query`` of plain values; ``store/search.py`` turns it into
SQLite FTS5 or PostgreSQL full-text SQL with every word a bound or quoted value, so no input
can reach either engine's own query syntax. The query language is the common subset of web
search engines (and of PostgreSQL's ``websearch_to_tsquery``):

- words are all required (``cantonment armed groups``);
- ``"a quoted phrase"`` must appear as written (an unclosed quote runs to the end);
- ``OR`` (in capitals) between two terms accepts either;
- ``-word`` or ``NOT word`` excludes paragraphs with it;
- ``word*`` matches words that begin with it;
- ``AND`` and ``NEAR`` are accepted and read as the default (all required);
- punctuation separates words, so ``S/RES/2480`` is the phrase "S RES 2480" and a stray
  ``"``, ``(`` or ``:`` means nothing.

Words match as written, without case (and on SQLite without diacritics), and are not stemmed:
``report*`` finds reports and reporting. Both engines could stem English (porter, the
``english`` configuration), but a stemmed index breaks prefixes (``demobili*`` would miss
"demobilization", stored as "demobil"), lets "cantonment" find "cantonal", drops stop words on
PostgreSQL only, and would make the two stores answer differently; the ``simple``
configuration and ``unicode61`` answer alike.

Chinese, Japanese and Korean are written without spaces between words, which the word
tokenisers of both engines (SQLite's ``unicode61``, PostgreSQL's parser) do not split; a query
with such characters is therefore matched as substrings of the paragraphs' text (``instr`` /
``strpos``: a scan, which at the corpus's size of some thousands of paragraphs costs
milliseconds) instead of through the index. The trigram tokenizer would index substrings but
triples the index and gives up stemming for the English the corpus is written in.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

__all__ = ["MARK_END", "MARK_START", "MAX_LIMIT", "VOTES", "Query", "SearchFilters",
           "SearchHit", "SearchResults", "Term", "check_search", "corpus_url", "marked_spans",
           "official_url", "parse_query", "substring_snippet"]

# Delimit the highlighted words in the snippets the engines return; characters of Unicode's
# private use area, which no paragraph of the corpus contains, taken out again by
# ``marked_spans``.
MARK_START = "\ue000"
MARK_END = "\ue001"

_TOKEN = re.compile(r'-?"[^"]*"?|\S+')
_WORD = re.compile(r"[^\W_]+")  # letters and digits: "_" separates, as in both engines
_OPERATORS = {"AND", "NEAR"}
# Scripts written without spaces between words (see the module's docstring).
_UNSPACED = re.compile("[\u2e80-\u2fdf\u3040-\u30ff\u3100-\u312f\u3190-\u31ff\u3400-\u4dbf"
                       "\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7af\uf900-\ufaff\uff66-\uff9f"
                       "\U00020000-\U0002fa1f]")


@dataclass(frozen=True)
class Term:
    """One thing to look for: a word (``words`` of one) or a phrase, perhaps a prefix."""

    words: tuple[str, ...]
    prefix: bool = False
    negated: bool = False

    @property
    def text(self) -> str:
        return " ".join(self.words)


@dataclass(frozen=True)
class Query:
    """What to look for: every group must match (a group matches when one of its terms does),
    and no excluded term may. ``substring`` when the text has unspaced scripts (CJK)."""

    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    substring: bool = False

    @property
    def empty(self) -> bool:
        """Nothing to look for: an empty or all-punctuation query, or exclusions only."""
        return not self.groups


def _clean(text: str) -> str:
    # NUL and other control characters: PostgreSQL refuses NUL in text, and none is a word.
    return "".join(" " if unicodedata.category(char) == "Cc" else char
                   for char in unicodedata.normalize("NFC", text))


def parse_query(text: str) -> Query:
    """Read what the user typed; never fails (see the module's docstring for the language).

    Args:
        text: the query as typed, any length, any characters.

    Returns:
        The query; ``Query.empty`` when it has nothing to look for.
    """
    text = _clean(text)[:1000]
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    join_next = negate_next = False
    for token in _TOKEN.findall(text):
        if token in _OPERATORS:
            continue
        if token == "OR":
            join_next = bool(groups)
            continue
        if token == "NOT":
            negate_next = True
            continue
        negated = negate_next or (token.startswith("-") and len(token) > 1)
        body = token[1:] if token.startswith("-") and len(token) > 1 else token
        quoted = body.startswith('"')
        words = tuple(word.lower() for word in _WORD.findall(body))
        if not words:
            continue  # punctuation alone: nothing to look for, and the operators stay pending
        prefix = not quoted and body.rstrip("*") != body and len(words) == 1
        term = Term(words, prefix=prefix, negated=negated)
        negate_next = False
        if negated:
            excluded.append(term)
            join_next = False
        elif join_next:
            groups[-1].append(term)
            join_next = False
        else:
            groups.append([term])
    return Query(tuple(tuple(group) for group in groups), tuple(excluded),
                 substring=bool(_UNSPACED.search(text)))


@dataclass(frozen=True)
class SearchFilters:
    """Which documents to search: each given filter narrows the search (they combine).

    ``member`` with ``vote``: documents on which that member voted so; ``member`` alone: on
    which it voted at all (it sat on the Council); ``vote`` alone: on which some member voted
    so (``vote="no"``: resolutions adopted over a vote against).
    """

    from_year: int | None = None
    to_year: int | None = None
    agenda_item: str | None = None  # as the metadata writes it, compared without case
    written_procedure: bool | None = None
    unanimous: bool | None = None
    member: str | None = None  # ISO 3166 alpha-3
    vote: str | None = None  # yes | no | abstain | absent


@dataclass(frozen=True)
class SearchHit:
    """A paragraph that matched, with its document and a snippet: ``snippet`` is plain text,
    ``highlights`` the (start, end) offsets in it of the words that matched."""

    symbol: str
    kind: str
    number: int | None
    year: int | None
    date: date | None
    title: str
    agenda_item: str | None
    anchor: str
    label: str
    paragraph_kind: str
    url: str
    snippet: str
    highlights: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True)
class SearchResults:
    query: str
    total: int
    hits: tuple[SearchHit, ...] = field(default_factory=tuple)
    mode: str = "index"  # index | substring | empty


def marked_spans(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A snippet with ``MARK_START``/``MARK_END`` around its highlights → (text, spans)."""
    out: list[str] = []
    spans: list[tuple[int, int]] = []
    length, start = 0, None
    for piece in re.split(f"([{MARK_START}{MARK_END}])", marked):
        if piece == MARK_START:
            start = length
        elif piece == MARK_END:
            if start is not None and length > start:
                spans.append((start, length))
            start = None
        else:
            out.append(piece)
            length += len(piece)
    return "".join(out), tuple(spans)


def substring_snippet(text: str, needles: list[str], width: int = 160
                      ) -> tuple[str, tuple[tuple[int, int], ...]]:
    """For the substring mode: a window of ``text`` around the first needle found, with every
    needle in it highlighted."""
    folded = text.casefold()
    first = min((i for i in (folded.find(n) for n in needles if n) if i >= 0), default=0)
    begin = max(0, first - width // 3)
    window = text[begin:begin + width]
    lead, tail = ("…" if begin else ""), ("…" if begin + width < len(text) else "")
    spans: list[tuple[int, int]] = []
    folded_window = window.casefold()
    for needle in needles:
        at = folded_window.find(needle) if needle else -1
        while at >= 0:
            spans.append((len(lead) + at, len(lead) + at + len(needle)))
            at = folded_window.find(needle, at + len(needle))
    merged: list[tuple[int, int]] = []
    for span in sorted(spans):
        if merged and span[0] <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], span[1]))
        else:
            merged.append(span)
    return lead + window + tail, tuple(merged)


def official_url(symbol: str) -> str:
    """The document's address at the UN's Official Document System (undocs.org), which
    writes ``S/RES/2480 (2019)`` as ``S/RES/2480(2019)``."""
    return f"https://undocs.org/en/{symbol.replace(' ', '')}"


def corpus_url(kind: str, number: int | None, symbol: str, anchor: str | None = None) -> str:
    """Where a corpus document (or one of its paragraphs) is shown: a resolution on its page
    here, anything else at undocs.org."""
    if kind == "resolution" and number is not None:
        return f"/resolutions/{number}" + (f"#{anchor}" if anchor else "")
    return official_url(symbol)


VOTES = ("yes", "no", "abstain", "absent")
MAX_LIMIT = 200


def check_search(filters: SearchFilters, limit: int, offset: int) -> list[str]:
    """Every problem with the filters and the page asked for, each naming the value and the
    fix; empty when all is well."""
    problems = []
    if filters.vote is not None and filters.vote not in VOTES:
        problems.append(f"Vote {filters.vote!r} is not a position; expected one of: "
                        f"{', '.join(VOTES)}.")
    if filters.member is not None and not re.fullmatch(r"[A-Za-z]{3}", filters.member):
        problems.append(f"Member {filters.member!r} is not a country code; expected ISO 3166 "
                        "alpha-3, such as FRA.")
    if (filters.from_year is not None and filters.to_year is not None
            and filters.from_year > filters.to_year):
        problems.append(f"The year range {filters.from_year}–{filters.to_year} is empty; "
                        "give the earlier year first.")
    if not 1 <= limit <= MAX_LIMIT:
        problems.append(f"Limit {limit} is out of range; expected 1 to {MAX_LIMIT}.")
    if offset < 0:
        problems.append(f"Offset {offset} is negative; expected 0 or more.")
    return problems
