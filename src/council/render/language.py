"""How each letter language writes dates, times, lists, quotations and document links.

The templates hold the wording; this module holds the small typographic rules the wording
needs, so that a template never spells out "1er" or a non-breaking space itself. The rules are
the UN's editorial ones as the documents show them: the seed S/2020/613 for Chinese
("2020年6月29日", lists joined with "、"), the English versions of the Council's letters
("29 June 2020") and the French ones ("1er juillet 2020", « … » with non-breaking spaces, a
space before a colon).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date

from council.domain.errors import InvalidInput

LETTER_LANGUAGES: tuple[str, ...] = ("zh", "en", "fr")

NBSP = "\u00a0"

# New York time is UN Headquarters time, the clock the programme of work uses (R2).
NEW_YORK = ZoneInfo("America/New_York")

# undocs.org takes the UN's own language codes in its path; Chinese is "ch", as the links
# extracted with the seed show (https://undocs.org/ch/S/2020/600).
_UNDOCS_CODES = {"zh": "ch"}


def check_language(
    lang: str, allowed: Sequence[str] = LETTER_LANGUAGES, what: str = "this letter"
) -> str:
    """``lang`` if it is one of ``allowed``, otherwise an ``InvalidInput`` naming both."""
    if lang not in allowed:
        raise InvalidInput(
            f"Language {lang!r} is not available for {what}; expected one of: "
            f"{', '.join(allowed)}."
        )
    return lang


# CLDR patterns: day month year without a leading zero, the order of UN documents.
_DATE_PATTERNS = {"zh": "y年M月d日", "en": "d MMMM y", "fr": "d MMMM y"}


def format_date(day: date, lang: str) -> str:
    """A date in the style of the ``lang`` version: "29 June 2020", "1er juillet 2020",
    "2020年6月29日"."""
    text: str = babel_format_date(day, _DATE_PATTERNS.get(lang, "d MMMM y"), locale=lang)
    if lang == "fr" and day.day == 1:
        text = "1er" + text[1:]
    return text


def _clock_en(moment: datetime) -> str:
    hour, minute = moment.hour, moment.minute
    if minute == 0 and hour in (0, 12):
        return "12 midnight" if hour == 0 else "12 noon"
    suffix = "a.m." if hour < 12 else "p.m."
    shown = hour % 12 or 12
    return f"{shown} {suffix}" if minute == 0 else f"{shown}.{minute:02d} {suffix}"


def _clock_fr(moment: datetime) -> str:
    if moment.minute == 0:
        return {0: "minuit", 1: f"1{NBSP}heure"}.get(moment.hour, f"{moment.hour}{NBSP}heures")
    return f"{moment.hour}{NBSP}h{NBSP}{moment.minute:02d}"


def _clock_zh(moment: datetime) -> str:
    period = {0: "午夜", 12: "中午"}.get(moment.hour, "上午" if moment.hour < 12 else "下午")
    shown = moment.hour % 12 or 12
    minutes = f"{moment.minute}分" if moment.minute else ""
    return f"{period}{shown}时{minutes}"


def format_moment(moment: datetime, lang: str) -> str:
    """A point in time in New York time and in UTC, each with its date, as the opening
    letter gives the voting period (R2, R5)."""
    local = moment.astimezone(NEW_YORK)
    utc = moment.astimezone(UTC)
    utc_hm = f"{utc.hour:02d}:{utc.minute:02d}"
    if lang == "zh":
        return (
            f"纽约时间{format_date(local.date(), lang)}{_clock_zh(local)}"
            f"(协调世界时{format_date(utc.date(), lang)}{utc_hm})"
        )
    if lang == "fr":
        return (
            f"le {format_date(local.date(), lang)} à {_clock_fr(local)}, heure de New York "
            f"(le {format_date(utc.date(), lang)} à {utc_hm} UTC)"
        )
    return (
        f"{format_date(local.date(), lang)} at {_clock_en(local)} New York time "
        f"({format_date(utc.date(), lang)} at {utc_hm} UTC)"
    )


def new_york_date(moment: datetime) -> date:
    """The calendar day at Headquarters: the date a letter sent at ``moment`` bears."""
    return moment.astimezone(NEW_YORK).date()


def join_names(names: Sequence[str], lang: str) -> str:
    """Names in running text: "法国、比利时和德国", "Belgium, Germany and the Niger",
    "la Belgique et l'Allemagne"."""
    if len(names) <= 1:
        return "".join(names)
    if lang == "zh":
        return "、".join(names[:-1]) + "和" + names[-1]
    conjunction = " et " if lang == "fr" else " and "
    return ", ".join(names[:-1]) + conjunction + names[-1]


def vote_list(names: Sequence[str], lang: str) -> str:
    """A vote group's members as the letters print them (R17): "比利时、中国。", "None."."""
    if not names:
        return {"zh": "无。", "fr": "Néant."}.get(lang, "None.")
    if lang == "zh":
        return "、".join(names) + "。"
    return ", ".join(names) + "."


def quote(text: str, lang: str) -> str:
    """An agenda item in quotation marks: “…” in Chinese and English, « … » in French."""
    if lang == "fr":
        return f"«{NBSP}{text}{NBSP}»"
    return f"“{text}”"


def colon(label: str, lang: str) -> str:
    """A label followed by its colon: "赞成：", "In favour:", "Pour :" (non-breaking space)."""
    if lang == "zh":
        return f"{label}："
    return f"{label}{NBSP}:" if lang == "fr" else f"{label}:"


def language_name(code: str, in_lang: str) -> str:
    """The name of language ``code`` in ``in_lang`` ("French", "français"), from CLDR."""
    name: str = Locale.parse(in_lang).languages[code]
    return name


def undocs_url(symbol: str, lang: str) -> str:
    """The official link to a document: ``https://undocs.org/en/S/2020/600``."""
    return f"https://undocs.org/{_UNDOCS_CODES.get(lang, lang)}/{symbol}"


def roman(number: int) -> str:
    """Annex numbers: 1 -> "I", 16 -> "XVI"."""
    numerals = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))
    out = []
    for value, letters in numerals:
        count, number = divmod(number, value)
        out.append(letters * count)
    return "".join(out)


def is_wide(char: str) -> bool:
    """True for characters written without spaces between them (Chinese)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width font (Chinese characters take two)."""
    return sum(2 if is_wide(c) else 1 for c in text)
