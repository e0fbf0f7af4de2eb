"""Members of the Council, their names in the six official languages, and who sits when.

The names are the UN's short names (UNTERM). UNTERM writes the article in brackets,
"Niger (the)"; vote lists drop it ("Niger") and running text moves it to the front
("the Niger", "le Niger", "l'Allemagne"). Lists in every language follow the English
alphabetical order (DOMAIN.md R17, R24).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from council.domain.errors import InvalidInput, UnknownMember

LANGUAGES: tuple[str, ...] = ("ar", "zh", "en", "fr", "ru", "es")

_BRACKETED = re.compile(r"^(?P<name>.*?)\s*\((?P<article>[^()]*)\)$")

# The articles UNTERM brackets. Other brackets are part of the name and stay in every form:
# "Bolivia (Plurinational State of)", "Iran (République islamique d')" (issue 7).
ARTICLES: frozenset[str] = frozenset({"the", "le", "la", "l'", "l’", "les", "el", "los", "las"})

# French and Spanish contract a preposition with the article: "du Niger", "au Niger",
# "des États-Unis", "del Níger", "al Níger".
_CONTRACTIONS: Mapping[tuple[str, str], str] = {
    ("de", "le"): "du", ("de", "les"): "des", ("à", "le"): "au", ("à", "les"): "aux",
    ("de", "el"): "del", ("a", "el"): "al",
}
_FRENCH_ELISION = re.compile(r"^[aeiouyhàâéèêëîïôöûüœAEIOUYHÀÂÉÈÊËÎÏÔÖÛÜŒ]")

# Common short forms people type that are not UN names (the issue names the first three).
COMMON_ALIASES: Mapping[str, str] = {
    "united kingdom": "GBR", "uk": "GBR", "britain": "GBR", "great britain": "GBR",
    "united states": "USA", "us": "USA", "u.s.": "USA", "america": "USA",
    "russia": "RUS", "vietnam": "VNM", "south korea": "KOR", "korea": "KOR",
    "north korea": "PRK", "ivory coast": "CIV", "turkey": "TUR", "syria": "SYR",
    "iran": "IRN", "bolivia": "BOL", "venezuela": "VEN", "tanzania": "TZA", "laos": "LAO",
    "moldova": "MDA", "micronesia": "FSM", "st vincent and the grenadines": "VCT",
    "saint vincent": "VCT", "drc": "COD", "dr congo": "COD", "uae": "ARE",
    "the netherlands": "NLD", "czech republic": "CZE", "swaziland": "SWZ", "burma": "MMR",
    "cape verde": "CPV", "east timor": "TLS", "macedonia": "MKD",
}


def fold(text: str) -> str:
    """Key for case- and accent-insensitive comparison ("Côte d’Ivoire" ~ "cote d'ivoire")."""
    text = unicodedata.normalize("NFKD", text.replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.casefold().split())


def split_article(unterm_short: str) -> tuple[str, str]:
    """The name and its bracketed article: "Niger (le)" -> ("Niger", "le"); ("Viet Nam", "")
    when there is none, and "Bolivia (Plurinational State of)" is kept whole."""
    match = _BRACKETED.match(unterm_short)
    if match and match.group("article") in ARTICLES:
        return match.group("name"), match.group("article")
    return unterm_short, ""


def list_form(unterm_short: str) -> str:
    """The name as written in vote lists: the bracketed article dropped."""
    return split_article(unterm_short)[0]


def running_form(unterm_short: str) -> str:
    """The name as written in running text: "Niger (the)" -> "the Niger", "Allemagne (l')"
    -> "l'Allemagne"."""
    name, article = split_article(unterm_short)
    if not article:
        return name
    if article.endswith("'") or article.endswith("’"):
        return f"{article}{name}"
    return f"{article} {name}"


def with_preposition(preposition: str, unterm_short: str, lang: str) -> str:
    """The name after a preposition, contracted as French and Spanish write it.

    Args:
        preposition: "de" or "à" (French), "de" or "a" (Spanish), or any other word, which
            is simply put before the running form ("of the Niger").
        unterm_short: the UNTERM short name in ``lang``, article in brackets.
        lang: the language of both.

    Returns:
        "du Niger", "au Niger", "des États-Unis d'Amérique", "de la France", "de l'Allemagne",
        "d'Israël", "del Níger", "al Níger", "de Francia".
    """
    name, article = split_article(unterm_short)
    contracted = _CONTRACTIONS.get((preposition, article)) if lang in ("fr", "es") else None
    if contracted:
        return f"{contracted} {name}"
    if lang == "fr" and preposition == "de" and not article and _FRENCH_ELISION.match(name):
        return f"d'{name}"
    return f"{preposition} {running_form(unterm_short)}"


@dataclass(frozen=True)
class Country:
    """A Member State of the United Nations.

    ``short`` and ``formal`` hold the UNTERM names in the order of ``LANGUAGES``.
    ``member_state`` is False for the few non-members UNTERM also names (the Holy See, the
    State of Palestine, the Cook Islands, Niue), which may sponsor nothing but are still found.
    """

    code: str
    short: tuple[str, ...]
    formal: tuple[str, ...]
    member_state: bool = True

    def _short(self, lang: str) -> str:
        if lang not in LANGUAGES:
            raise InvalidInput(
                f"Language {lang!r} is not an official language; expected one of: "
                f"{', '.join(LANGUAGES)}."
            )
        return self.short[LANGUAGES.index(lang)] or self.short[LANGUAGES.index("en")]

    def name(self, lang: str = "en") -> str:
        """Short name as written in vote lists ("Niger", "Dominican Republic")."""
        return list_form(self._short(lang))

    def running_name(self, lang: str = "en") -> str:
        """Short name as written in a sentence ("the Niger", "le Niger")."""
        return running_form(self._short(lang))

    def name_after(self, preposition: str, lang: str) -> str:
        """Short name after a preposition: "du Niger", "au Niger", "del Níger"."""
        return with_preposition(preposition, self._short(lang), lang)

    @property
    def sort_key(self) -> str:
        """English alphabetical order, the order of every list (R17)."""
        return fold(self.name("en"))


class CountryDirectory:
    """Finds countries by ISO 3166 alpha-3 code, by any of their names, or a common alias."""

    def __init__(self, countries: Iterable[Country]) -> None:
        self._by_code: dict[str, Country] = {}
        self._by_key: dict[str, str] = {}
        for country in countries:
            self._by_code[country.code] = country
        for country in self._by_code.values():
            keys = {country.code}
            for name in (*country.short, *country.formal):
                if name:
                    # find() drops a leading "the ", so English formal names ("the Republic
                    # of the Niger") are also keyed without it.
                    bare = _BRACKETED.sub(r"\g<name>", name)  # "Bolivia", "Iran"
                    keys |= {name, name.removeprefix("the "), list_form(name), running_form(name),
                             bare}
            for key in keys:
                self._by_key.setdefault(fold(key), country.code)
        for alias, code in COMMON_ALIASES.items():
            if code in self._by_code:
                self._by_key.setdefault(fold(alias), code)

    def __len__(self) -> int:
        return len(self._by_code)

    @property
    def codes(self) -> tuple[str, ...]:
        """Every code known, Member States and the few non-members UNTERM names."""
        return tuple(self._by_code)

    def get(self, code: str) -> Country:
        """The country with that alpha-3 code (KeyError if none)."""
        return self._by_code[code]

    def find(self, name: str) -> Country | None:
        """The country a name, code or alias designates, or None."""
        code = self._by_key.get(fold(name.strip().removeprefix("the ").removeprefix("The ")))
        return self._by_code.get(code) if code else None


@dataclass(frozen=True)
class Council:
    """The fifteen members sitting in one calendar year."""

    year: int
    permanent: tuple[Country, ...]
    elected: tuple[Country, ...]

    @cached_property  # the Council is frozen: sorted once (every letter asks, R17)
    def members(self) -> tuple[Country, ...]:
        """All members, in English alphabetical order."""
        return tuple(sorted((*self.permanent, *self.elected), key=lambda c: c.sort_key))

    @cached_property
    def codes(self) -> frozenset[str]:
        return frozenset(c.code for c in (*self.permanent, *self.elected))

    def is_permanent(self, code: str) -> bool:
        return any(c.code == code for c in self.permanent)

    @cached_property
    def _by_code(self) -> dict[str, Country]:
        by_code: dict[str, Country] = {}
        for country in self.members:
            by_code.setdefault(country.code, country)  # the first, as the search below finds
        return by_code

    def member(self, code: str) -> Country:
        # Every letter asks twice (its member, then its ballot): a lookup, not a search.
        found = self._by_code.get(code) if type(code) is str else None
        if found is not None:
            return found
        for country in self.members:
            if country.code == code:
                return country
        raise UnknownMember(f"{code!r} is not a member of the Security Council in {self.year}.")


class Membership:
    """Which countries sit in which year: the five permanent members and elected terms."""

    def __init__(
        self,
        directory: CountryDirectory,
        permanent: Sequence[str],
        elected_by_year: Mapping[int, Sequence[str]],
    ) -> None:
        self.directory = directory
        self._permanent = tuple(directory.get(c) for c in permanent)
        self._elected = {
            year: tuple(directory.get(c) for c in codes) for year, codes in elected_by_year.items()
        }
        self._councils: dict[int, Council] = {}

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self._elected))

    def council(self, year: int) -> Council:
        """The Council of ``year``; an error names the years Council knows."""
        if year not in self._elected:
            known = self.years
            span = f"{known[0]}–{known[-1]}" if known else "none"
            raise InvalidInput(
                f"No Security Council membership is known for {year}; "
                f"known years: {span}. Add the year's elected members to the membership data."
            )
        council = self._councils.get(year)
        if council is None:  # one value per year (it is immutable), so its lists sort once
            council = self._councils[year] = Council(year, self._permanent, self._elected[year])
        return council

    def resolve(self, name: str, year: int) -> Country:
        """The member of the ``year`` Council that ``name`` designates.

        Args:
            name: a UN short or formal name in any official language, an ISO 3166 alpha-3
                code, or a common short form ("United Kingdom", "Russia"); case-insensitive.
            year: the year whose Council is meant.

        Returns:
            The member.

        Raises:
            UnknownMember: the name designates no member of that Council; the message lists
                the members.
        """
        council = self.council(year)
        if name in council.codes:  # a letter names its member by code: no name to fold
            return council.member(name)
        country = self.directory.find(name)
        if country is None or country.code not in council.codes:
            members = ", ".join(c.name("en") for c in council.members)
            what = "is not a known country name or code" if country is None else (
                f"({country.name('en')}) is not a member of the Security Council in {year}"
            )
            raise UnknownMember(
                f"Member {name!r} {what}; the members in {year} are: {members}."
            )
        return country


def sort_members(countries: Iterable[Country]) -> tuple[Country, ...]:
    """Countries in English alphabetical order."""
    return tuple(sorted(countries, key=lambda c: c.sort_key))
