"""The written voting procedure as a state machine (DOMAIN.md R1–R11)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from council.domain.ballots import Position, Signatory, SignatoryTitle
from council.domain.drafts import Draft, Procedure, State
from council.domain.errors import (
    DraftLocked,
    DuplicateBallot,
    ExplanationTooLate,
    InvalidInput,
    InvalidPosition,
    InvalidSignatory,
    InvalidSymbol,
    ObligatoryAbstention,
    ProcedureError,
    UnknownMember,
    VotingClosed,
    VotingNotOpen,
    VotingPeriodNotOver,
)
from council.domain.tally import Matter, Outcome, TallyRule

from .factories import (
    OPENED_AT,
    all_voting,
    ballot,
    cast_all,
    codes,
    council,
    draft,
    explanation,
    opened,
    registered,
    utc,
)

CLOSES_AT = OPENED_AT + timedelta(hours=24)  # 2020-06-28 12:00 UTC
NAIVE = datetime(2020, 6, 27, 13, 0)


def everyone_voted(position: Position | str = "yes", **draft_fields: object) -> Procedure:
    return cast_all(opened(**draft_fields), all_voting(position))  # type: ignore[arg-type]


def closed(at: datetime = CLOSES_AT, position: Position | str = "yes") -> Procedure:
    return everyone_voted(position).close(at)


# -- the state machine -----------------------------------------------------------------------


def test_a_draft_goes_from_registered_to_in_voting_to_closed_to_announced() -> None:
    procedure = registered()
    assert procedure.state is State.REGISTERED

    procedure = procedure.open(council(2020), OPENED_AT, 24)
    assert procedure.state is State.IN_VOTING
    assert (procedure.opened_at, procedure.closes_at) == (OPENED_AT, CLOSES_AT)

    procedure = cast_all(procedure, all_voting("yes"))
    assert procedure.missing == ()

    procedure = procedure.close(CLOSES_AT)
    assert (procedure.state, procedure.closed_at) == (State.CLOSED, CLOSES_AT)

    procedure = procedure.announce(CLOSES_AT + timedelta(hours=2))
    assert procedure.state is State.ANNOUNCED
    assert procedure.announced_at == CLOSES_AT + timedelta(hours=2)
    assert procedure.tally().outcome is Outcome.ADOPTED
    assert len(procedure.tally().in_favour) == 15


def test_each_transition_returns_a_new_procedure_and_leaves_the_old_one_as_it_was() -> None:
    before = registered()

    after = before.open(council(2020), OPENED_AT, 24)

    assert before.state is State.REGISTERED
    assert before.opened_at is None
    assert after is not before


def test_a_letter_cast_gives_the_procedure_replace_would_give_with_one_more_ballot() -> None:
    # cast copies the procedure's fields rather than calling dataclasses.replace.
    before = opened(parties_to_dispute=frozenset({"FRA"}))
    letter = ballot("USA", "no")

    after = before.cast(letter)

    expected = replace(before, ballots=(*before.ballots, letter))
    assert after == expected
    assert vars(after) == vars(expected)
    assert type(after) is Procedure
    assert before.ballots == ()
    assert after.cast(ballot("FRA", "abstain")).ballots == (letter, ballot("FRA", "abstain"))


def test_a_draft_is_put_to_the_vote_once() -> None:
    procedure = opened()

    with pytest.raises(ProcedureError, match=r"^Draft S/2020/600 is already in voting; "):
        procedure.open(council(2020), OPENED_AT, 24)


@pytest.mark.parametrize("period", [0, -1, -24.0])
def test_the_voting_period_must_be_positive(period: float) -> None:
    with pytest.raises(InvalidInput, match=f"^Voting period {period!r} hours is not positive"):
        registered().open(council(2020), OPENED_AT, period)


@pytest.mark.parametrize(
    ("hours", "closes_at"), [(24, utc(2020, 6, 28, 12)), (72, utc(2020, 6, 30, 12))]
)
def test_the_voting_period_is_fixed_when_the_vote_opens(hours: float, closes_at: datetime) -> None:
    assert opened(period_hours=hours).closes_at == closes_at


def test_a_draft_not_yet_put_to_the_vote_has_no_period() -> None:
    with pytest.raises(VotingNotOpen, match=r"^Draft S/2020/600 has not been put to the vote\.$"):
        _ = registered().closes_at


# -- letters of position ---------------------------------------------------------------------


def test_a_letter_from_a_country_not_on_the_council_is_refused() -> None:
    with pytest.raises(UnknownMember) as caught:
        opened().cast(ballot("IND"))

    assert str(caught.value).startswith(
        "Ballot from 'IND': not a member of the Security Council in 2020; the members are: "
        "Belgium, China,"
    )


@pytest.mark.parametrize(
    ("text", "position"),
    [
        ("yes", Position.IN_FAVOUR),
        ("YES", Position.IN_FAVOUR),
        (" in favour ", Position.IN_FAVOUR),
        ("in_favor", Position.IN_FAVOUR),
        ("no", Position.AGAINST),
        ("Against", Position.AGAINST),
        ("abstain", Position.ABSTENTION),
        ("abstention", Position.ABSTENTION),
    ],
)
def test_a_letter_states_in_favour_against_or_abstention(text: str, position: Position) -> None:
    assert Position.parse(text, "FRA") is position


@pytest.mark.parametrize(
    ("text", "member", "message"),
    [
        ("maybe", "FRA", "Ballot from 'FRA' says 'maybe'; expected one of: yes, no, abstain."),
        ("absent", "CHN", "Ballot from 'CHN' says 'absent'; expected one of: yes, no, abstain."),
        ("", "", "Position ''; expected one of: yes, no, abstain."),
    ],
)
def test_any_other_position_is_refused_naming_the_value(
    text: str, member: str, message: str
) -> None:
    with pytest.raises(InvalidPosition, match=f"^{re.escape(message)}$"):
        Position.parse(text, member)


def test_a_member_sends_one_letter_and_cannot_replace_it() -> None:
    procedure = opened().cast(ballot("FRA", "yes", OPENED_AT + timedelta(hours=1)))

    with pytest.raises(
        DuplicateBallot,
        match=r"^France already sent its letter on S/2020/600 \(yes, received 2020-06-27 13:00 "
        r"UTC\); a member sends one letter and it cannot be replaced\.$",
    ):
        procedure.cast(ballot("FRA", "no", OPENED_AT + timedelta(hours=2)))


@pytest.mark.parametrize(
    "received_at", [CLOSES_AT, CLOSES_AT + timedelta(seconds=1), CLOSES_AT + timedelta(days=2)]
)
def test_a_letter_after_the_period_is_refused_and_the_member_is_absent(
    received_at: datetime,
) -> None:
    procedure = cast_all(opened(), {m: "yes" for m in codes(2020) if m != "FRA"})

    with pytest.raises(VotingClosed) as caught:
        procedure.cast(ballot("FRA", "no", received_at))

    assert str(caught.value).endswith(
        "after the voting period on S/2020/600 ended at 2020-06-28 12:00 UTC; it cannot be "
        "counted and France is recorded as absent (R9)."
    )
    result = procedure.close(received_at).tally()
    assert result.absent == ("FRA",)
    assert result.outcome is Outcome.ADOPTED  # an absent permanent member is no veto (R14)


def test_a_letter_received_the_moment_the_vote_opens_is_counted() -> None:
    procedure = opened().cast(ballot("FRA", "yes", OPENED_AT))

    assert procedure.ballot_of("FRA") is not None


def test_a_letter_after_an_early_close_is_refused() -> None:
    procedure = closed(at=OPENED_AT + timedelta(hours=3))

    with pytest.raises(VotingClosed, match="ended at 2020-06-27 15:00 UTC"):
        procedure.cast(ballot("FRA", "no", OPENED_AT + timedelta(hours=4)))


def test_a_letter_before_the_vote_is_opened_is_refused() -> None:
    expected = r"^Draft S/2020/600 has not been put to the vote yet; the President must open"
    with pytest.raises(VotingNotOpen, match=expected):
        registered().cast(ballot("FRA"))


def test_a_letter_dated_before_the_opening_is_refused() -> None:
    with pytest.raises(
        VotingNotOpen,
        match=r"^Letter from France dated 2020-06-27 11:00 UTC precedes the opening of the vote "
        r"on S/2020/600 at 2020-06-27 12:00 UTC",
    ):
        opened().cast(ballot("FRA", "yes", OPENED_AT - timedelta(hours=1)))


@given(st.permutations(codes(2020)), st.lists(st.sampled_from(list(Position)), min_size=15,
                                               max_size=15))
def test_the_order_letters_arrive_in_does_not_change_the_tally(
    order: list[str], positions: list[Position]
) -> None:
    by_member = dict(zip(codes(2020), positions, strict=True))

    in_order = cast_all(opened(), {m: by_member[m] for m in order}).close(CLOSES_AT)
    english = cast_all(opened(), by_member).close(CLOSES_AT)

    assert in_order.tally() == english.tally()


# -- R3: a draft in voting is locked ---------------------------------------------------------


def test_a_registered_draft_may_still_be_changed_or_withdrawn() -> None:
    registered().check_draft_editable("withdraw")


@pytest.mark.parametrize(
    "procedure",
    [opened(), closed(), closed().announce(CLOSES_AT + timedelta(hours=1))],
    ids=["in_voting", "closed", "announced"],
)
@pytest.mark.parametrize("action", ["withdraw", "change"])
def test_a_draft_cannot_be_withdrawn_or_changed_once_voting_has_started(
    procedure: Procedure, action: str
) -> None:
    with pytest.raises(
        DraftLocked,
        match=rf"^Cannot {action} draft S/2020/600: voting started on 2020-06-27 12:00 UTC, and a "
        r"draft in voting can be neither withdrawn nor changed \(R3\)\.",
    ):
        procedure.check_draft_editable(action)


# -- closing the vote ------------------------------------------------------------------------


def test_closing_before_the_period_ends_is_refused_naming_the_missing_members() -> None:
    procedure = cast_all(opened(), {m: "yes" for m in codes(2020) if m not in {"FRA", "VNM"}})

    with pytest.raises(VotingPeriodNotOver) as caught:
        procedure.close(OPENED_AT + timedelta(hours=5))

    assert str(caught.value) == (
        "Cannot close the vote on S/2020/600 at 2020-06-27 17:00 UTC: the period runs until "
        "2020-06-28 12:00 UTC and 2 member(s) have not voted: France, Viet Nam. Close after "
        "2020-06-28 12:00 UTC or once all have voted."
    )


def test_closing_early_is_allowed_once_all_fifteen_have_voted() -> None:
    early = OPENED_AT + timedelta(hours=2)

    procedure = everyone_voted().close(early)

    assert procedure.state is State.CLOSED
    assert procedure.voting_ended_at == early
    assert procedure.explanations_until == early + timedelta(hours=3)


def test_closing_after_the_period_records_the_silent_members_as_absent() -> None:
    procedure = cast_all(opened(), {m: "yes" for m in codes(2020) if m not in {"NER", "USA"}})

    result = procedure.close(CLOSES_AT).tally()

    assert result.absent == ("NER", "USA")
    assert result.letters_received == 13
    assert procedure.close(CLOSES_AT).voting_ended_at == CLOSES_AT


@pytest.mark.parametrize("procedure", [registered(), closed()], ids=["registered", "closed"])
def test_only_a_vote_in_progress_can_be_closed(procedure: Procedure) -> None:
    with pytest.raises(VotingNotOpen, match="only a vote in progress can be closed"):
        procedure.close(CLOSES_AT + timedelta(hours=1))


# -- R10: explanations of vote ---------------------------------------------------------------


@pytest.mark.parametrize(
    "after_close", [timedelta(0), timedelta(minutes=1), timedelta(hours=2, minutes=59),
                    timedelta(hours=3)]
)
def test_an_explanation_within_three_hours_of_the_close_is_accepted(after_close: timedelta) -> None:
    procedure = closed().explain(explanation("RUS", CLOSES_AT + after_close))

    assert [e.member for e in procedure.explanations] == ["RUS"]


@pytest.mark.parametrize("after_close", [timedelta(hours=3, seconds=1), timedelta(days=1)])
def test_an_explanation_after_three_hours_is_too_late(after_close: timedelta) -> None:
    with pytest.raises(
        ExplanationTooLate,
        match=r"after the window closed at 2020-06-28 15:00 UTC \(3 hours after voting ended, "
        r"R10\)\.$",
    ):
        closed().explain(explanation("RUS", CLOSES_AT + after_close))


def test_after_an_early_close_the_three_hours_run_from_the_close() -> None:
    early = OPENED_AT + timedelta(hours=2)
    procedure = everyone_voted().close(early)

    procedure.explain(explanation("RUS", early + timedelta(hours=3)))
    with pytest.raises(ExplanationTooLate):
        procedure.explain(explanation("RUS", early + timedelta(hours=3, minutes=1)))


@pytest.mark.parametrize(
    "procedure",
    [opened(), everyone_voted()],
    ids=["some-missing", "all-voted-not-closed"],
)
def test_an_explanation_before_the_period_ended_is_refused(procedure: Procedure) -> None:
    with pytest.raises(ProcedureError, match="before voting on S/2020/600 ended") as caught:
        procedure.explain(explanation("RUS", OPENED_AT + timedelta(hours=2)))

    assert not isinstance(caught.value, ExplanationTooLate)


def test_an_explanation_after_the_period_but_before_the_formal_close_is_accepted() -> None:
    procedure = opened().explain(explanation("RUS", CLOSES_AT + timedelta(minutes=5)))

    assert len(procedure.explanations) == 1


def test_an_explanation_before_the_vote_opens_is_refused() -> None:
    with pytest.raises(VotingNotOpen):
        registered().explain(explanation("RUS", OPENED_AT))


def test_a_member_sends_one_explanation() -> None:
    procedure = closed().explain(explanation("RUS", CLOSES_AT + timedelta(hours=1)))

    with pytest.raises(DuplicateBallot, match=r"^Russian Federation already sent an explanation"):
        procedure.explain(explanation("RUS", CLOSES_AT + timedelta(hours=2)))


def test_an_empty_explanation_is_refused() -> None:
    with pytest.raises(InvalidInput, match=r"^Explanation of vote from China is empty"):
        closed().explain(explanation("CHN", CLOSES_AT + timedelta(hours=1), text="  "))


def test_an_explanation_from_a_non_member_is_refused() -> None:
    with pytest.raises(UnknownMember, match=r"^Explanation from 'IND': not a member"):
        closed().explain(explanation("IND", CLOSES_AT + timedelta(hours=1)))


# -- time zones ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "what"),
    [
        (lambda: registered().open(council(2020), NAIVE, 24), "opening the vote"),
        (lambda: opened().cast(ballot("FRA", "yes", NAIVE)), "the letter's receipt"),
        (lambda: registered().cast(ballot("FRA", "yes", NAIVE)), "the letter's receipt"),
        (lambda: everyone_voted().close(NAIVE), "closing the vote"),
        (lambda: closed().explain(explanation("RUS", NAIVE)), "the explanation's receipt"),
        (lambda: closed().announce(NAIVE), "the announcement"),
    ],
    ids=["open", "cast", "cast-before-open", "close", "explain", "announce"],
)
def test_times_without_a_time_zone_are_refused(action: Callable[[], object], what: str) -> None:
    with pytest.raises(
        InvalidInput,
        match=rf"^Time 2020-06-27T13:00:00 for {what} has no time zone; give it in UTC",
    ):
        action()


NEW_YORK = timezone(timedelta(hours=-4))  # EDT


def test_times_in_another_zone_are_compared_as_instants() -> None:
    # 08:30 in New York is 12:30 UTC: within the period.
    procedure = opened().cast(ballot("USA", "yes", datetime(2020, 6, 27, 8, 30, tzinfo=NEW_YORK)))

    assert procedure.ballot_of("USA") is not None


def test_times_in_messages_are_given_in_utc_whatever_zone_they_came_in() -> None:
    late = datetime(2020, 6, 28, 9, 0, tzinfo=NEW_YORK)  # 13:00 UTC, an hour after the close

    with pytest.raises(VotingClosed, match=r"^Letter from United States of America received at "
                       r"2020-06-28 13:00 UTC, after the voting period"):
        opened().cast(ballot("USA", "yes", late))


# -- Article 27(3): a party to the dispute abstains ------------------------------------------


@pytest.mark.parametrize("position", ["yes", "no"])
def test_a_party_to_the_dispute_may_not_vote_yes_or_no(position: str) -> None:
    procedure = opened(parties_to_dispute=frozenset({"FRA"}))

    with pytest.raises(
        ObligatoryAbstention,
        match=rf"^France is a party to the dispute and shall abstain \(Article 27\(3\)\); its "
        rf"letter says '{position}', expected 'abstain'\.$",
    ):
        procedure.cast(ballot("FRA", position))


def test_a_party_to_the_dispute_that_abstains_is_listed_as_an_obligatory_abstention() -> None:
    positions: dict[str, str] = {**all_voting("yes"), "FRA": "abstain"}
    procedure = cast_all(opened(parties_to_dispute=frozenset({"FRA"})), positions)

    result = procedure.close(CLOSES_AT).tally()

    assert result.obligatory_abstentions == ("FRA",)
    assert "FRA" in result.abstaining


def test_the_drafts_parties_add_to_those_of_the_rule() -> None:
    positions: dict[str, str] = {**all_voting("yes"), "FRA": "abstain", "GBR": "no"}
    procedure = cast_all(opened(parties_to_dispute=frozenset({"FRA"})), positions)

    result = procedure.close(CLOSES_AT).tally(TallyRule(parties_to_dispute=frozenset({"GBR"})))

    assert result.obligatory_abstentions == ("FRA", "GBR")
    assert result.outcome is Outcome.ADOPTED


def test_a_procedural_draft_is_counted_as_procedural() -> None:
    positions: dict[str, str] = {**all_voting("yes"), "CHN": "no"}
    procedure = cast_all(opened(matter=Matter.PROCEDURAL), positions).close(CLOSES_AT)

    assert procedure.tally().outcome is Outcome.ADOPTED


# -- R11: the announcement ---------------------------------------------------------------------


@pytest.mark.parametrize("procedure", [registered(), opened()], ids=["registered", "in_voting"])
def test_the_result_is_announced_only_after_the_vote_is_closed(procedure: Procedure) -> None:
    with pytest.raises(ProcedureError, match="the result is announced once, after the vote is"):
        procedure.announce(CLOSES_AT + timedelta(hours=1))


def test_the_result_is_announced_once() -> None:
    procedure = closed().announce(CLOSES_AT + timedelta(hours=1))

    with pytest.raises(ProcedureError, match=r"^Draft S/2020/600 is announced; "):
        procedure.announce(CLOSES_AT + timedelta(hours=2))


def test_an_announcement_cannot_precede_the_close() -> None:
    with pytest.raises(InvalidInput, match=r"^Announcement time 2020-06-28 11:00 UTC precedes"):
        closed().announce(CLOSES_AT - timedelta(hours=1))


@pytest.mark.parametrize(
    ("hours", "deadline"),
    [(24, utc(2020, 6, 29, 0)), (72, utc(2020, 7, 1, 0)), (1, utc(2020, 6, 29, 0))],
)
def test_the_announcement_is_due_36_hours_after_the_start_or_12_after_a_longer_period(
    hours: float, deadline: datetime
) -> None:
    assert opened(period_hours=hours).announce_by() == deadline


# -- drafts and signatories ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"symbol": "S/20/600"}, InvalidSymbol, "Document symbol 'S/20/600' is not a Council"),
        ({"sponsors": ()}, InvalidInput, "Draft S/2020/600 names no sponsor"),
        ({"agenda_item": "  "}, InvalidInput, "Draft S/2020/600 has an empty agenda item"),
    ],
)
def test_a_draft_needs_a_symbol_a_sponsor_and_an_agenda_item(
    fields: dict[str, object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=f"^{re.escape(message)}"):
        draft(**fields)  # type: ignore[arg-type]


def test_a_draft_gives_its_agenda_item_in_a_language_or_falls_back_to_the_original() -> None:
    mali = Draft("S/2020/600", ("FRA",), "The situation in Mali",
                 agenda_item_translations={"fr": "La situation au Mali"})

    assert mali.agenda_item_in("fr") == "La situation au Mali"
    assert mali.agenda_item_in("zh") == "The situation in Mali"


def test_a_draft_with_a_revision_suffix_is_accepted() -> None:
    assert draft(symbol="S/2020/600/Rev.1").symbol == "S/2020/600/Rev.1"


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("Permanent Representative", SignatoryTitle.PERMANENT_REPRESENTATIVE),
        ("permanent-representative", SignatoryTitle.PERMANENT_REPRESENTATIVE),
        ("PR", SignatoryTitle.PERMANENT_REPRESENTATIVE),
        ("Chargé d'affaires", SignatoryTitle.CHARGE_D_AFFAIRES),
        ("Chargé d’affaires a.i.", SignatoryTitle.CHARGE_D_AFFAIRES),
        ("Charge d'affaires a.i.", SignatoryTitle.CHARGE_D_AFFAIRES),
        ("charge-d-affaires", SignatoryTitle.CHARGE_D_AFFAIRES),
        ("CDA", SignatoryTitle.CHARGE_D_AFFAIRES),
    ],
)
def test_a_letter_is_signed_by_the_permanent_representative_or_the_charge_d_affaires(
    text: str, title: SignatoryTitle
) -> None:
    assert SignatoryTitle.parse(text) is title


@pytest.mark.parametrize(
    "text", ["Deputy Permanent Representative", "Ambassador", "Counsellor", "President", ""]
)
def test_anyone_else_may_not_sign_a_letter_of_position(text: str) -> None:
    with pytest.raises(
        InvalidSignatory,
        match=rf"^Signatory title {re.escape(repr(text))} may not sign a letter of position; "
        r"expected one of: permanent-representative, charge-d-affaires \(R6\)\.$",
    ):
        SignatoryTitle.parse(text)


@pytest.mark.parametrize(
    ("title", "label"),
    [
        (SignatoryTitle.PERMANENT_REPRESENTATIVE, "Permanent Representative"),
        (SignatoryTitle.CHARGE_D_AFFAIRES, "Chargé d'affaires a.i."),
    ],
)
def test_each_title_has_its_printed_label(title: SignatoryTitle, label: str) -> None:
    assert title.label == label


def test_a_signed_letter_keeps_its_signatory() -> None:
    signatory = Signatory("Nicolas de Rivière", SignatoryTitle.PERMANENT_REPRESENTATIVE)

    procedure = opened().cast(ballot("FRA", "yes", signatory=signatory))

    assert procedure.ballot_of("FRA").signatory == signatory  # type: ignore[union-attr]
