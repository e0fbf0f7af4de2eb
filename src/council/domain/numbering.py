"""Document symbols and resolution numbers (R19–R22).

Council documents are ``S/<year>/<serial>``, serials restarting each year (R22); resolutions
are numbered consecutively across years, ``S/RES/<n> (<year>)`` (R21). Where numbering
starts is a setting, so a Council can take over from an existing series.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from council.domain.errors import InvalidSymbol

_DOCUMENT = re.compile(r"^S/(?P<year>\d{4})/(?P<serial>[1-9]\d{0,4})(?P<suffix>(/Rev\.[1-9]\d*)?)$")
_RESOLUTION = re.compile(r"^(?:S/RES/)?(?P<number>[1-9]\d{0,4})\s*(?:\((?P<year>\d{4})\))?$")


@dataclass(frozen=True, order=True)
class DocumentSymbol:
    """A Council document symbol such as ``S/2020/613`` (a draft may carry ``/Rev.1``)."""

    year: int
    serial: int
    suffix: str = ""

    def __str__(self) -> str:
        return f"S/{self.year}/{self.serial}{self.suffix}"

    @classmethod
    def parse(cls, text: str) -> DocumentSymbol:
        match = _DOCUMENT.match(str(text).strip())
        if not match:
            raise InvalidSymbol(
                f"Document symbol {text!r} is not a Council document symbol; expected "
                "S/YYYY/NNN, for example S/2020/613."
            )
        return cls(int(match["year"]), int(match["serial"]), match["suffix"])


@dataclass(frozen=True, order=True)
class ResolutionNumber:
    """A resolution number with the year of adoption: ``2531 (2020)``."""

    number: int
    year: int

    def __str__(self) -> str:
        return f"{self.number} ({self.year})"

    @property
    def symbol(self) -> str:
        return f"S/RES/{self.number} ({self.year})"

    @property
    def link_symbol(self) -> str:
        """The form used in document links: ``S/RES/2531(2020)``."""
        return f"S/RES/{self.number}({self.year})"


def parse_resolution_number(text: str | int) -> int:
    """``2531``, ``"2531"``, ``"2531 (2020)"`` or ``"S/RES/2531 (2020)"`` -> 2531."""
    match = _RESOLUTION.match(str(text).strip())
    if not match:
        raise InvalidSymbol(
            f"Resolution number {text!r} is not a resolution number; expected a positive "
            "number such as 2531 or 2531 (2020)."
        )
    return int(match["number"])


def next_serial(issued: Iterable[int], start: int = 1) -> int:
    """The next free serial of a year: one past the highest issued, never below ``start``."""
    return max([start, *(s + 1 for s in issued)])


def next_resolution_number(issued: Iterable[int], start: int = 1) -> int:
    """The next resolution number: one past the highest issued, never below ``start``."""
    return max([start, *(n + 1 for n in issued)])
