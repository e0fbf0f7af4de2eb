"""Finding mentions of other documents in a paragraph's text (issue 3).

Resolutions cite other resolutions, reports, letters, presidential statements, General
Assembly documents and the Charter (DOMAIN.md §5). Each mention becomes a ``Reference`` with
its offsets in the paragraph, a canonical symbol and, for documents, the official link, so
a renderer can show it as a link and the AKN writer can emit ``<a href>`` as the UN does.

One precompiled regular expression finds the mentions, tried only where a mention can start
(``_mentions``: linear time, and fast, since it runs on every paragraph). What a mention spans
follows the UN's own AKN4UN markup, which links "2480 (2019)" rather than "resolution 2480
(2019)": a resolution mention spans its number and year, so each item of "resolutions 2100
(2013), 2164 (2014) and 2227 (2015)" and each end of "resolutions 1267 (1999) to 1989 (2011)"
is its own reference (whether it was a list or a range is not recorded). A symbol mention
spans the symbol as written, without the brackets or punctuation around it. A Charter mention
spans "Article 27" or "Chapter VII" (the keyword and the first number; later numbers of a list
alone).

Decisions, with the UN data that led to them (shared/data/akn4un/):

- A Security Council resolution cited without its year ("resolution 2391", as in S/RES/2531
  (2020), which the UN links to S/RES/2391(2017)) takes its year from
  ``_FIRST_OF_YEAR``, the exact numbering of 2000–2026. Outside that table the year cannot be
  known: right after "resolution(s)" it is kept as ``OTHER`` "S/RES/242" without a link. Later
  in a list it must be in the table and follow no dated item ("resolutions 2250 and 2419",
  but not the "30" of "resolution 2531 (2020), 30 June" nor the "2020" of "resolution 2250
  (2015) and 2020").
- A number and year with no "resolution" before it ("in particular 2164 (2014)", "UNSCR
  2467 (2019)") is a resolution only if the number fits the year, which keeps out
  "Law 12 (2015)"-like mentions.
- A "resolution" number with a slash is the General Assembly's ("General Assembly resolution
  46/182" → A/RES/46/182), as is one with a roman session ("377 (V)"); the Human Rights
  Council's ("Human Rights Council resolution 5/1") and ECOSOC's (2018/54) are ``OTHER``.
- "Article N"/"Chapter N" is the Charter when followed by "of the (United Nations) Charter",
  or when capitalised and followed by no other "of ..."; "article 5 of the Agreement",
  "Article 2 of the Rome Statute" and "common Article 3" are not. "Chapter VII" alone is the
  Charter, as in "Acting under Chapter VII".
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator

from council.domain.document import Reference, ReferenceKind

# Official links: https://undocs.org/en/S/RES/2480(2019), language code in the path, no space
# before the year's bracket (DOMAIN.md §5).
_LINK = "https://undocs.org/{lang}/{symbol}"

# First resolution number of each year 2000–2026, and the last one known, from the UN's
# metadata (shared/data/metadata/unxml_sc_resolutions_2000_2026.csv): numbers are given in
# order of adoption, so the year of a number is found by bisection.
_FIRST_YEAR = 2000
_FIRST_OF_YEAR = (
    1285, 1335, 1387, 1455, 1522, 1581, 1652, 1739, 1795, 1860,  # 2000–2009
    1908, 1967, 2033, 2086, 2133, 2196, 2260, 2337, 2398, 2452,  # 2010–2019
    2504, 2561, 2618, 2672, 2722, 2768, 2812,  # 2020–2026
)  # fmt: skip
_LAST_KNOWN = 2825

# Digits are written [0-9], not \d, which would also take other scripts' digits.
_NUMBER = r"[1-9][0-9]{0,3}"  # a resolution number
_YEAR = r"(?:19|20)[0-9][0-9]"
# Items of a list: "2100 (2013), 2164 (2014), 2227 (2015) and 2295 (2016)",
# "1267 (1999) to 1989 (2011)", "1267 (1999)–1989 (2011)".
_SEP = r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|to|through)\s+|\s*[–—-]\s*)"
# A resolution item: Security Council "2480 (2019)" or "2391"; General Assembly "46/182",
# "ES-10/19" or "377 (V)". The same, with names, to take an item apart.
_RES_ITEM = (
    rf"(?:ES-[0-9]{{1,2}}/[0-9]{{1,3}}|{_NUMBER}(?:/[0-9]{{1,4}}"
    rf"|\s?(?:[A-Z]\s)?\([IVXLC]{{1,6}}\)|\s?\(\s?{_YEAR}\s?\))?)(?![0-9/]|[.,][0-9])"
)
_RES_ITEM_PARTS = re.compile(
    rf"(?P<es>ES-[0-9]{{1,2}}/[0-9]{{1,3}})|(?P<num>{_NUMBER})(?:/(?P<slash>[0-9]{{1,4}})"
    rf"|\s?(?:[A-Z]\s)?\((?P<session>[IVXLC]{{1,6}})\)|\s?\(\s?(?P<year>{_YEAR})\s?\))?"
)
# Charter items, the keyword kept only where it is written: "Articles 41 and 42",
# "Article 25 and Article 26"; chapters I to XIX.
_ARTICLE = r"[1-9][0-9]{0,2}(?![0-9]|[.,][0-9])"
_CHAPTER = r"(?:X?(?:IX|IV|VI{0,3}|I{1,3})|X)\b"
# A UN document symbol: a body ("S", "A", "E", "ST") and slash-separated parts ("2020",
# "Rev.1", "AC.51", "ES-10"); a hyphen followed by another symbol ends it
# ("A/74/976-S/2020/773" is two documents). It ends with a digit, as UN symbols do, which
# also drops words glued to it by PDF extraction ("S/2020/476and").
_SEGMENT = r"[A-Za-z0-9]+(?:[.\-](?![A-Z]{1,6}/)[A-Za-z0-9]+)*"

# Every alternative starts with a capital, a digit, "a" or "r" that does not follow a Latin
# letter or digit: testing that first makes a failed match fast. Other scripts may touch a
# mention ("第2480(2019)号决议", "对S/2020/600号文件"), so it is not \b.
_PATTERN = re.compile(
    r"(?=[A-Z1-9ar])(?<![A-Za-z0-9_])(?:"
    rf"(?P<ressym>(?<![/.])S/RES/(?P<rsnum>{_NUMBER})(?:\s?\((?P<rsyear>{_YEAR})\))?"
    r"(?![0-9/]|[.\-][A-Za-z0-9]))"
    rf"|(?P<sym>(?<![/.])[A-Z]{{1,6}}(?:/{_SEGMENT})+(?<=[0-9]))"
    rf"|(?P<res>\b[Rr][ée]solutions?\s+(?P<ritems>{_RES_ITEM}(?:{_SEP}{_RES_ITEM})*))"
    rf"|(?P<art>(?<!common )\b(?P<akw>[Aa])rticles?\s+{_ARTICLE}"
    rf"(?:{_SEP}(?:[Aa]rticles?\s+)?{_ARTICLE})*)"
    rf"|(?P<chap>\bChapters?\s+{_CHAPTER}(?:{_SEP}(?:Chapters?\s+)?{_CHAPTER})*)"
    rf"|(?P<bare>(?<!/)(?<![0-9][,.])(?P<bnum>{_NUMBER})\s?\(\s?(?P<byear>{_YEAR})\s?\))"
    ")"
)
_ARTICLE_ITEM = re.compile(rf"(?:[Aa]rticles?\s+)?(?P<article>{_ARTICLE})")
_CHAPTER_ITEM = re.compile(rf"(?:Chapters?\s+)?(?P<chapter>{_CHAPTER})")
_DOCUMENT = re.compile(r"S/[1-9]")  # S/2020/476, S/25704: reports, letters, drafts
# Press releases (SC/15391, SG/SM/...) have symbols but are not on undocs.org: no link.
_PRESS_RELEASE = re.compile(r"(?:SC|GA|SG)/")
# What may stand between an article or chapter and the instrument it belongs to: "(4)" or
# ", paragraph 3,".
_BETWEEN = r"(?:\s?\([0-9]{1,2}\))?(?:,?\s+paragraphs?\s+[0-9]{1,2}(?:\s?\([a-z]\))?,?)?"
_CHARTER_AFTER = re.compile(
    _BETWEEN + r"(?:\s+of\s+Chapter\s+[IVX]{1,5})?"  # "Article 41 of Chapter VII of the Charter"
    r"\s+of\s+(?:the\s+)?(?:United\s+Nations\s+|UN\s+)?Charter\b"
)
# "article 5 of the Agreement", "Article 3 common to", "Chapter V in the Revitalised Agreement"
_OTHER_AFTER = re.compile(_BETWEEN + r"\s+(?:of|common|(?:in|on)\s+the)\b")
_HRC_BEFORE = re.compile(r"Human\s+Rights\s+Council\s+$")


# Enum members as module constants: Python 3.11 finds ``ReferenceKind.OTHER`` through the
# enum's metaclass, about 0.1 µs a time (issue 3).
_CHARTER_ARTICLE_REF = ReferenceKind.CHARTER_ARTICLE
_CHARTER_CHAPTER_REF = ReferenceKind.CHARTER_CHAPTER
_DOCUMENT_REF = ReferenceKind.DOCUMENT
_GENERAL_ASSEMBLY_REF = ReferenceKind.GENERAL_ASSEMBLY
_OTHER_REF = ReferenceKind.OTHER
_PRESIDENTIAL_STATEMENT_REF = ReferenceKind.PRESIDENTIAL_STATEMENT
_RESOLUTION_REF = ReferenceKind.RESOLUTION


def find_references(text: str, lang: str = "en") -> tuple[Reference, ...]:
    """Every mention of another document in ``text``, in order of position.

    Args:
        text: a paragraph's text, as written.
        lang: the language code put in the links (``https://undocs.org/{lang}/...``).

    Returns:
        The references, sorted by position and not overlapping; ``text[ref.start:ref.end]``
        is the mention as written.
    """
    if not (
        "/" in text or "(" in text or "solution" in text or "rticle" in text or "Chapter" in text
    ):  # most paragraphs: no mention (these are _TRIGGERS)
        return ()
    found: list[Reference] = []
    for match in _mentions(text):
        kind = match.lastgroup  # the alternative that matched: its group closes last
        if kind == "ressym":
            found.append(_symbol_resolution(match, lang))
        elif kind == "sym":
            found.append(_symbol(match, lang))
        elif kind == "res":
            found.extend(_resolution_list(text, match, lang))
        elif kind == "art":
            found.extend(_charter_articles(text, match))
        elif kind == "chap":
            found.extend(_charter_chapters(text, match))
        else:
            bare = _bare_resolution(match, lang)
            if bare is not None:
                found.append(bare)
    return tuple(found)


# Every mention holds one of these near its start, and nothing before it but what it takes to
# start there: the "/" of a symbol after one to six capitals ("S/RES/", "E/CN.6/..."), the "("
# of "2480 (2019)" after one to four digits and a space, "solution" two letters in
# ("[Rr][ée]solution"), "rticle" one letter in ("[Aa]rticle"), "Chapter" at the start.
_TRIGGERS = ("/", "(", "solution", "rticle", "Chapter")
_SLASH, _BRACKET, _SOLUTION, _RTICLE, _CHAPTER_WORD = range(len(_TRIGGERS))
_CAPITALS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_DIGITS = frozenset("0123456789")


def _mentions(text: str) -> list[re.Match[str]]:
    """``list(_PATTERN.finditer(text))``, the same matches, found faster (issue 3).

    A scan by ``_PATTERN`` costs the same at every character; most paragraphs hold no mention
    and most of the others one or two. So the text is searched, at C speed (``str.find``), for
    what every mention holds (``_TRIGGERS``). A mention starting after the last one found (or
    at the start) holds a trigger at or after the next one, and what comes before its own
    trigger holds none; so either it starts at the one place before the next trigger that
    trigger allows, or it starts later. ``_PATTERN`` is tried there, and the triggers are
    taken in order: the first mention found is the leftmost, as ``finditer`` finds it. A "/"
    without a capital before it ("and/or") and a "(" without a digit before it ("(a)") can
    hold no mention, and are passed over. No two triggers start at the same place.
    """
    find = text.find
    triggers: list[int] = []  # position * 8 + which trigger, so that they sort by position
    at = find("/")
    while at >= 0:
        if at and text[at - 1] in _CAPITALS:
            triggers.append(at * 8 + _SLASH)
        at = find("/", at + 1)
    at = find("(")
    while at >= 0:
        if (at >= 1 and text[at - 1] in _DIGITS) or (
            at >= 2 and text[at - 2] in _DIGITS and text[at - 1].isspace()
        ):
            triggers.append(at * 8 + _BRACKET)
        at = find("(", at + 1)
    for trigger in (_SOLUTION, _RTICLE, _CHAPTER_WORD):
        word = _TRIGGERS[trigger]
        at = find(word)
        while at >= 0:
            triggers.append(at * 8 + trigger)
            at = find(word, at + 1)
    triggers.sort()
    found: list[re.Match[str]] = []
    match = _PATTERN.match
    position = 0  # every mention that starts before it has been found
    for code in triggers:
        at, trigger = code >> 3, code & 7
        if at < position:
            continue
        if trigger == _SLASH:  # the capitals before it: "S/", "PRST/"
            start = at - 1
            while start > position and at - start < 6 and text[start - 1] in _CAPITALS:
                start -= 1
        elif trigger == _BRACKET:  # the digits before it, and a space: "2480 (", "2480("
            start = at - 2 if text[at - 1].isspace() else at - 1
            while start > position and at - start < 6 and text[start - 1] in _DIGITS:
                start -= 1
        else:  # "[Rr][ée]solution", "[Aa]rticle", "Chapter"
            start = at - (2, 1, 0)[trigger - _SOLUTION]
        mention = match(text, start) if start >= position else None
        if mention is not None:
            found.append(mention)
            position = mention.end()
        else:
            position = at + 1
    return found


def _year_of(number: int) -> int | None:
    """The year of Security Council resolution ``number``, if the table knows it."""
    if not _FIRST_OF_YEAR[0] <= number <= _LAST_KNOWN:
        return None
    return _FIRST_YEAR + bisect_right(_FIRST_OF_YEAR, number) - 1


def _fits(number: int, year: int) -> bool:
    """Whether resolution ``number`` can have been adopted in ``year``."""
    if year < 1946:
        return False
    known = _year_of(number)
    if known is not None:
        return known == year
    if number < _FIRST_OF_YEAR[0]:
        return year < _FIRST_YEAR
    return year >= _FIRST_YEAR + len(_FIRST_OF_YEAR) - 1


def _link(symbol: str, lang: str) -> str:
    return f"https://undocs.org/{lang}/{symbol.replace(' ', '')}"  # _LINK


def _resolution(number: int, year: int | None, start: int, end: int, lang: str) -> Reference:
    """A Security Council resolution; without a known year it is ``OTHER`` and unlinked."""
    if year is None:
        return Reference(_OTHER_REF, f"S/RES/{number}", start, end)
    symbol = f"S/RES/{number} ({year})"
    return Reference(_RESOLUTION_REF, symbol, start, end, _link(symbol, lang))


def _symbol_resolution(match: re.Match[str], lang: str) -> Reference:
    """``S/RES/2480 (2019)``, ``S/RES/2480(2019)``, ``S/RES/2480``."""
    number = int(match.group("rsnum"))
    year = match.group("rsyear")
    start, end = match.span("ressym")
    return _resolution(number, int(year) if year else _year_of(number), start, end, lang)


def _symbol(match: re.Match[str], lang: str) -> Reference:
    """Any other UN symbol: ``S/2020/476``, ``S/PRST/2018/10``, ``A/RES/75/1``, ``E/CN.6/...``."""
    symbol = match.group("sym")
    if symbol.startswith("PRST/"):  # "(PRST/2009/23)" in S/RES/1892 (2009): the S/ left out
        symbol = "S/" + symbol
    if symbol.startswith("S/PRST/"):
        kind = _PRESIDENTIAL_STATEMENT_REF
    elif _DOCUMENT.match(symbol):
        kind = _DOCUMENT_REF
    elif symbol.startswith("A/"):
        kind = _GENERAL_ASSEMBLY_REF
    else:
        kind = _OTHER_REF
    link = None if _PRESS_RELEASE.match(symbol) else _link(symbol, lang)
    return Reference(kind, symbol, *match.span("sym"), link)


def _resolution_list(text: str, match: re.Match[str], lang: str) -> Iterator[Reference]:
    """The items after "resolution(s)": Security Council, General Assembly and others."""
    before = max(0, match.start() - 30)
    human_rights = text.find("Rights", before, match.start()) >= 0 and _HRC_BEFORE.search(
        text, before, match.start()
    )
    first, dated = True, False
    for item in _RES_ITEM_PARTS.finditer(text, *match.span("ritems")):
        start, end = item.span()
        es, number, slash, session, year_written = item.groups()  # the groups, in order
        if es is not None:
            symbol = f"A/RES/{es}"
            yield Reference(_GENERAL_ASSEMBLY_REF, symbol, start, end, _link(symbol, lang))
        elif slash is not None:
            yield _slash_resolution(int(number), slash, bool(human_rights), start, end, lang)
        elif session is not None:
            symbol = f"A/RES/{number} ({session})"
            yield Reference(_GENERAL_ASSEMBLY_REF, symbol, start, end, _link(symbol, lang))
        elif year_written is not None:
            dated = True
            yield _resolution(int(number), int(year_written), start, end, lang)
        else:
            year = _year_of(int(number))
            if first or (year is not None and not dated):
                yield _resolution(int(number), year, start, end, lang)
        first = False


def _slash_resolution(
    session: int, number: str, human_rights: bool, start: int, end: int, lang: str
) -> Reference:
    """A slash number: "46/182" (General Assembly), "5/1" (Human Rights Council), "2018/54"
    (Economic and Social Council)."""
    if human_rights:
        symbol, kind = f"A/HRC/RES/{session}/{number}", _OTHER_REF
    elif session >= 1946:
        symbol, kind = f"E/RES/{session}/{number}", _OTHER_REF
    else:
        symbol, kind = f"A/RES/{session}/{number}", _GENERAL_ASSEMBLY_REF
    return Reference(kind, symbol, start, end, _link(symbol, lang))


def _about_charter(text: str, end: int, capitalised: bool) -> bool:
    """Whether the article or chapter ending at ``end`` is the Charter's (see module doc)."""
    if _CHARTER_AFTER.match(text, end):
        return True
    return capitalised and not _OTHER_AFTER.match(text, end)


def _charter_articles(text: str, match: re.Match[str]) -> Iterator[Reference]:
    """Charter articles: "Article 27 of the Charter", "Articles 41 and 42 of the Charter"."""
    if not _about_charter(text, match.end(), match.group("akw") == "A"):
        return
    for item in _ARTICLE_ITEM.finditer(text, *match.span()):
        article = item.group("article")
        if int(article) <= 111:  # the Charter has 111 Articles
            yield Reference(
                _CHARTER_ARTICLE_REF, f"Charter Article {article}", *item.span()
            )


def _charter_chapters(text: str, match: re.Match[str]) -> Iterator[Reference]:
    """Charter chapters: "Chapter VII of the Charter", "Chapters VI and VII", "Chapter VIII"."""
    if not _about_charter(text, match.end(), capitalised=True):
        return
    for item in _CHAPTER_ITEM.finditer(text, *match.span()):
        chapter = item.group("chapter")
        yield Reference(_CHARTER_CHAPTER_REF, f"Charter Chapter {chapter}", *item.span())


def _bare_resolution(match: re.Match[str], lang: str) -> Reference | None:
    """A number and year with no "resolution" before it, if the number fits the year."""
    number, year = int(match.group("bnum")), int(match.group("byear"))
    if _fits(number, year):
        return _resolution(number, year, *match.span("bare"), lang)
    return None
