"""Say what each line of a resolution is, by its form alone.

The second stage of the pipeline: after ``clean`` has dropped the page furniture, every line is
classified by precompiled regular expressions — a masthead element ("Distr.: General"), the
title, the adoption line, the enacting formula, an operative paragraph's number ("28."), a
sub-point's label ("(a)", "(iv)", "–") or plain text — and the values the document needs
(dates, resolution and meeting numbers) are read from it. Where a line sits (masthead, preamble,
body) is decided later, by ``structure``; a line is classified once, so parsing stays linear.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from itertools import compress, count
from operator import itemgetter, le

from council.parse.leads import looks_operative
from council.parse.lines import Kind as Kind  # re-exported: what classify says
from council.parse.lines import Line

MASTHEAD_KINDS = frozenset(
    {
        Kind.SYMBOL,
        Kind.UNITED_NATIONS,
        Kind.BODY,
        Kind.DISTRIBUTION,
        Kind.DATE,
        Kind.LANGUAGE,
        Kind.TITLE,
        Kind.ISSUED_AS,
    }
)


DASH = "–"
_MONTHS = {
    name[:3]: number
    for number, name in enumerate(
        [
            "january",
            "february",
            "march",
            "april",
            "may",
            "june",
            "july",
            "august",
            "september",
            "october",
            "november",
            "december",
        ],
        start=1,
    )
}
_DAY_MONTH_YEAR = r"(\d{1,2})\s*([A-Za-z][a-z\]]{2,9})\s*,?\s*(\d{4})"
_DATE = re.compile(_DAY_MONTH_YEAR)
_MONTH_DAY_YEAR = re.compile(r"([A-Z][a-z]{2,8})\s+(\d{1,2}),\s*(\d{4})")
_DATE_LINE = re.compile(r"(?:of\s+|on\s+)?" + _DAY_MONTH_YEAR + r"\.?", re.IGNORECASE)
_SYMBOL = r"S/(?:RES/\d{1,5}\s*\(\d{4}\)|PRST/\d{4}/\d{1,4}|\d{4}/\d{1,5}(?:/Rev\.\d{1,2})?)"
_SYMBOL_LINE = re.compile(r"(?:([^\d/]{1,40}?)\s+)?(" + _SYMBOL + r")")
_UNITED_NATIONS = re.compile(
    r"United Nations|Nations Unies|Naciones Unidas|联\s*合\s*国|Организация Объединенных Наций"
    r"|الأمم المتحدة",
    re.IGNORECASE,
)
_BODY = re.compile(
    r"(Security Council|Conseil de sécurité|Consejo de Seguridad|安全理事会|Совет Безопасности"
    r"|مجلس الأمن)(?:\s+(Distr\.?\s*:\s*\w+))?",
    re.IGNORECASE,
)
_DISTRIBUTION = re.compile(r"Distr\.?\s*:\s*(\w+)", re.IGNORECASE)
_LANGUAGE = re.compile(
    r"(?:Original\s*:\s*)?(Chinese|English|French|Spanish|Russian|Arabic)", re.IGNORECASE
)
_TITLE = re.compile(
    r"(?:Resolution|RESOLUTION)\s+(\d{1,5})\s*\((\d{4})\)"
    r"(?:\s*(?:of|,)?\s*(" + _DAY_MONTH_YEAR + r"))?(?:\s+\d{1,3})?"
)
_YEARBOOK_TITLE = re.compile(
    r"(\d{1,5})\s*\((\d{4})\)\.?\s*Resolutions?\s+of\s+(" + _DAY_MONTH_YEAR + r")(?:\s+\d{1,3})?"
)
_ISSUED_AS = re.compile(r"[\[({]\s*(S/[^\s\])}]{1,30}(?:,\s*\d{1,3})?)\s*[\])}]{1,2}")
_ADOPTION = re.compile(r"Adopted\b")
# The adoption line in the other five languages, as the UN's 2020 XML writes it
# (shared/data/akn4un-2020-six-languages): "Adoptée par le Conseil de sécurité le 29 juin 2020",
# "Aprobada por …", "принятая Советом Безопасности …", "الذي اتخذه مجلس الأمن …",
# "安全理事会2020年6月29日通过", "2020年1月10日 8700次会议通过".
_ADOPTION_OTHER = re.compile(
    r"Adoptée\s+par\b|Aprobada\s+por\b|принята\b|принятая\b|الذي\s+اتخذه"
    r"|(?:安全理事会)?\s*于?\s*\d{4}年\d{1,2}月\d{1,2}日.{0,30}通过"
)
_TITLE_OTHER = re.compile(
    r"(?:Résolution|Resolución|Резолюция|القرار)\s+(\d{1,5})\s*\((\d{4})\),?"
    r"|第\s*(\d{1,5})\s*\((\d{4})\)\s*号决议"
)
_MEETING_OTHER = re.compile(
    r"(\d{1,5})\s*(?:e|ᵉ|ª|a|[-‑]?м)?\s+(?:séance|sesión|заседании)|جلسته\s+(\d{1,5})|(\d{1,5})\s*次会议"
)
# Point labels of the other languages: "(أ)", "(هـ)", "(十一)" in brackets; "1)"; the
# Arabic file's "’1‘" (a bracketed number written right to left); "㈠" … "㈩".
_DIGIT_POINT = re.compile(r"(\d{1,2})\)\s+(?=\S)")
_ARABIC_NUMBER_POINT = re.compile(r"’(\d{1,2})‘\s*(?=\S)")
_ROMAN_BRACKET = re.compile(r"[ivx]{2,5}\)\s+(?=\S)")
_FORMULA = re.compile(
    r"(?:The Security Council|Le Conseil de sécurité|El Consejo de Seguridad)\s*[,.;:]?"
    r"|Совет Безопасности\s*,|إن\s+مجلس\s+الأمن\s*،|安全理事会\s*，",
    re.IGNORECASE,
)
_ANNEX = re.compile(
    r"(?:Annex|ANNEX|Annexe|ANNEXE|Anexo|ANEXO|附件|Приложение|ПРИЛОЖЕНИЕ|المرفق)"
    r"(?:\s+[IVXLC\d]{1,5})?\.?"
)
_FOOTNOTES = re.compile(r"Footnotes\s*:?", re.IGNORECASE)
_NUMBERED = re.compile(r"(\d{1,3})\s?\.(?:\s+|(?=[^\W\d_]))")
# OCR reads "4." as "4,": a number and a comma number a paragraph before an operative verb.
_NUMBERED_OCR = re.compile(r"(\d{1,3}),\s+(?=[A-Z])")
_LABEL_ONLY = re.compile(r"\d{1,3}\s?\.")
_POINT = re.compile(
    r"\(\s?([a-z]{1,2}|[ivxl]{1,6}|[A-Z]|\d{1,2}|[\u0621-\u064a]\u0640?|[一二三四五六七八九十]{1,3})"
    r"\s?\)(?:\s*(?=\S)|$)"
    r"|([a-z]|[ivx]{1,5}|[а-я])([.)])\s+(?=\S)"
)
_DASHES = "-‐‑‒–—―•·▪◦‣⁃"
_DASH = re.compile(f"[{_DASHES}]" + r"\s*(?=\S)")
_MEETING = re.compile(r"(\d{1,5})\s*(?:st|nd|rd|th|d)?\s*meet", re.IGNORECASE)


# Enum members as module constants: Python 3.11 finds ``Kind.POINT`` through the enum's
# metaclass, about 0.1 µs a time, and every line that may be more than text reads one (issue 3).
_ADOPTION_KIND = Kind.ADOPTION
_ISSUED_AS_KIND = Kind.ISSUED_AS
_NUMBERED_KIND = Kind.NUMBERED
_POINT_KIND = Kind.POINT
_TITLE_KIND = Kind.TITLE


def classify_lines(lines: Sequence[Line]) -> list[Line]:
    """Classify every line again from its text (``clean_lines`` has done it already).

    Args:
        lines: cleaned lines.

    Returns:
        The same lines, each with the kind, label and rest its text gives.
    """
    texts = [line.text for line in lines]
    kinds, labels, rests = classify_texts(texts, list(map(len, texts)))
    return [
        _new(Line, (*line[:6], kind, label, rest))
        for line, kind, label, rest in zip(lines, kinds, labels, rests, strict=True)
    ]


def classify_texts(texts: list[str], lengths: list[int]) -> tuple[list[Kind], list[str], list[str]]:
    """``classify_text`` of every line, column by column: the lines that can only be plain
    text, most of any text, are told by their first two characters and their length at C
    speed, and only the others are classified one by one (issue 3 asks for speed).

    Args:
        texts: non-blank lines, stripped.
        lengths: their lengths.

    Returns:
        Their kinds, labels and rests, one of each per line.
    """
    size = len(texts)
    kinds = [Kind.TEXT] * size
    labels = [""] * size
    rests = [""] * size
    limits = map(_LIMITS.__getitem__, map(_OPENING, texts))
    text_kind = Kind.TEXT
    for position in compress(count(), map(le, lengths, limits)):
        kind, label, rest = classify_text(texts[position])
        if kind is not text_kind:
            kinds[position] = kind
            labels[position] = label
            rests[position] = rest
    return kinds, labels, rests


_new = tuple.__new__  # a NamedTuple without its Python-level constructor
_OPENING = itemgetter(slice(0, 2))  # a line's first two characters (one for a line of one)
_LABEL_ENDS = frozenset(".)")  # after a point label's letter: "a.", "a)"
_ROMAN_LETTERS = frozenset("ivx")  # "ii)", "iv)"
_NEVER = -1  # no line is that short
_ALWAYS = 1 << 62  # no line is that long


class _Limits(dict[str, int]):
    """By a line's first two characters: the length up to which ``classify_text`` may find it
    anything but plain text. Filled as openings are met.

    A capital that starts no masthead line ("M", "I", "联") is always text; a lower-case
    letter is text unless a point label "a." or "a)" (or "ii)") opens the line, and "o" only
    up to 30 characters ("of 11 June 1967" under a title); the first of a masthead, title or
    formula line is text when longer than 80 characters; a digit, "A", a bracket or a dash is
    always looked at.
    """

    def __missing__(self, opening: str) -> int:
        first, second = opening[0], opening[1:]
        if first.islower():
            if first == "п":  # "принятая …", the Russian adoption line
                limit = 120
            elif second in _LABEL_ENDS or (first in _ROMAN_LETTERS and second in _ROMAN_LETTERS):
                limit = _ALWAYS
            else:
                limit = 30 if first == "o" else _NEVER
        elif (
            first.isdigit()
            or first in "([{A’"
            or first in _DASHES
            or "㈠" <= first <= "㈩"
            or first in "ا安"  # the Arabic and Chinese adoption lines
        ):
            limit = _ALWAYS
        elif first in _SHORT_LINE_FIRSTS:
            limit = 80
        else:
            limit = _NEVER
        if len(self) < 4096:  # bounded, whatever the texts
            self[opening] = limit
        return limit


_LIMITS = _Limits()


def classify(line: Line) -> Line:
    """Classify one line by its form (``classify_text`` of its text).

    Args:
        line: a cleaned, non-blank line.

    Returns:
        The line with its kind, label and rest.
    """
    return _new(Line, (*line[:6], *classify_text(line.text)))


def classify_text(text: str) -> tuple[Kind, str, str]:
    """Classify one line by its form.

    Args:
        text: a cleaned, non-blank line.

    Returns:
        Its kind, its label (an operative number, "28", or a normalised point label, "(a)",
        "–"; else "") and the text after the label ("" without one).
    """
    first = text[0]
    if first.islower():  # most lines: the middle of a paragraph
        if len(text) > 2 and text[1] in ".)":
            match = _POINT.match(text)
            if match is not None:
                return _POINT_KIND, _point_label(match), text[match.end() :]
        if first in "ivx" and len(text) > 3 and text[1] in "ivx":  # "ii)" (fr, es, ru)
            match = _ROMAN_BRACKET.match(text)
            if match is not None:
                return _POINT_KIND, text[: text.index(")") + 1], text[match.end() :]
        if first == "п" and len(text) <= 120 and _ADOPTION_OTHER.match(text):
            return _ADOPTION_KIND, "", ""  # "принятая Советом Безопасности …"
        if first == "o" and len(text) <= 30 and _DATE_LINE.fullmatch(text):
            return _DATE_ONLY  # "of 11 June 1967" under a title
        return _TEXT_ONLY
    if first.isdigit():
        match = _NUMBERED.match(text) or _NUMBERED_OCR.match(text)
        if match is not None and (match.re is _NUMBERED or looks_operative(text[match.end() :])):
            return _NUMBERED_KIND, match.group(1), text[match.end() :]
        if _LABEL_ONLY.fullmatch(text):
            return _NUMBERED_KIND, text.rstrip(". "), ""
        if text[1:3] in (") ", ")") or text[2:4] == ") ":
            point = _DIGIT_POINT.match(text)
            if point is not None:  # "1)" (fr, es, ru)
                return _POINT_KIND, f"{point.group(1)})", text[point.end() :]
        if "年" in text[:10] and _ADOPTION_OTHER.match(text):
            return _ADOPTION_KIND, "", ""
        if _DATE_LINE.fullmatch(text):
            return _DATE_ONLY
        if _YEARBOOK_TITLE.fullmatch(text):
            return _TITLE_KIND, "", ""
        return _TEXT_ONLY
    if first == "(":
        match = _POINT.match(text)
        if match is not None:
            return _POINT_KIND, _point_label(match), text[match.end() :]
        if _ISSUED_AS.fullmatch(text):
            return _ISSUED_AS_KIND, "", ""
        return _TEXT_ONLY
    if first in "[{" and _ISSUED_AS.fullmatch(text):
        return _ISSUED_AS_KIND, "", ""
    if first == "’":
        match = _ARABIC_NUMBER_POINT.match(text)
        if match is not None:
            return _POINT_KIND, f"’{match.group(1)}‘", text[match.end() :]
        return _TEXT_ONLY
    if "㈠" <= first <= "㈩":
        return _POINT_KIND, first, text[1:].lstrip()
    if first in _DASHES:
        dash = _DASH.match(text)
        if dash is not None:
            return _POINT_KIND, DASH, text[dash.end() :]
    if len(text) <= 80 and first in _SHORT_LINE_FIRSTS:
        kind = _short_line_kind(text)
        if kind is not None:
            return kind, "", ""
    if first == "A" and (_ADOPTION.match(text) or _ADOPTION_OTHER.match(text)):
        return _ADOPTION_KIND, "", ""
    if first in "ا安" and len(text) <= 120 and _ADOPTION_OTHER.match(text):
        return _ADOPTION_KIND, "", ""
    return _TEXT_ONLY


_TEXT_ONLY = (Kind.TEXT, "", "")
_DATE_ONLY = (Kind.DATE, "", "")


def _short_line_kind(text: str) -> Kind | None:
    for pattern, kind in _SHORT_LINE_CHECKS.get(text[0], ()):
        if pattern.fullmatch(text):
            return kind
    if "S/" in text:
        match = _SYMBOL_LINE.fullmatch(text)
        if match is not None and (
            match.group(1) is None or _UNITED_NATIONS.fullmatch(match.group(1))
        ):
            return Kind.SYMBOL
    return None


def _checks_by_first_character() -> dict[str, tuple[tuple[re.Pattern[str], Kind], ...]]:
    """Which patterns a short line may match, by its first character: a line is tried against
    two or three patterns, not all of them."""
    firsts = {
        Kind.FORMULA: "TLEСإ安",
        Kind.TITLE: "R",
        Kind.BODY: "SCС安م",
        Kind.DISTRIBUTION: "D",
        Kind.UNITED_NATIONS: "UNО联ا",
        Kind.LANGUAGE: "CEFSRAO",
        Kind.ANNEX: "A附Пا",
        Kind.FOOTNOTES: "F",
    }
    patterns = {
        Kind.FORMULA: _FORMULA,
        Kind.TITLE: _TITLE,
        Kind.BODY: _BODY,
        Kind.DISTRIBUTION: _DISTRIBUTION,
        Kind.UNITED_NATIONS: _UNITED_NATIONS,
        Kind.LANGUAGE: _LANGUAGE,
        Kind.ANNEX: _ANNEX,
        Kind.FOOTNOTES: _FOOTNOTES,
    }
    table: dict[str, tuple[tuple[re.Pattern[str], Kind], ...]] = {}
    for kind, characters in firsts.items():
        for character in characters:
            table[character] = (*table.get(character, ()), (patterns[kind], kind))
    for character in "RРا第":  # the title in the other languages, after the English one
        table[character] = (*table.get(character, ()), (_TITLE_OTHER, Kind.TITLE))
    return table


_SHORT_LINE_CHECKS = _checks_by_first_character()
# The first characters of the masthead, title, formula, annex and footnotes lines.
_SHORT_LINE_FIRSTS = frozenset(_SHORT_LINE_CHECKS)


DASH_LABELS = frozenset(_DASHES)  # the labels of dash items, all read as DASH


def is_annex_label(text: str) -> bool:
    """Whether ``text`` is an annex's label alone: "Annex", "Annex II", "ANNEXE", "附件"."""
    return _ANNEX.fullmatch(text) is not None


def _point_label(match: re.Match[str]) -> str:
    if match.group(1) is not None:
        return f"({match.group(1)})"
    return f"{match.group(2)}{match.group(3)}"


# -- reading values --------------------------------------------------------------------------


def find_date(text: str) -> date | None:
    """The first date written out in ``text`` ("29 June 2020", "June 29, 2020"); OCR slips in
    the month ("3 Apri] 1991") are forgiven when its first three letters are right."""
    for match in _DATE.finditer(text):
        found = _make_date(match.group(3), match.group(2), match.group(1))
        if found is not None:
            return found
    for match in _MONTH_DAY_YEAR.finditer(text):
        found = _make_date(match.group(3), match.group(1), match.group(2))
        if found is not None:
            return found
    return None


# Month names of the other five languages (the form a date takes: "29 juin 2020", "29 de junio
# de 2020", "29 июня 2020 года", "29 حزيران/يونيه 2020"; Chinese "2020年6月29日" has numbers).
_OTHER_MONTHS = {
    name: number
    for names in (
        "janvier février mars avril mai juin juillet août septembre octobre novembre décembre",
        "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre",
        "января февраля марта апреля мая июня июля августа сентября октября ноября декабря",
        "يناير فبراير مارس أبريل مايو يونيه يوليه أغسطس سبتمبر أكتوبر نوفمبر ديسمبر",
    )
    for number, name in enumerate(names.split(), start=1)
}
_OTHER_DATE = re.compile(
    r"(\d{1,2})(?:er)?\s+(?:de\s+)?(?:[^\W\d_]+(?:\s[^\W\d_]+)?/)?([^\W\d_]+)\s+(?:de\s+)?(\d{4})"
)
_CHINESE_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")


def find_date_other(text: str) -> date | None:
    """The first date written out in another official language than English: "10 janvier
    2020", "1 de julio de 2020", "10 января 2020 года", "1 تموز/يوليه 2020", "2020年1月10日"."""
    chinese = _CHINESE_DATE.search(text)
    if chinese is not None:
        year, month, day = chinese.groups()
    else:
        for match in _OTHER_DATE.finditer(text):
            if match.group(2).lower() in _OTHER_MONTHS:
                day, name, year = match.groups()
                month = str(_OTHER_MONTHS[name.lower()])
                break
        else:
            return None
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return None


def _make_date(year: str, month: str, day: str) -> date | None:
    number = _MONTHS.get(month[:3].lower())
    if number is None:
        return None
    try:
        return date(int(year), number, int(day))
    except ValueError:
        return None


def find_symbol(text: str) -> str | None:
    """The first UN document symbol in ``text``, with one space before a year in brackets."""
    match = re.search(_SYMBOL, text)
    if match is None:
        return None
    return re.sub(r"\s*\(", " (", " ".join(match.group().split()))


def read_title(text: str) -> tuple[str, str | None, date | None] | None:
    """Read a title line: ("Resolution 2531 (2020)", "S/RES/2531 (2020)", its date if given).

    Reads the yearbook form "9 (1946). Resolution of 15 October 1946" as well.
    """
    match = _TITLE.fullmatch(text) or _YEARBOOK_TITLE.fullmatch(text)
    if match is None:
        other = _TITLE_OTHER.fullmatch(text)
        if other is None:
            return None
        number, year = other.group(1) or other.group(3), other.group(2) or other.group(4)
        return text, f"S/RES/{int(number)} ({year})", None  # as written: "Résolution 2531 (2020)"
    number, year = int(match.group(1)), match.group(2)
    when = find_date(match.group(3) or "")
    return f"Resolution {number} ({year})", f"S/RES/{number} ({year})", when


def find_meeting(text: str) -> int | None:
    """The meeting number in an adoption line ("at its 8700th meeting", "at the 473rd meet-")."""
    match = _MEETING.search(text)
    if match is None:
        other = _MEETING_OTHER.search(text)  # "à sa 8700e séance", "8700次会议"
        if other is None:
            return None
        return int(next(group for group in other.groups() if group))
    return int(match.group(1))


def read_distribution(text: str) -> str | None:
    """ "General" from "Distr.: General"."""
    match = _DISTRIBUTION.search(text)
    return match.group(1) if match else None


_LANGUAGE_CODES = {
    "chinese": "zh",
    "english": "en",
    "french": "fr",
    "spanish": "es",
    "russian": "ru",
    "arabic": "ar",
}


def read_language(text: str) -> str | None:
    """ "zh" from "Chinese"; None for "Original: French" (the language it was written in)."""
    if text.lower().startswith("original"):
        return None
    match = _LANGUAGE.fullmatch(text)
    return _LANGUAGE_CODES.get(match.group(1).lower()) if match else None


def read_issued_as(text: str) -> str:
    """ "S/3237" from "[S/3237]" (OCR'd brackets are forgiven)."""
    match = _ISSUED_AS.fullmatch(text)
    return match.group(1) if match else text
