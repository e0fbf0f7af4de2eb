"""Search latency over the whole shared corpus (issue 6, point 2): median and p99 per query.

Imports the shared corpus (AKN4UN XML in every language folder, the resolution texts and the
UN's metadata) into a fresh SQLite file and, when a PostgreSQL URL is given (``--postgres URL``
or ``COUNCIL_TEST_POSTGRES_URL``; its public schema is emptied first), into PostgreSQL too,
then times ``Council.search`` (first page of 20, snippets included) over a fixed mix of
queries: single words, phrases, OR, exclusions, prefixes, filters, Arabic, Chinese (the
substring path) and punctuation. Prints, per store, the paragraphs indexed and the median,
p99 and maximum latency in milliseconds. Not in ``make bench`` yet.

    .venv/bin/python bench/bench_search.py [--postgres URL] [--rounds 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import create_engine, text

from council.council import Council
from council.search import SearchFilters
from council.settings import load_settings
from council.store.repository import Store

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
PATHS = [DATA / "akn4un", DATA / "akn4un-other", DATA / "akn4un-2020-six-languages",
         DATA / "resolutions-ocr", DATA / "metadata" / "unxml_data_extract"]
MALI = "The situation in Mali"
QUERIES: list[tuple[str, SearchFilters]] = [
    ("cantonment", SearchFilters()),
    ("sanctions", SearchFilters()),
    ("Security Council", SearchFilters()),
    ('"armed groups"', SearchFilters()),
    ("MINUSMA OR UNAMID -Mali", SearchFilters()),
    ("report*", SearchFilters()),
    ("women peace security", SearchFilters(from_year=2010, to_year=2020)),
    ("mandate", SearchFilters(agenda_item=MALI)),
    ("cantonment", SearchFilters(from_year=2020, agenda_item=MALI, unanimous=True,
                                 member="FRA", vote="yes")),
    ("sanctions", SearchFilters(member="RUS", vote="abstain")),
    ("السلام", SearchFilters()),
    ("联合国 安全理事会", SearchFilters()),
    ('"unclosed (NEAR) *', SearchFilters()),
    ("", SearchFilters()),
]


def _council(url: str) -> Council:
    council = Council(load_settings(environ={"COUNCIL_DATABASE_URL": url}, dotenv=None),
                      Store(url))
    council.init()
    return council


def measure(url: str, rounds: int) -> None:
    council = _council(url)
    start = time.perf_counter()
    report = council.import_paths(PATHS)
    took = time.perf_counter() - start
    with council.store.engine.connect() as connection:
        paragraphs = connection.execute(text("SELECT count(*) FROM corpus_paragraphs")
                                        ).scalar_one()
    for query, filters in QUERIES:  # warm the caches once
        council.search(query, filters)
    times: list[float] = []
    per_query: dict[str, list[float]] = {}
    for _ in range(rounds):
        for query, filters in QUERIES:
            begin = time.perf_counter()
            council.search(query, filters)
            elapsed = (time.perf_counter() - begin) * 1000
            times.append(elapsed)
            per_query.setdefault(query or "(empty)", []).append(elapsed)
    times.sort()
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    store = url.split(":", 1)[0]
    print(f"{store}: {report.taken} documents, {paragraphs} paragraphs indexed "
          f"(import {took:.1f} s)")
    print(f"  {len(times)} searches: median {statistics.median(times):.2f} ms, "
          f"p99 {p99:.2f} ms, max {times[-1]:.2f} ms")
    slowest = sorted(per_query.items(), key=lambda item: -statistics.median(item[1]))[:3]
    for query, spent in slowest:
        print(f"  slowest: {query!r} median {statistics.median(spent):.2f} ms")
    council.store.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("COUNCIL_TEST_POSTGRES_URL"),
                        help="a PostgreSQL URL (its public schema is emptied); default: "
                             "$COUNCIL_TEST_POSTGRES_URL, else SQLite only")
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        measure(f"sqlite:///{folder}/bench.db", args.rounds)
    if args.postgres:
        engine = create_engine(args.postgres)
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))
        engine.dispose()
        measure(args.postgres, args.rounds)


if __name__ == "__main__":
    main()
