"""Renderers by kind and format name, built-ins included, and the errors for what is not
there (STYLE.md §3, §4)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from council.domain.drafts import Procedure
from council.domain.errors import InvalidInput, VotingNotOpen
from council.domain.numbering import ResolutionNumber
from council.render import (
    RENDERERS,
    LetterFacts,
    OpeningFacts,
    register_renderer,
    render,
    render_details_letter,
    render_outcome_letter,
)
from council.render.registry import Facts
from tests.factories import draft, failed_facts, president, seed_facts


def test_builtin_renderers_are_registered_by_kind_and_format() -> None:
    assert {("outcome", "text"), ("outcome", "html"), ("opening", "text"), ("opening", "html"),
            ("details", "text"), ("details", "html")} <= set(RENDERERS)
    assert render("outcome", seed_facts(), "en", "text") == render_outcome_letter(seed_facts())


def test_a_registered_renderer_is_called_like_the_builtins() -> None:
    def summary(facts: Facts, lang: str) -> str:
        assert isinstance(facts, LetterFacts)
        return f"{lang}: {facts.draft.symbol} {facts.tally.outcome.value}"

    register_renderer("outcome", "summary", summary, languages=("en",))
    try:
        assert render("outcome", seed_facts(), "en", "summary") == "en: S/2020/600 adopted"
    finally:
        del RENDERERS[("outcome", "summary")]


@pytest.mark.parametrize(
    ("kind", "lang", "fmt", "message"),
    [
        ("outcome", "de", "text",
         "Language 'de' is not available for the outcome letter; expected one of: ar, zh, en, fr, "
         "ru, es."),
        ("outcome", "en", "docx",
         "Format 'docx' is not available for the outcome letter; expected one of: html, pdf, "
         "text."),
        ("outcome", "en", "pdf",
         "Format 'pdf' of the outcome letter is binary; call render_bytes."),
        ("details", "la", "text",
         "Language 'la' is not available for the details letter; expected one of: ar, zh, en, "
         "fr, ru, es."),
        ("minutes", "en", "text",
         "Document kind 'minutes' has no renderer; expected one of: details, opening, "
         "outcome, resolution."),
    ],
)
def test_unknown_language_format_or_kind_names_the_value_and_the_choices(
    kind: str, lang: str, fmt: str, message: str
) -> None:
    with pytest.raises(InvalidInput) as error:
        render(kind, seed_facts(), lang, fmt)
    assert str(error.value) == message


def test_outcome_and_details_letters_need_the_finished_vote() -> None:
    opening = seed_facts().opening
    with pytest.raises(InvalidInput, match="pass LetterFacts"):
        render("outcome", opening, "en", "text")
    with pytest.raises(InvalidInput, match="pass LetterFacts"):
        render_details_letter(opening)  # type: ignore[arg-type]


def test_letter_facts_report_every_problem_at_once() -> None:
    facts = seed_facts()
    with pytest.raises(InvalidInput) as error:
        replace(facts, symbol="S/20/613", resolution=None, original_language="de",
                sponsors=facts.sponsors * 2)
    message = str(error.value)
    assert "'S/20/613' is not a Council document symbol" in message
    assert "S/2020/600 was adopted but no resolution number is given" in message
    assert "original language 'de' is not an official language" in message
    assert "sponsors FRA, FRA differ from those of S/2020/600 (FRA)" in message


def test_a_draft_that_was_not_adopted_gets_no_resolution_number() -> None:
    with pytest.raises(InvalidInput, match="S/2020/658 was failed, yet resolution 2532"):
        replace(failed_facts(), resolution=ResolutionNumber(2532, 2020))


def test_letters_need_a_procedure_that_was_put_to_the_vote() -> None:
    with pytest.raises(VotingNotOpen, match="S/2020/600 has not been put to the vote"):
        OpeningFacts(Procedure(draft()), president(2020, 6), seed_facts().sponsors)
    with pytest.raises(VotingNotOpen):
        replace(seed_facts(), procedure=Procedure(draft()))
