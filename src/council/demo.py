"""``council demo``: replay the seed's vote and write the documents it produced.

The record of S/2020/613 and the text of draft S/2020/600 ship inside the package
(``council/data/records``); the replay runs on a fresh in-memory SQLite database through the
same façade calls as the individual commands.
"""

from __future__ import annotations

import json
from datetime import timedelta
from importlib import resources
from pathlib import Path

from council.council import Council
from council.replay import parse_record, replay
from council.settings import load_settings
from council.store.repository import Store

RECORD = "S_2020_613.json"


def _records() -> resources.abc.Traversable:
    return resources.files("council").joinpath("data", "records")


def run_demo(out: Path, database_url: str = "sqlite://") -> list[Path]:
    """Replay S/2020/613 and write its letters to ``out``; returns the files written."""
    settings = load_settings().replace(DATABASE_URL=database_url)
    council = Council(settings, Store(settings.database_url))
    folder = _records()
    record = parse_record(json.loads(folder.joinpath(RECORD).read_text("utf-8")), council,
                          lambda name: folder.joinpath(name).read_text("utf-8"))
    outcome = replay(record, council)
    closes = record.opened_at + timedelta(hours=record.period_hours)
    details = council.issue_details_letter(
        record.draft_symbol, at=closes + timedelta(hours=record.period_hours),
        letter_date=record.letter_date + timedelta(days=1))
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def write(name: str, text: str) -> None:
        path = out / name
        path.write_text(text, encoding="utf-8")
        written.append(path)

    letter = outcome.announcement.letter_symbol
    stem = letter.replace("/", "_")
    for lang in ("zh", "en", "fr"):
        for fmt, ext in (("text", "txt"), ("html", "html")):
            write(f"{stem}.{lang}.{ext}", council.letter(letter, lang, fmt))
    draft_stem = record.draft_symbol.replace("/", "_")
    for fmt, ext in (("text", "txt"), ("html", "html")):
        write(f"{draft_stem}.opening.en.{ext}",
              council.letter(record.draft_symbol, "en", fmt, kind="opening"))
        write(f"{details.replace('/', '_')}.details.en.{ext}",
              council.letter(details, "en", fmt))
    write(f"{stem}.json", json.dumps(outcome.as_json(council), ensure_ascii=False, indent=1)
          + "\n")
    council.store.dispose()
    return written
