"""The tally under Article 27 (DOMAIN.md R12–R16): properties, an exhaustive check against an
independent reference, Article 27(3), the settings, and the three real votes of 2020."""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from council.catalog import load_catalog
from council.domain.ballots import Position
from council.domain.errors import InvalidInput
from council.domain.tally import (
    DEFAULT_RULE,
    AbsentPermanentMember,
    Matter,
    Outcome,
    TallyResult,
    TallyRule,
    tally_votes,
)

from .factories import PERMANENT_FIVE, codes, read_json, shared_path, sort_keys

YES, NO, ABSTAIN = Position.IN_FAVOUR, Position.AGAINST, Position.ABSTENTION
ABSENT = None
CHOICES: tuple[Position | None, ...] = (YES, NO, ABSTAIN, ABSENT)
# How good an outcome is for the draft: failing and a veto both reject it, but a veto needs
# the nine votes a failure lacks, so one more "yes" may move failed -> vetoed, never back.
RANK = {Outcome.FAILED: 0, Outcome.VETOED: 1, Outcome.ADOPTED: 2}


def count(
    year: int,
    positions: Mapping[str, Position],
    matter: Matter = Matter.SUBSTANTIVE,
    rule: TallyRule = DEFAULT_RULE,
    members: Sequence[str] | None = None,
) -> TallyResult:
    return tally_votes(
        members=codes(year) if members is None else members,
        permanent=PERMANENT_FIVE,
        positions=positions,
        matter=matter,
        rule=rule,
        sort_key=sort_keys(year),
    )


# -- strategies ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Vote:
    year: int
    positions: dict[str, Position]

    @property
    def members(self) -> tuple[str, ...]:
        return codes(self.year)


@st.composite
def votes(draw: st.DrawFn, min_yes: int = 0, max_yes: int = 15) -> Vote:
    """A Council year and each member's position; ``min_yes``..``max_yes`` say "yes", the
    others say no, abstain or send nothing."""
    year = draw(st.sampled_from([2020, 2021]))
    members = draw(st.permutations(codes(year)))
    yes = draw(st.integers(min_yes, max_yes))
    others = draw(st.lists(st.sampled_from([NO, ABSTAIN, ABSENT]), min_size=15, max_size=15))
    positions = dict.fromkeys(members[:yes], YES)
    positions.update(
        (m, p) for m, p in zip(members[yes:], others, strict=False) if p is not None
    )
    return Vote(year, positions)


@st.composite
def rules(draw: st.DrawFn, members: Sequence[str], parties: bool = True) -> TallyRule:
    return TallyRule(
        absent_permanent_member=draw(st.sampled_from(AbsentPermanentMember)),
        parties_to_dispute=frozenset(
            draw(st.lists(st.sampled_from(members), max_size=3)) if parties else ()
        ),
    )


@st.composite
def votes_and_rules(draw: st.DrawFn, parties: bool = True) -> tuple[Vote, TallyRule]:
    vote = draw(votes())
    return vote, draw(rules(vote.members, parties))


@st.composite
def permanent_no_with_nine_in_favour(draw: st.DrawFn) -> tuple[Vote, str]:
    """A permanent member votes against while 9 to 14 of the others vote in favour."""
    year = draw(st.sampled_from([2020, 2021]))
    objector = draw(st.sampled_from(PERMANENT_FIVE))
    others = draw(st.permutations([m for m in codes(year) if m != objector]))
    yes = draw(st.integers(9, 14))
    rest = draw(st.lists(st.sampled_from([NO, ABSTAIN, ABSENT]), min_size=5, max_size=5))
    positions = dict.fromkeys(others[:yes], YES)
    positions.update((m, p) for m, p in zip(others[yes:], rest, strict=False) if p is not None)
    positions[objector] = NO
    return Vote(year, positions), objector


# -- properties ----------------------------------------------------------------------------


@given(st.data(), votes_and_rules(), st.sampled_from(Matter))
def test_the_order_of_ballots_never_changes_the_result(
    data: st.DataObject, vote_rule: tuple[Vote, TallyRule], matter: Matter
) -> None:
    vote, rule = vote_rule
    reordered = dict(data.draw(st.permutations(list(vote.positions.items()))))
    members = data.draw(st.permutations(vote.members))

    expected = count(vote.year, vote.positions, matter, rule)
    assert count(vote.year, reordered, matter, rule, members=members) == expected


@given(votes(max_yes=8), st.sampled_from(Matter), st.data())
def test_fewer_than_nine_in_favour_never_adopts(
    vote: Vote, matter: Matter, data: st.DataObject
) -> None:
    rule = data.draw(rules(vote.members))

    result = count(vote.year, vote.positions, matter, rule)

    assert len(result.in_favour) < 9
    assert result.outcome is Outcome.FAILED  # R15: failing comes before any veto
    assert result.vetoed_by == ()


@given(permanent_no_with_nine_in_favour(), st.sampled_from(AbsentPermanentMember))
def test_a_permanent_members_no_with_nine_in_favour_always_vetoes_a_substantive_draft(
    case: tuple[Vote, str], absent: AbsentPermanentMember
) -> None:
    vote, objector = case
    rule = TallyRule(absent_permanent_member=absent)

    result = count(vote.year, vote.positions, Matter.SUBSTANTIVE, rule)

    assert result.outcome is Outcome.VETOED
    assert objector in result.vetoed_by


@given(permanent_no_with_nine_in_favour(), st.sampled_from(AbsentPermanentMember))
def test_a_permanent_members_no_never_vetoes_a_procedural_decision(
    case: tuple[Vote, str], absent: AbsentPermanentMember
) -> None:
    vote, objector = case
    rule = TallyRule(absent_permanent_member=absent)

    result = count(vote.year, vote.positions, Matter.PROCEDURAL, rule)

    assert result.outcome is Outcome.ADOPTED
    assert result.vetoed_by == ()
    assert objector in result.against


@given(votes_and_rules(), st.sampled_from(Matter), st.data())
def test_turning_an_abstention_into_a_yes_never_makes_the_outcome_worse(
    vote_rule: tuple[Vote, TallyRule], matter: Matter, data: st.DataObject
) -> None:
    vote, rule = vote_rule
    abstainers = [m for m, p in vote.positions.items() if p is ABSTAIN]
    assume(abstainers)
    convert = data.draw(st.sampled_from(abstainers))

    before = count(vote.year, vote.positions, matter, rule)
    after = count(vote.year, {**vote.positions, convert: YES}, matter, rule)

    assert RANK[after.outcome] >= RANK[before.outcome]
    if before.outcome is Outcome.ADOPTED:
        assert after.outcome is Outcome.ADOPTED


@given(votes_and_rules(), st.sampled_from(Matter))
def test_only_members_whose_letter_says_yes_count_in_favour(
    vote_rule: tuple[Vote, TallyRule], matter: Matter
) -> None:
    vote, rule = vote_rule

    result = count(vote.year, vote.positions, matter, rule)

    assert result.in_favour == tuple(
        m for m in vote.members
        if vote.positions.get(m) is YES and m not in rule.parties_to_dispute
    )
    assert not set(result.in_favour) & set(result.absent)
    assert all(m in vote.positions for m in result.in_favour)


@given(votes_and_rules(), st.sampled_from(Matter))
def test_the_four_lists_partition_the_members_in_english_order(
    vote_rule: tuple[Vote, TallyRule], matter: Matter
) -> None:
    vote, rule = vote_rule
    keys = sort_keys(vote.year)

    result = count(vote.year, vote.positions, matter, rule)
    lists = (result.in_favour, result.against, result.abstaining, result.absent)

    together = [m for group in lists for m in group]
    assert sorted(together) == sorted(vote.members)
    assert len(together) == len(set(together)) == 15
    for group in lists:
        assert list(group) == sorted(group, key=keys.__getitem__)
    assert result.letters_received == len(vote.positions)
    assert set(result.absent) == set(vote.members) - set(vote.positions)


# -- exhaustive check against Article 27 ---------------------------------------------------

# Every split (a, b, c, d) of the ten elected members into in favour / against / abstaining /
# absent. Elected members are interchangeable, so the first a say yes, the next b no, and so on.
ELECTED_SPLITS = [
    (a, b, c, 10 - a - b - c)
    for a in range(11)
    for b in range(11 - a)
    for c in range(11 - a - b)
]
PERMANENT_COMBINATIONS = list(itertools.product(CHOICES, repeat=5))


def reference_outcome(
    in_favour: int,
    permanent: Sequence[Position | None],
    matter: Matter,
    absent_permanent_member: AbsentPermanentMember,
) -> Outcome:
    """Article 27 and R15, written out: count the yes votes; fewer than nine fails; otherwise a
    substantive draft with a permanent member against is vetoed (an absent one too, if the
    setting says so); otherwise it is adopted."""
    if in_favour < 9:
        return Outcome.FAILED
    absence_vetoes = absent_permanent_member is AbsentPermanentMember.VETO
    if matter is Matter.SUBSTANTIVE and any(
        p is NO or (absence_vetoes and p is ABSENT) for p in permanent
    ):
        return Outcome.VETOED
    return Outcome.ADOPTED


def test_the_splits_and_combinations_cover_every_case() -> None:
    assert len(ELECTED_SPLITS) == 286
    assert len(set(ELECTED_SPLITS)) == 286
    assert len(PERMANENT_COMBINATIONS) == 4**5


@pytest.mark.parametrize("absent", list(AbsentPermanentMember))
@pytest.mark.parametrize("matter", list(Matter))
def test_every_combination_of_positions_gives_the_outcome_article_27_gives(
    matter: Matter, absent: AbsentPermanentMember
) -> None:
    members = codes(2020)
    keys = sort_keys(2020)
    elected = [m for m in members if m not in PERMANENT_FIVE]
    rule = TallyRule(absent_permanent_member=absent)
    checked = 0
    mismatches: list[str] = []
    for split in ELECTED_SPLITS:
        elected_positions: dict[str, Position] = {}
        start = 0
        for position, size in zip(CHOICES, split, strict=True):
            if position is not None:
                elected_positions.update(dict.fromkeys(elected[start:start + size], position))
            start += size
        for combination in PERMANENT_COMBINATIONS:
            positions = dict(elected_positions)
            positions.update(
                (p, c) for p, c in zip(PERMANENT_FIVE, combination, strict=True) if c is not None
            )
            in_favour = split[0] + combination.count(YES)

            result = tally_votes(members, PERMANENT_FIVE, positions, matter, rule, keys)

            expected = reference_outcome(in_favour, combination, matter, absent)
            expected_vetoers = {
                p for p, c in zip(PERMANENT_FIVE, combination, strict=True)
                if c is NO or (c is ABSENT and absent is AbsentPermanentMember.VETO)
            } if expected is Outcome.VETOED else set()
            if (
                result.outcome is not expected
                or set(result.vetoed_by) != expected_vetoers
                or len(result.in_favour) != in_favour
            ):
                mismatches.append(
                    f"elected {split}, permanent {combination}: got {result.outcome} "
                    f"vetoed by {result.vetoed_by}, expected {expected} by {expected_vetoers}"
                )
            checked += 1
    assert checked == 286 * 4**5 == 292_864
    assert not mismatches, f"{len(mismatches)} mismatches, first: {mismatches[:5]}"


# -- Article 27(3): parties to a dispute -----------------------------------------------------


def _all_yes_except(**others: Position | None) -> dict[str, Position]:
    positions = dict.fromkeys(codes(2020), YES)
    for member, position in others.items():
        if position is None:
            del positions[member]
        else:
            positions[member] = position
    return positions


@pytest.mark.parametrize(
    ("positions", "parties", "outcome", "abstaining", "absent"),
    [
        # A permanent member party to the dispute cannot veto: its "no" is an abstention.
        (_all_yes_except(FRA=NO), {"FRA"}, Outcome.ADOPTED, ("FRA",), ()),
        (_all_yes_except(FRA=NO, RUS=NO), {"FRA", "RUS"}, Outcome.ADOPTED, ("FRA", "RUS"), ()),
        # ... but another permanent member's "no" still vetoes.
        (_all_yes_except(FRA=NO, RUS=NO), {"FRA"}, Outcome.VETOED, ("FRA",), ()),
        # A party's "yes" is not counted: 9 letters say yes, 8 count.
        (
            _all_yes_except(
                BEL=NO, CHN=ABSTAIN, DOM=ABSTAIN, EST=ABSTAIN, FRA=ABSTAIN, DEU=ABSTAIN
            ),
            {"NER"},
            Outcome.FAILED,
            ("CHN", "DOM", "EST", "FRA", "DEU", "NER"),
            (),
        ),
        # A party that sends nothing is absent, still listed as obliged to abstain.
        (_all_yes_except(NER=None), {"NER"}, Outcome.ADOPTED, (), ("NER",)),
    ],
    ids=["p5-no", "two-p5-no", "other-p5-no", "elected-yes", "party-absent"],
)
def test_a_party_to_the_dispute_counts_as_abstaining_whatever_it_says(
    positions: dict[str, Position],
    parties: set[str],
    outcome: Outcome,
    abstaining: tuple[str, ...],
    absent: tuple[str, ...],
) -> None:
    rule = TallyRule(parties_to_dispute=frozenset(parties))

    result = count(2020, positions, Matter.SUBSTANTIVE, rule)

    assert result.outcome is outcome
    assert set(result.obligatory_abstentions) == parties
    assert not set(result.in_favour) & parties
    assert not set(result.against) & parties
    assert not set(result.vetoed_by) & parties
    assert result.abstaining == abstaining
    assert result.absent == absent


def test_another_permanent_members_no_still_vetoes_when_one_is_a_party() -> None:
    rule = TallyRule(parties_to_dispute=frozenset({"FRA"}))

    result = count(2020, _all_yes_except(FRA=NO, RUS=NO), Matter.SUBSTANTIVE, rule)

    assert result.vetoed_by == ("RUS",)


def test_an_absent_permanent_party_does_not_veto_even_when_absence_counts_as_a_veto() -> None:
    rule = TallyRule(
        absent_permanent_member=AbsentPermanentMember.VETO, parties_to_dispute=frozenset({"GBR"})
    )

    result = count(2020, _all_yes_except(GBR=None), Matter.SUBSTANTIVE, rule)

    assert result.outcome is Outcome.ADOPTED
    assert result.absent == ("GBR",)
    assert result.obligatory_abstentions == ("GBR",)


def test_a_party_to_the_dispute_that_is_not_on_the_council_changes_nothing() -> None:
    rule = TallyRule(parties_to_dispute=frozenset({"IND"}))

    result = count(2020, _all_yes_except(), Matter.SUBSTANTIVE, rule)

    assert result.outcome is Outcome.ADOPTED
    assert result.obligatory_abstentions == ()


# -- the settings ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("absent", "outcome", "vetoed_by"),
    [
        (AbsentPermanentMember.ABSTENTION, Outcome.ADOPTED, ()),  # R14 default
        (AbsentPermanentMember.VETO, Outcome.VETOED, ("USA",)),
    ],
)
def test_a_permanent_members_absence_counts_as_the_setting_says(
    absent: AbsentPermanentMember, outcome: Outcome, vetoed_by: tuple[str, ...]
) -> None:
    rule = TallyRule(absent_permanent_member=absent)

    result = count(2020, _all_yes_except(USA=None), Matter.SUBSTANTIVE, rule)

    assert (result.outcome, result.vetoed_by, result.absent) == (outcome, vetoed_by, ("USA",))


def test_absence_never_vetoes_a_procedural_decision_whatever_the_setting() -> None:
    rule = TallyRule(absent_permanent_member=AbsentPermanentMember.VETO)

    result = count(2020, _all_yes_except(USA=None, CHN=None), Matter.PROCEDURAL, rule)

    assert result.outcome is Outcome.ADOPTED


def test_the_default_rule_needs_nine_votes_and_treats_absence_as_abstention() -> None:
    documented = TallyRule(
        required_votes=9,
        absent_permanent_member=AbsentPermanentMember.ABSTENTION,
        parties_to_dispute=frozenset(),
    )

    assert documented == DEFAULT_RULE


def _yes_from_first(n: int) -> dict[str, Position]:
    """The first ``n`` members (English order) say yes, the others abstain."""
    members = codes(2020)
    return {m: YES if i < n else ABSTAIN for i, m in enumerate(members)}


@pytest.mark.parametrize(
    ("required", "in_favour", "outcome"),
    [
        (9, 8, Outcome.FAILED),
        (9, 9, Outcome.ADOPTED),
        (10, 9, Outcome.FAILED),
        (10, 10, Outcome.ADOPTED),
        (15, 14, Outcome.FAILED),
        (15, 15, Outcome.ADOPTED),
        (1, 1, Outcome.ADOPTED),
        (1, 0, Outcome.FAILED),
    ],
)
def test_the_required_number_of_votes_is_a_setting(
    required: int, in_favour: int, outcome: Outcome
) -> None:
    rule = TallyRule(required_votes=required)

    result = count(2020, _yes_from_first(in_favour), Matter.SUBSTANTIVE, rule)

    assert result.outcome is outcome
    assert result.required_votes == required


@pytest.mark.parametrize(
    ("strangers", "named"),
    [
        ({"IND": YES}, "IND"),
        ({"XXX": NO, "IND": ABSTAIN}, "IND, XXX"),
    ],
)
def test_positions_from_non_members_are_refused_naming_them(
    strangers: dict[str, Position], named: str
) -> None:
    positions = {**_all_yes_except(), **strangers}

    with pytest.raises(InvalidInput, match=f"^Positions given for {named}, who are not members"):
        count(2020, positions)


def test_a_tally_without_sort_keys_lists_members_by_code() -> None:
    result = tally_votes(["VNM", "BEL", "GBR"], ["GBR"], {"VNM": YES, "GBR": NO, "BEL": YES},
                         rule=TallyRule(required_votes=2))

    assert result.in_favour == ("BEL", "VNM")
    assert result.vetoed_by == ("GBR",)


# -- the three written-procedure votes of 2020 (shared/data/procedures) ----------------------


@pytest.mark.parametrize(
    ("record", "outcome", "counts"),
    [
        ("S_2020_613", Outcome.ADOPTED, (15, 0, 0, 0)),  # resolution 2531 (2020), the seed
        ("S_2020_657", Outcome.VETOED, (13, 2, 0, 0)),  # S/2020/654, China and Russia against
        ("draft_S_2020_658", Outcome.FAILED, (4, 7, 4, 0)),  # S/2020/658
    ],
)
def test_the_real_votes_of_2020_give_the_announced_outcome(
    record: str, outcome: Outcome, counts: tuple[int, int, int, int]
) -> None:
    replay = read_json(shared_path("data", "procedures", f"{record}.json"))
    expected = read_json(shared_path("data", "procedures", f"{record}.expected.json"))
    membership = load_catalog().membership

    def code(name: str) -> str:
        return membership.resolve(name, 2020).code

    positions = {
        code(name): Position.parse(value, name) for name, value in replay["votes"].items()
    }

    result = count(2020, positions, Matter.SUBSTANTIVE)

    assert result.outcome is outcome
    assert result.outcome.value == expected["outcome"]
    assert (
        len(result.in_favour), len(result.against), len(result.abstaining), len(result.absent)
    ) == counts
    for field in ("in_favour", "against", "abstaining", "absent"):
        # The expected lists are in English alphabetical order, as the letters print them.
        assert getattr(result, field) == tuple(code(n) for n in expected[field]), field
    if outcome is Outcome.VETOED:
        assert result.vetoed_by == ("CHN", "RUS")
