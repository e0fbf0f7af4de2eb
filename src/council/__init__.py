"""Council: decide by written procedure, from a draft in blue to the President's letter."""

from council.domain.ballots import Ballot, Position
from council.domain.errors import CouncilError
from council.domain.tally import Matter, Outcome, TallyResult, TallyRule, tally_votes

__all__ = [
    "Ballot",
    "CouncilError",
    "Matter",
    "Outcome",
    "Position",
    "TallyResult",
    "TallyRule",
    "tally_votes",
]
