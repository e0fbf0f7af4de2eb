"""Errors the domain raises, named after the problem.

Every error carries a message that names the offending value and says what was expected, so
the edges (CLI, web) can show it as it is. The tree::

    CouncilError
    ├── InvalidInput                 a value supplied from outside is malformed
    │   ├── UnknownMember            a name or code that is not a member of that Council
    │   ├── InvalidPosition          a position other than yes / no / abstain
    │   ├── InvalidSymbol            a document symbol that is not S/YYYY/NNN (or S/RES/...)
    │   ├── InvalidSignatory         a signatory who may not sign a letter of position (R6)
    │   └── InvalidRecord            a replay record with one or more problems (all listed)
    ├── ProcedureError               the state of the procedure forbids the action
    │   ├── DraftLocked              withdraw or change a draft once voting started (R3)
    │   ├── VotingNotOpen            a letter before voting opened or after it was closed
    │   ├── VotingClosed             a letter received after the voting period (R9)
    │   ├── DuplicateBallot          a second letter from the same member
    │   │   └── ConcurrentWrite      the same letter committed a moment earlier by a racing request
    │   ├── VotingPeriodNotOver      closing early while letters are still missing
    │   ├── ExplanationTooLate       an explanation outside the 3 hours after closing (R10)
    │   ├── ObligatoryAbstention     a party to a dispute votes under Article 27(3)
    │   └── SymbolInUse              a document symbol or resolution number already issued
    └── NotFound                     something named does not exist
        ├── DraftNotFound
        ├── DocumentNotFound
        └── DueItemNotFound      no due item with that id (issue 6)
"""

from __future__ import annotations

from collections.abc import Sequence


class CouncilError(Exception):
    """Base of every error Council raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class InvalidInput(CouncilError):
    """A value supplied from outside is malformed."""


class UnknownMember(InvalidInput):
    """A name or code that does not designate a member of the Council of that year."""


class InvalidPosition(InvalidInput):
    """A position other than the three a letter may state (R7)."""


class InvalidSymbol(InvalidInput):
    """A document symbol that does not follow the Council's pattern (R21, R22)."""


class InvalidSignatory(InvalidInput):
    """A signatory who may not sign a letter of position (R6)."""


class InvalidRecord(InvalidInput):
    """A replay record with problems; ``problems`` lists all of them."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{source}: {len(self.problems)} problem(s) in the record:\n{lines}")


class ProcedureError(CouncilError):
    """The state of the procedure forbids the action."""


class DraftLocked(ProcedureError):
    """A draft cannot be withdrawn or changed once voting has started (R3)."""


class VotingNotOpen(ProcedureError):
    """The draft is not in voting."""


class VotingClosed(ProcedureError):
    """A letter arrived after the voting period ended (R9)."""


class DuplicateBallot(ProcedureError):
    """A member already sent its letter of position."""


class ConcurrentWrite(DuplicateBallot):
    """A racing request committed the same member's letter (or Idempotency-Key) first; the
    caller may look again and answer with the original receipt."""


class VotingPeriodNotOver(ProcedureError):
    """The period has not ended and some members have not voted."""


class ExplanationTooLate(ProcedureError):
    """An explanation of vote outside the window after closing (R10)."""


class ObligatoryAbstention(ProcedureError):
    """A party to a dispute must abstain (Article 27(3))."""


class SymbolInUse(ProcedureError):
    """A document symbol or resolution number was already issued."""


class NotFound(CouncilError):
    """Something named does not exist."""


class DraftNotFound(NotFound):
    """No draft with that symbol."""


class DocumentNotFound(NotFound):
    """No issued document with that symbol."""


class DueItemNotFound(NotFound):
    """No due item with that id (``council due``, issue 6)."""
