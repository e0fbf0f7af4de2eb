"""Council: decide by written procedure, from a draft in blue to the President's letter.

The public API is what ``__all__`` lists; everything else is private to the package.
"""

from council.council import Announcement, Council
from council.domain.ballots import Ballot, Position
from council.domain.errors import CouncilError
from council.domain.tally import Matter, Outcome, TallyResult, TallyRule, tally_votes
from council.receiving import Receipt
from council.render.registry import register_renderer, render
from council.replay import load_record, replay

__all__ = [
    "Announcement",
    "Ballot",
    "Council",
    "CouncilError",
    "Matter",
    "Outcome",
    "Position",
    "Receipt",
    "TallyResult",
    "TallyRule",
    "load_record",
    "register_renderer",
    "render",
    "replay",
    "tally_votes",
]
