"""Import throughput over the whole shared corpus (issue 6): documents per second.

Imports every AKN4UN file (the six languages included: non-English expressions are read and
skipped), the resolution texts and the UN's metadata into a fresh SQLite database (or
``--database-url``), then imports them again (nothing changes). Prints, for each run, the
files read, the documents taken, the wall time and documents/s. Not in ``make bench`` yet.

    .venv/bin/python bench/bench_import.py [--database-url URL] [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from council.council import Council
from council.settings import load_settings
from council.store.repository import Store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
PATHS = [DATA / "akn4un", DATA / "akn4un-other", DATA / "akn4un-2020-six-languages",
         DATA / "resolutions-ocr", DATA / "metadata" / "unxml_data_extract"]


def run_once(url: str) -> tuple[float, float, int, int]:
    council = Council(load_settings(environ={"COUNCIL_DATABASE_URL": url}, dotenv=None),
                      Store(url))
    council.init()
    times = []
    for _ in range(2):
        start = time.perf_counter()
        report = council.import_paths(PATHS)
        times.append(time.perf_counter() - start)
    council.store.dispose()
    return times[0], times[1], report.files, report.taken


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=None,
                        help="default: a fresh SQLite file per run")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    firsts, seconds = [], []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as folder:
            url = args.database_url or f"sqlite:///{folder}/bench.db"
            first, second, files, documents = run_once(url)
        firsts.append(documents / first)
        seconds.append(documents / second)
        print(f"run {run + 1}: {files} files, {documents} documents; first import "
              f"{first:.2f} s ({documents / first:.0f} documents/s), second (unchanged) "
              f"{second:.2f} s ({documents / second:.0f} documents/s)", flush=True)
    print(f"median: first import {statistics.median(firsts):.0f} documents/s, "
          f"re-import {statistics.median(seconds):.0f} documents/s")


if __name__ == "__main__":
    main()
