"""How each letter language writes dates, times, lists, quotations and document links.

The templates hold the wording; this module holds the small typographic rules the wording
needs, so that a template never spells out "1er" or a non-breaking space itself. The rules are
the UN's editorial ones as the documents show them: the seed S/2020/613 for Chinese
("2020年6月29日", lists joined with "、"), the English versions of the Council's letters
("29 June 2020") and the French ones ("1er juillet 2020", « … » with non-breaking spaces, a
space before a colon); the Spanish ("29 de junio de 2020", "a las 10.00 horas"), Russian
("29 июня 2020 года", «…», "в 10 ч 00 мин") and Arabic ones ("29 حزيران/يونيه 2020", the
Levantine and Egyptian month names side by side, Western digits, "الساعة 00/10") (issue 7).
Month names come from Babel's CLDR data (ar_SY and ar for Arabic).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date as babel_format_date

from council.domain.errors import InvalidInput

LETTER_LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")

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
_DATE_PATTERNS = {"zh": "y年M月d日", "en": "d MMMM y", "fr": "d MMMM y",
                  "ru": "d MMMM y 'года'", "es": "d 'de' MMMM 'de' y"}

# The UN's Arabic writes June and July "يونيه" and "يوليه" where CLDR's ar has "يونيو", "يوليو".
_ARABIC_MONTHS = {6: "يونيه", 7: "يوليه"}


def _arabic_date(day: date) -> str:
    levantine = Locale.parse("ar_SY").months["format"]["wide"][day.month]
    egyptian = _ARABIC_MONTHS.get(day.month) or Locale.parse("ar").months["format"]["wide"][
        day.month]
    return f"{day.day} {levantine}/{egyptian} {day.year}"


def format_date(day: date, lang: str) -> str:
    """A date in the style of the ``lang`` version: "29 June 2020", "1er juillet 2020",
    "2020年6月29日", "29 июня 2020 года", "29 de junio de 2020", "29 حزيران/يونيه 2020"."""
    if lang == "ar":
        return _arabic_date(day)
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


def _clock_es(moment: datetime) -> str:
    return f"{moment.hour}.{moment.minute:02d} horas"


def _clock_ru(moment: datetime) -> str:
    return f"{moment.hour} ч {moment.minute:02d} мин"


def _clock_ar(moment: datetime) -> str:
    # Arabic UN documents write the minutes first: 15:30 is "30/15".
    return f"الساعة {moment.minute:02d}/{moment.hour}"


def format_moment(moment: datetime, lang: str) -> str:
    """A point in time in New York time and in UTC, each with its date, as the opening
    letter gives the voting period (R2, R5)."""
    local = moment.astimezone(NEW_YORK)
    utc = moment.astimezone(UTC)
    utc_hm = f"{utc.hour:02d}:{utc.minute:02d}"
    if lang == "es":
        return (
            f"el {format_date(local.date(), lang)} a las {_clock_es(local)}, hora de Nueva "
            f"York (el {format_date(utc.date(), lang)} a las {_clock_es(utc)} UTC)"
        )
    if lang == "ru":
        return (
            f"{format_date(local.date(), lang)} в {_clock_ru(local)} по нью-йоркскому времени "
            f"({format_date(utc.date(), lang)} в {_clock_ru(utc)} UTC)"
        )
    if lang == "ar":
        return (
            f"{_clock_ar(local)} من يوم {format_date(local.date(), lang)} بتوقيت نيويورك "
            f"({_clock_ar(utc)} من يوم {format_date(utc.date(), lang)} بالتوقيت العالمي المنسق)"
        )
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
    if lang == "ar":
        # "و" is written joined to the word it introduces: "بلجيكا وألمانيا".
        return "، ".join(names[:-1]) + " و" + names[-1]
    last = names[-1]
    # Spanish "y" becomes "e" before an /i/ sound: "Alemania e Indonesia".
    spanish_and = " e " if last[:1] in "IÍ" or last[:2] in ("Hi", "Hí") else " y "
    conjunction = {"fr": " et ", "ru": " и ", "es": spanish_and}.get(lang, " and ")
    return ", ".join(names[:-1]) + conjunction + last


def vote_list(names: Sequence[str], lang: str) -> str:
    """A vote group's members as the letters print them (R17): "比利时、中国。", "None."."""
    if not names:
        return _NONE.get(lang, "None.")
    if lang == "zh":
        return "、".join(names) + "。"
    if lang == "ar":
        return "، ".join(names) + "."
    return ", ".join(names) + "."


# An empty vote group, as the UN's records print it in each language.
_NONE = {"zh": "无。", "fr": "Néant.", "ru": "Нет.", "es": "Ninguno.", "ar": "لا أحد."}


def quote(text: str, lang: str) -> str:
    """An agenda item in quotation marks: “…” in Chinese, English, Spanish and Arabic,
    « … » in French, «…» in Russian."""
    if lang == "fr":
        return f"«{NBSP}{text}{NBSP}»"
    if lang == "ru":
        return f"«{text}»"
    return f"“{text}”"


def colon(label: str, lang: str) -> str:
    """A label followed by its colon: "赞成：", "In favour:", "Pour :" (non-breaking space),
    "За:", "A favor:", "المؤيدون:"."""
    if lang == "zh":
        return f"{label}："
    return f"{label}{NBSP}:" if lang == "fr" else f"{label}:"


def plural_category(count: int, lang: str) -> str:
    """CLDR's plural category of ``count`` in ``lang`` ("one", "few", "many"...), which
    chooses "голос"/"голоса"/"голосов" and "صوت"/"صوتين"/"أصوات"/"صوتا"."""
    category: str = Locale.parse(lang).plural_form(count)
    return category


def arabic_li(name: str) -> str:
    """An Arabic name after the preposition لـ ("of", "for"): "لفرنسا", "للاتحاد الروسي"."""
    return "لل" + name[2:] if name.startswith("ال") else "ل" + name


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


_CHINESE_DIGITS = "〇一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """Annex numbers in the Chinese version: 1 -> "一", 12 -> "十二", 21 -> "二十一"."""
    tens, units = divmod(number, 10)
    if number < 10:
        return _CHINESE_DIGITS[number]
    if number >= 100:
        return str(number)
    return ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" + (
        _CHINESE_DIGITS[units] if units else "")


def is_wide(char: str) -> bool:
    """True for characters written without spaces between them (Chinese)."""
    return unicodedata.east_asian_width(char) in ("W", "F")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a fixed-width font (Chinese characters take two)."""
    return sum(2 if is_wide(c) else 1 for c in text)
