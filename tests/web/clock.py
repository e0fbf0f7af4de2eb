"""A clock the tests set by hand, for a Council whose server runs in another thread.

``Council(clock=...)`` takes any callable that returns an aware UTC datetime. The web tests
hand it a ``ManualClock`` and move time on between requests (open a vote, advance 24 hours,
see it closed) while the uvicorn thread reads the clock, so reads and writes take a lock.
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class ManualClock:
    """An aware UTC datetime that only moves when a test says so.

    Args:
        now: the starting time; must be timezone-aware (it is kept in UTC).
    """

    def __init__(self, now: datetime) -> None:
        self._lock = threading.Lock()
        self._now = _aware(now)

    def __call__(self) -> datetime:
        with self._lock:
            return self._now

    def set(self, now: datetime) -> None:
        """Jump to ``now`` (forwards or backwards); it must be timezone-aware."""
        aware = _aware(now)
        with self._lock:
            self._now = aware

    def advance(self, **delta: float) -> datetime:
        """Move on by ``timedelta(**delta)``, e.g. ``advance(hours=24)``; returns the new time."""
        step = timedelta(**delta)
        with self._lock:
            self._now += step
            return self._now

    def __repr__(self) -> str:
        return f"ManualClock({self():%Y-%m-%dT%H:%M:%S%z})"


def _aware(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(
            f"ManualClock needs an aware datetime, got naive {now.isoformat()}; pass tzinfo=UTC"
        )
    return now.astimezone(UTC)
