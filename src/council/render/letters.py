"""The documents a written-procedure vote produces, and the built-in renderers that write them.

* the President's letter opening the vote, with the draft annexed (R2);
* the voting-outcome letter, with the resolution annexed if adopted (R17, R20; the seed
  S/2020/613 is its Chinese version);
* the voting-details letter enclosing the opening letter, the members' letters of position and
  the explanations of vote (R18, after S/2021/194).

Each is a Jinja2 template per language under ``templates/<lang>/``; this module gathers what the
templates need and registers one renderer per kind and format in ``registry``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any

from council.domain.errors import InvalidInput
from council.domain.members import Council, Country
from council.render.facts import LetterFacts, OpeningFacts
from council.render.language import (
    LETTER_LANGUAGES,
    NBSP,
    arabic_li,
    chinese_numeral,
    colon,
    format_date,
    format_moment,
    join_names,
    language_name,
    new_york_date,
    plural_category,
    quote,
    roman,
    undocs_url,
    vote_list,
)
from council.render.registry import Facts, register_renderer, render
from council.render.templating import FORMATS, render_template

# The annexed draft or resolution is in the language the draft was written in; the Council's
# drafts are put in blue in English, and S/2020/613 annexes the resolution "in English only".
ANNEX_LANGUAGE = "en"

OPENING_LANGUAGES: tuple[str, ...] = LETTER_LANGUAGES
DETAILS_LANGUAGES: tuple[str, ...] = LETTER_LANGUAGES


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def _counted(count: int, forms: dict[str, str], lang: str) -> str:
    """``count`` with the noun form its CLDR plural category takes (Babel's rules): forms
    maps categories to templates such as "{n} голосов"; "other" is the fallback."""
    form = forms.get(plural_category(count, lang), forms["other"])
    return form.format(n=count)


def _wording(lang: str, council: Council) -> dict[str, Any]:
    """The helpers every template uses, bound to the letter's language."""

    def members(codes: Iterable[str]) -> list[Country]:
        return [council.member(code) for code in codes]

    def names(countries: Sequence[Country], in_lang: str = lang) -> str:
        return join_names([c.running_name(in_lang) for c in countries], in_lang)

    def list_names(countries: Sequence[Country], in_lang: str = lang) -> str:
        return join_names([c.name(in_lang) for c in countries], in_lang)

    def votes(codes: Sequence[str]) -> str:
        return vote_list([c.name(lang) for c in members(codes)], lang)

    return {
        "lang": lang,
        "footnote_needed": lang != ANNEX_LANGUAGE,
        "council": council,
        "date": partial(format_date, lang=lang),
        "date_in": format_date,
        "moment": partial(format_moment, lang=lang),
        "new_york_date": new_york_date,
        "members": members,
        "names": names,
        "list_names": list_names,
        "vote_list": votes,
        "quote": partial(quote, lang=lang),
        "colon": partial(colon, lang=lang),
        "url": partial(undocs_url, lang=lang),
        "language_name": language_name,
        # The Chinese version numbers annexes in Chinese numerals (附件一), the others in Roman.
        "roman": chinese_numeral if lang == "zh" else roman,
        "plural": _plural,
        "counted": partial(_counted, lang=lang),
        "after": lambda country, preposition: country.name_after(preposition, lang),
        "arabic_li": arabic_li,
        "nbsp": NBSP,
    }


def _opening_context(opening: OpeningFacts) -> dict[str, Any]:
    procedure = opening.procedure
    assert procedure.opened_at is not None  # checked by OpeningFacts
    return {
        "opening": opening,
        "draft": procedure.draft,
        "opened_at": procedure.opened_at,
        "closes_at": procedure.closes_at,
        "opening_date": new_york_date(procedure.opened_at),
        "explanation_hours": f"{procedure.explanation_window_hours:g}",
    }


def _letter_facts(facts: Facts, kind: str) -> LetterFacts:
    if not isinstance(facts, LetterFacts):
        raise InvalidInput(
            f"The {kind} letter reports a finished vote; pass LetterFacts (with the tally), "
            f"not {type(facts).__name__}."
        )
    return facts


def _member_order(facts: LetterFacts) -> dict[str, int]:
    """Position of each member in English alphabetical order, the order of the annexes."""
    return {m.code: i for i, m in enumerate(facts.council.members)}


def _render_outcome(facts: Facts, lang: str, fmt: str) -> str:
    letter = _letter_facts(facts, "outcome")
    context = {
        **_wording(lang, letter.council),
        "facts": letter,
        "draft": letter.draft,
        "tally": letter.tally,
        "outcome": letter.tally.outcome.value,
        "resolution": letter.resolution,
        "letters": letter.tally.letters_received,
        "total": len(letter.council.members),
    }
    return render_template(f"{lang}/outcome.jinja", fmt, context)


def _render_opening(facts: Facts, lang: str, fmt: str) -> str:
    opening = facts.opening if isinstance(facts, LetterFacts) else facts
    context = {**_wording(lang, opening.council), **_opening_context(opening)}
    return render_template(f"{lang}/opening.jinja", fmt, context)


def _render_details(facts: Facts, lang: str, fmt: str) -> str:
    letter = _letter_facts(facts, "details")
    order = _member_order(letter)
    ballots = sorted(letter.procedure.ballots, key=lambda b: order[b.member])
    explanations = sorted(letter.procedure.explanations,
                          key=lambda e: (order[e.member], e.received_at))
    context = {
        **_wording(lang, letter.council),
        **_opening_context(letter.opening),
        "facts": letter,
        "tally": letter.tally,
        "outcome": letter.tally.outcome.value,
        "resolution": letter.resolution,
        "details_date": letter.details_date or letter.date,
        "details_president": letter.details_president or letter.president,
        "ballots": ballots,
        "explanations": explanations,
        "total": len(letter.council.members),
        # Annex I is the opening letter; the members' letters follow, then the explanations.
        "first_ballot_annex": 2,
        "first_explanation_annex": 2 + len(ballots),
    }
    return render_template(f"{lang}/details.jinja", fmt, context)


def _register_builtins() -> None:
    for fmt in FORMATS:
        register_renderer("outcome", fmt, partial(_render_outcome, fmt=fmt), LETTER_LANGUAGES)
        register_renderer("opening", fmt, partial(_render_opening, fmt=fmt), OPENING_LANGUAGES)
        register_renderer("details", fmt, partial(_render_details, fmt=fmt), DETAILS_LANGUAGES)


_register_builtins()


def render_outcome_letter(facts: LetterFacts, lang: str = "en", fmt: str = "text") -> str:
    """The voting-outcome letter (R17), as the seed S/2020/613 is in Chinese.

    Args:
        facts: the finished vote and the numbers issued for it.
        lang: "ar", "zh", "en", "fr", "ru" or "es".
        fmt: "text" or "html".

    Returns:
        The letter, with the resolution annexed if the draft was adopted.
    """
    return render("outcome", facts, lang, fmt)


def render_opening_letter(
    facts: OpeningFacts | LetterFacts, lang: str = "en", fmt: str = "text"
) -> str:
    """The President's letter putting the draft to the vote (R2), the draft annexed.

    Args:
        facts: the opened procedure, its President and sponsors (``LetterFacts`` will do:
            its ``opening`` is used).
        lang: "ar", "zh", "en", "fr", "ru" or "es".
        fmt: "text" or "html".

    Returns:
        The letter, with the voting period in New York time and UTC.
    """
    return render("opening", facts, lang, fmt)


def render_details_letter(facts: LetterFacts, lang: str = "en", fmt: str = "text") -> str:
    """The voting-details letter (R18): annex I the opening letter, then one annex per
    member's letter of position, then one per explanation of vote.

    Args:
        facts: the finished vote; ``details_symbol`` and ``details_date`` head the letter.
        lang: "ar", "zh", "en", "fr", "ru" or "es".
        fmt: "text" or "html".

    Returns:
        The letter with all its annexes.
    """
    return render("details", facts, lang, fmt)
