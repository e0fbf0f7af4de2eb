"""Write, or check, the expected voting-outcome letters in the six official languages.

Each of three real 2020 votes recorded in ``../shared/data/procedures`` (the seed S/2020/613,
adopted; S/2020/657, vetoed; draft S/2020/658, failed) is replayed into a fresh in-memory
Council, and its outcome letter is written in Arabic, Chinese, English, French, Russian and
Spanish to ``tests/golden/letters/<record>.<lang>.txt`` (issue 7, first acceptance item).

The files were generated once with ``--write`` and then checked line by line by hand against
the UN's usual wording; after that, a change to them is a change to review, not to accept.
``python scripts/golden_letters.py --check`` (run by tests/render/test_six_languages.py) fails
when a rendered letter differs from its file and prints the first differing lines.
"""

from __future__ import annotations

import argparse
import difflib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROCEDURES = ROOT.parent / "shared" / "data" / "procedures"
GOLDEN = ROOT / "tests" / "golden" / "letters"
RECORDS = ("S_2020_613", "S_2020_657", "draft_S_2020_658")
LANGUAGES = ("ar", "zh", "en", "fr", "ru", "es")


def render_letters(record: str) -> dict[str, str]:
    """The outcome letter of ``record`` in each language, as text."""
    from council.council import Council
    from council.replay import load_record, replay
    from council.settings import load_settings
    from council.store.repository import Store

    settings = load_settings().replace(DATABASE_URL="sqlite://")
    council = Council(settings, Store(settings.database_url))
    outcome = replay(load_record(PROCEDURES / f"{record}.json", council), council)
    symbol = outcome.announcement.letter_symbol
    return {lang: council.letter(symbol, lang, "text") for lang in LANGUAGES}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", action="store_true", help="write the expected files")
    mode.add_argument("--check", action="store_true", help="fail if a letter differs")
    args = parser.parse_args(argv)
    problems = []
    for record in RECORDS:
        for lang, text in render_letters(record).items():
            path = GOLDEN / f"{record}.{lang}.txt"
            if args.write:
                GOLDEN.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path.relative_to(ROOT)}")
                continue
            expected = path.read_text(encoding="utf-8") if path.exists() else ""
            if text != expected:
                diff = difflib.unified_diff(expected.splitlines(), text.splitlines(),
                                            str(path.relative_to(ROOT)), "rendered", lineterm="")
                problems.append("\n".join(list(diff)[:20]))
    if problems:
        print("\n\n".join(problems), file=sys.stderr)
        print(f"{len(problems)} letter(s) differ; if the change is intended, review it and "
              "run python scripts/golden_letters.py --write", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
