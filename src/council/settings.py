"""Settings, declared once.

Each ``Setting`` has a name, a default, a type and a help text; the one list ``SETTINGS``
drives validation, ``council settings`` and the docs test. A value comes from the environment
(``COUNCIL_<NAME>``), then a ``.env`` file in the working directory, then the default. The
facts DOMAIN.md marks [?] or [I] are settings here, with the documented default.
"""

from __future__ import annotations

import enum
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from council.domain.errors import InvalidInput
from council.domain.numbering import DocumentSymbol
from council.domain.tally import AbsentPermanentMember, TallyRule

PREFIX = "COUNCIL_"


def _positive_float(raw: str) -> float:
    value = float(raw)
    if not value > 0:
        raise ValueError("must be positive")
    return value


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value < 1:
        raise ValueError("must be 1 or more")
    return value


def _port(raw: str) -> int:
    value = int(raw)
    if not 1 <= value <= 65535:
        raise ValueError("must be 1-65535")
    return value


def _non_negative_float(raw: str) -> float:
    value = float(raw)
    if not value >= 0:
        raise ValueError("must be 0 or more")
    return value


def _absent_rule(raw: str) -> AbsentPermanentMember:
    return AbsentPermanentMember(raw.strip().lower())


def _symbol(raw: str) -> str:
    return str(DocumentSymbol.parse(raw))


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str
    cast: Callable[[str], Any] = str
    expected: str = "text"


SETTINGS: tuple[Setting, ...] = (
    Setting("DATABASE_URL", "sqlite:///council.db",
            "SQLAlchemy URL of the store: a SQLite file by default, or "
            "postgresql+psycopg://user:pass@host/db.", str, "a database URL"),
    Setting("VOTING_PERIOD_HOURS", "24",
            "Length of the voting period, fixed when the vote opens (R5; one 2020 vote ran "
            "about three days, so it can be set per procedure).", _positive_float,
            "a positive number of hours"),
    Setting("EXPLANATION_WINDOW_HOURS", "3",
            "Hours after the period closes during which explanations of vote are accepted "
            "(R10).", _positive_float, "a positive number of hours"),
    Setting("ANNOUNCEMENT_DEADLINE_HOURS", "36",
            "Hours after the start by which the result must be announced (R11); a later "
            "announcement is recorded with a warning.", _positive_float,
            "a positive number of hours"),
    Setting("REQUIRED_VOTES", "9", "Votes in favour a decision needs (Article 27).",
            _positive_int, "a whole number of 1 or more"),
    Setting("ABSENT_PERMANENT_MEMBER", "abstention",
            "How a permanent member's absence counts: 'abstention' (default, R14 [?]: never "
            "tested under the written procedure) or 'veto'.", _absent_rule,
            "one of: abstention, veto"),
    Setting("RESOLUTION_START", "1",
            "First resolution number when the store has issued none (R21); the store "
            "continues from the highest issued.", _positive_int, "a whole number of 1 or more"),
    Setting("SERIAL_START", "1",
            "First serial of S/YYYY/NNN documents in a year when the store has issued none "
            "in that year (R22).", _positive_int, "a whole number of 1 or more"),
    Setting("PROCEDURE_LETTER_SYMBOL", "S/2020/253",
            "Symbol of the letter that set out the written procedure, cited in every "
            "outcome letter (R17).", _symbol, "a symbol such as S/2020/253"),
    Setting("PROCEDURE_LETTER_DATE", "2020-03-27",
            "Date of that letter.", date.fromisoformat, "a date YYYY-MM-DD"),
    Setting("DISPLAY_TIMEZONE", "America/New_York",
            "Second time zone in which deadlines are shown, beside UTC (New York time).",
            str, "an IANA time zone name"),
    Setting("HOST", "127.0.0.1", "Address `council serve` listens on.", str,
            "a host name or IP address"),
    Setting("PORT", "8000", "Port `council serve` listens on.", _port, "a port 1-65535"),
    Setting("SECRETARIAT_KEY_FILE", "",
            "PEM file of the Secretariat's Ed25519 private key, which signs receipts. Empty "
            "(default): a key is generated once and kept in the database.", str,
            "a file path, or empty"),
    Setting("SESSION_HOURS", "12",
            "Hours a sign-in lasts; a session also ends after SESSION_IDLE_MINUTES without "
            "use, and at logout.", _positive_float, "a positive number of hours"),
    Setting("SESSION_IDLE_MINUTES", "120", "Minutes of inactivity that end a session.",
            _positive_float, "a positive number of minutes"),
    Setting("LOGIN_MAX_FAILURES", "5",
            "Failed sign-ins allowed per account, and per address, within "
            "LOGIN_LOCKOUT_MINUTES before further attempts are refused for that long.",
            _positive_int, "a whole number of 1 or more"),
    Setting("LOGIN_LOCKOUT_MINUTES", "15", "Window and lock-out time for failed sign-ins.",
            _positive_float, "a positive number of minutes"),
    Setting("MAX_REQUEST_BYTES", "2000000",
            "Largest request body accepted (drafts are uploaded as text or AKN XML).",
            _positive_int, "a whole number of bytes"),
    Setting("LETTER_CLOCK_SKEW_SECONDS", "300",
            "How far a signed letter's sent_at may lie after the Secretariat's clock at "
            "arrival (clocks differ); it may never lie before the vote opened.",
            _non_negative_float, "a number of seconds, 0 or more"),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def _as_text(value: Any) -> str:
    return str(value.value) if isinstance(value, enum.Enum) else str(value)


def _read_dotenv(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.partition("=")
        values[key.strip().removeprefix("export ").strip()] = value.strip().strip("'\"")
    return values


@dataclass(frozen=True)
class Settings:
    """Resolved setting values, typed."""

    values: Mapping[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.values[name]

    @property
    def database_url(self) -> str:
        return str(self.values["DATABASE_URL"])

    @property
    def tally_rule(self) -> TallyRule:
        return TallyRule(
            required_votes=self.values["REQUIRED_VOTES"],
            absent_permanent_member=self.values["ABSENT_PERMANENT_MEMBER"],
        )

    def replace(self, **overrides: str) -> Settings:
        """A copy with some values given as text (validated like the environment)."""
        raw = {name: _as_text(self.values[name]) for name in self.values}
        raw.update({k.upper(): v for k, v in overrides.items()})
        return load_settings(environ=raw, dotenv=None)


def load_settings(
    environ: Mapping[str, str] | None = None,
    dotenv: Path | None = Path(".env"),
) -> Settings:
    """Read every setting: environment first, then ``.env``, then the default.

    Args:
        environ: the variables to read (``os.environ`` if None); names with or without the
            ``COUNCIL_`` prefix.
        dotenv: a ``.env`` file to read, or None.

    Returns:
        The typed settings.

    Raises:
        InvalidInput: one message listing every value that does not parse.
    """
    env = dict(os.environ if environ is None else environ)
    file_values = _read_dotenv(dotenv) if dotenv is not None else {}
    values: dict[str, Any] = {}
    problems: list[str] = []
    for setting in SETTINGS:
        key = PREFIX + setting.name
        raw = env.get(key, env.get(setting.name, file_values.get(key, setting.default)))
        try:
            values[setting.name] = setting.cast(raw)
        except (ValueError, InvalidInput) as exc:
            problems.append(
                f"Setting {key} has value {raw!r}; expected {setting.expected} ({exc})."
            )
    if problems:
        raise InvalidInput("\n".join(problems))
    return Settings(values)


def setting(name: str) -> Setting:
    return _BY_NAME[name]
