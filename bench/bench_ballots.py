"""How many ballots the server accepts per second over HTTP, against the store's own ceiling
(issue 4); ``make bench`` runs it (docs/bench-ballots.md records runs).

Two figures, measured in the same run on files in the same directory:

(a) **Ours.** A real ``council serve`` (uvicorn, in a subprocess, on 127.0.0.1) on a SQLite
    file, which the store opens in WAL mode with ``synchronous=FULL``. The database is prepared
    first: the 15 members of the current year's Council, each with a Permanent Representative,
    a registered Ed25519 key and an API token, and enough drafts put to the vote (at the real
    current time, for a long period) that no two letters collide. ``--clients`` concurrent
    clients (32), each on its own keep-alive connection, send ``--letters`` signed letters
    (60) in turn with ``POST /api/drafts/{year}/{serial}/letters``; client c speaks for member
    c mod 15. The letters are signed and their requests built before the clock starts, and the
    clients speak bare HTTP/1.1 on asyncio streams (``Connection``), so that the load
    generator takes little of the CPUs it shares with the server. This is one *round*; the
    server answers ``--rounds`` rounds (5), each with letters of its own, and the figure is
    the median round's letters accepted (201) per second of wall time: a shared machine's
    speed varies from second to second, and one round lasts about a second, as each of the
    ceiling's slices does. We also give every round's rate, the p50 and p99 latency of all the
    requests, and how many commits the server made for them (one signed tree head per commit,
    read from the store).
(b) **The ceiling.** The bare cost of durability on the same disk: one
    ``INSERT`` + ``COMMIT`` per ballot-sized row, WAL, ``synchronous=FULL``, in a loop
    (stdlib ``sqlite3``), as commits per second; measured in 1-second slices before and
    after (a) (``--ceiling-slices``, 5 each), and the median slice is the ceiling: the disk's
    fsync rate varies from second to second on a shared machine.

It prints both, the ratio of the medians ours / ceiling, and whether the target is met: at
least ``TARGET`` (25%) of the ceiling.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from council.council import Council
from council.settings import load_settings
from council.signing import LETTER_KIND, format_time, generate_private_key, public_key_pem
from council.signing import sign_letter as sign
from council.store.repository import Store

TARGET = 0.25  # issue 4: ballots accepted per second, at least 25% of the bare ceiling
PASSWORD = "bench password, not secret"
PERIOD_HOURS = 24.0  # the votes stay open far longer than a run
STARTUP_TIMEOUT = 30.0
REQUEST_TIMEOUT = 60.0


@dataclass
class Plan:
    """The prepared database: who sends which signed letter to which draft."""

    database: Path
    tokens: dict[str, str]  # member code -> API token of its PR
    # per round, per client: (member, url, body) of each letter it sends
    rounds: list[list[list[tuple[str, str, dict[str, Any]]]]]
    drafts: int = 0


@dataclass
class Load:
    """What the clients saw."""

    seconds: float
    latencies: list[float] = field(default_factory=list)  # seconds, accepted letters
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def accepted(self) -> int:
        return self.statuses.get(201, 0)


# -- the ceiling -----------------------------------------------------------------------------


def measure_ceiling(directory: Path, slices: int, seconds: float = 1.0) -> list[float]:
    """Commits per second of one ballot-sized INSERT + COMMIT (WAL, synchronous=FULL), for
    each of ``slices`` slices of ``seconds``."""
    path = directory / "ceiling.db"
    for leftover in (path, path.with_name(path.name + "-wal"),
                     path.with_name(path.name + "-shm")):
        leftover.unlink(missing_ok=True)
    connection = sqlite3.connect(path, isolation_level=None)
    rates = []
    try:
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("PRAGMA synchronous=FULL")
        connection.execute("CREATE TABLE ballots (id INTEGER PRIMARY KEY, procedure_id INTEGER,"
                           " member TEXT, position TEXT, received_at TEXT)")
        commits = 0
        for _ in range(slices):
            done = 0
            started = time.perf_counter()
            while (elapsed := time.perf_counter() - started) < seconds:
                connection.execute("BEGIN IMMEDIATE")
                connection.execute("INSERT INTO ballots (procedure_id, member, position, "
                                   "received_at) VALUES (?, ?, ?, ?)",
                                   (commits // 15 + 1, f"M{commits % 15:02d}", "yes",
                                    datetime.now(UTC).isoformat()))
                connection.execute("COMMIT")
                commits += 1
                done += 1
            rates.append(done / elapsed)
        return rates
    finally:
        connection.close()


# -- the database ----------------------------------------------------------------------------


def prepare(directory: Path, clients: int, letters: int, rounds: int = 1) -> Plan:
    """Accounts, keys, tokens and open votes; every client's letters signed in advance.

    Client c speaks for member c mod 15 and sends its i-th letter of round r to draft
    (r * groups + c div 15) * letters + i, where groups = ceil(clients / 15), so no member
    ever writes twice to the same draft.
    """
    database = directory / "council.db"
    url = f"sqlite:///{database}"
    council = Council(load_settings(environ={"COUNCIL_DATABASE_URL": url}, dotenv=None),
                      Store(url))
    council.init()
    now = datetime.now(UTC)
    year = now.year
    members = [m.code for m in council.members(year).members]
    keys, tokens = {}, {}
    for code in members:
        account = council.access.add_user(f"{code.lower()}-pr", PASSWORD,
                                          "permanent-representative", code, f"PR of {code}")
        key = generate_private_key()
        council.access.register_key(council.access.actor(account), public_key_pem(
            key.public_key()))
        keys[code] = key
        tokens[code] = council.access.token_for(account.username, "bench")
    groups = -(-clients // len(members))
    drafts = rounds * groups * letters
    symbols = []
    for i in range(drafts):
        symbol = f"S/{year}/{9000 + i}"
        council.add_draft(symbol, [members[i % len(members)]], "Benchmark", "The Council,\n\n"
                          "1. Decides to remain seized of the matter.")
        council.open_vote(symbol, period_hours=PERIOD_HOURS)
        symbols.append(symbol)
    sent_at = format_time(datetime.now(UTC))
    plan: list[list[list[tuple[str, str, dict[str, Any]]]]] = []
    for r in range(rounds):
        senders = []
        for c in range(clients):
            code = members[c % len(members)]
            mine = []
            for i in range(letters):
                symbol = symbols[(r * groups + c // len(members)) * letters + i]
                letter = {"kind": LETTER_KIND, "procedure": council.procedure_id(symbol),
                          "draft": symbol, "member": code, "position": "yes",
                          "signatory": {"name": f"PR of {code}",
                                        "title": "permanent-representative"},
                          "sent_at": sent_at}
                _, year_, serial = symbol.split("/")
                mine.append((code, f"/api/drafts/{year_}/{serial}/letters",
                             sign(letter, keys[code])))
            senders.append(mine)
        plan.append(senders)
    council.store.dispose()
    return Plan(database, tokens, plan, drafts)


def count_ballots(database: Path) -> int:
    with contextlib.closing(sqlite3.connect(database)) as connection:
        (count,) = connection.execute("SELECT count(*) FROM ballots").fetchone()
    return int(count)


def count_tree_heads(database: Path) -> int:
    """Signed tree heads: the server signs one per commit of letters (council/receiving.py)."""
    with contextlib.closing(sqlite3.connect(database)) as connection:
        (count,) = connection.execute("SELECT count(*) FROM tree_heads").fetchone()
    return int(count)


# -- the server and the clients --------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def server_cpu_seconds(pid: int) -> float | None:
    """User + system CPU time the process has used (Linux /proc), or None elsewhere."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def serve(database: Path) -> Iterator[tuple[str, int]]:
    """``python -m council serve`` in a subprocess; its base URL and pid while it runs."""
    port = _free_port()
    env = {**os.environ, "COUNCIL_DATABASE_URL": f"sqlite:///{database}"}
    base_url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "council", "serve", "--host", "127.0.0.1",
             "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + STARTUP_TIMEOUT
            while True:
                if server.poll() is not None:
                    log.seek(0)
                    sys.exit(f"council serve exited with {server.returncode}:\n"
                             + log.read().decode("utf-8", "replace")[-3000:])
                with contextlib.suppress(httpx.TransportError):
                    if httpx.get(base_url + "/api/secretariat-key", timeout=1).is_success:
                        break
                if time.monotonic() > deadline:
                    sys.exit(f"council serve did not answer on {base_url} within "
                             f"{STARTUP_TIMEOUT:.0f}s")
                time.sleep(0.1)
            yield base_url, server.pid
        finally:
            server.terminate()
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


class Connection:
    """One keep-alive HTTP/1.1 connection that sends prepared POSTs and reads the answers.

    A load generator must cost the server's machine as little as possible (client and server
    share its two CPUs), so this is the bare protocol on asyncio streams, as a C tool such as
    wrk would do: the request bytes are built once, before the clock starts, and the answer
    is read by its Content-Length. The server under test is unchanged.
    """

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        return cls(*await asyncio.open_connection(host, port))

    async def send(self, request: bytes) -> tuple[int, bytes]:
        self.writer.write(request)
        head = await asyncio.wait_for(self.reader.readuntil(b"\r\n\r\n"), REQUEST_TIMEOUT)
        status = int(head[9:12])
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        return status, await self.reader.readexactly(length)

    def close(self) -> None:
        self.writer.close()


def request_bytes(host: str, url: str, token: str, body: dict[str, Any]) -> bytes:
    payload = json.dumps(body).encode("utf-8")
    return (f"POST {url} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(payload)}\r\n\r\n"
            ).encode("ascii") + payload


async def _run_clients(base_url: str, plan: Plan, round_: int) -> Load:
    host, port = base_url.removeprefix("http://").split(":")
    load = Load(seconds=0.0)
    senders = plan.rounds[round_]
    requests = [[(member, url, request_bytes(f"{host}:{port}", url, plan.tokens[member], body))
                 for member, url, body in letters] for letters in senders]
    # Open every connection before the clock starts.
    connections = await asyncio.gather(*(Connection.open(host, int(port))
                                         for _ in senders))

    async def client(connection: Connection, mine: list[tuple[str, str, bytes]]) -> None:
        for member, url, request in mine:
            started = time.perf_counter()
            try:
                status, answer = await connection.send(request)
            except (OSError, asyncio.IncompleteReadError, TimeoutError) as exc:
                load.errors.append(f"{url} as {member}: {exc!r}")
                return
            took = time.perf_counter() - started
            load.statuses[status] = load.statuses.get(status, 0) + 1
            if status == 201:
                load.latencies.append(took)
            elif len(load.errors) < 5:
                load.errors.append(f"{url} as {member}: {status} {answer[:300]!r}")

    started = time.perf_counter()
    await asyncio.gather(*(client(c, mine) for c, mine in zip(connections, requests,
                                                              strict=True)))
    load.seconds = time.perf_counter() - started
    for connection in connections:
        connection.close()
    return load


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100), nearest-rank on the sorted values."""
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    rank = max(1, min(len(ordered), round(q / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


# -- the run ---------------------------------------------------------------------------------


def run(clients: int, letters: int, ceiling_slices: int, directory: Path | None,
        rounds: int = 1) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="council-bench-", dir=directory) as tmp:
        where = Path(tmp)
        print(f"Preparing {rounds} rounds of {clients} clients x {letters} letters in "
              f"{where} ...", flush=True)
        plan = prepare(where, clients, letters, rounds)
        heads_before = count_tree_heads(plan.database)
        ceiling_before = measure_ceiling(where, ceiling_slices)
        loads = []
        with serve(plan.database) as (base_url, pid):
            cpu_before = server_cpu_seconds(pid)
            for round_ in range(rounds):
                loads.append(asyncio.run(_run_clients(base_url, plan, round_)))
            cpu_after = server_cpu_seconds(pid)
        server_cpu = (cpu_after - cpu_before if cpu_before is not None and cpu_after is not None
                      else None)
        ceiling_after = measure_ceiling(where, ceiling_slices)
        stored = count_ballots(plan.database)
        commits = count_tree_heads(plan.database) - heads_before
    load = Load(seconds=sum(each.seconds for each in loads),
                latencies=[t for each in loads for t in each.latencies],
                errors=[e for each in loads for e in each.errors])
    for each in loads:
        for status, count in each.statuses.items():
            load.statuses[status] = load.statuses.get(status, 0) + count
    if load.errors or load.accepted != rounds * clients * letters or stored != load.accepted:
        print("Not every letter was accepted and stored:", file=sys.stderr)
        print(f"  statuses {load.statuses}, stored {stored}", file=sys.stderr)
        for error in load.errors[:5]:
            print("  " + error, file=sys.stderr)
    ceiling = statistics.median(ceiling_before + ceiling_after)
    rates = [each.accepted / each.seconds for each in loads]
    ours = statistics.median(rates)
    ratio = ours / ceiling
    return {
        "clients": clients, "letters_per_client": letters, "rounds": rounds,
        "drafts": plan.drafts,
        "accepted": load.accepted, "stored": stored, "statuses": load.statuses,
        "commits": commits, "server_cpu_seconds": server_cpu,
        "seconds": load.seconds, "ballots_per_second": ours, "round_rates": rates,
        "latency_p50_ms": percentile(load.latencies, 50) * 1000,
        "latency_p99_ms": percentile(load.latencies, 99) * 1000,
        "latency_mean_ms": (statistics.fmean(load.latencies) * 1000
                            if load.latencies else float("nan")),
        "ceiling_commits_per_second": ceiling,
        "ceiling_min": min(ceiling_before + ceiling_after),
        "ceiling_max": max(ceiling_before + ceiling_after),
        "ceiling_before": ceiling_before, "ceiling_after": ceiling_after,
        "ratio": ratio, "target": TARGET, "target_met": ratio >= TARGET,
    }


def report(figures: dict[str, Any]) -> None:
    rates = figures["round_rates"]
    rows = [
        ("ours: ballots accepted/s over HTTP", f"{figures['ballots_per_second']:8.1f}  "
         f"(median of {len(rates)} rounds; min {min(rates):.1f}, max {max(rates):.1f})"),
        ("  latency p50", f"{figures['latency_p50_ms']:8.1f} ms"),
        ("  latency p99", f"{figures['latency_p99_ms']:8.1f} ms"),
        ("  letters accepted / stored",
         f"{figures['accepted']:8d} / {figures['stored']} in {figures['seconds']:.2f} s"),
        ("  server CPU per letter",
         "     n/a" if figures["server_cpu_seconds"] is None else
         f"{figures['server_cpu_seconds'] / max(figures['accepted'], 1) * 1000:8.2f} ms  "
         f"({figures['server_cpu_seconds'] / figures['seconds']:.0%} of one CPU)"),
        ("  commits (group commits of letters)",
         f"{figures['commits']:8d}  ({figures['stored'] / max(figures['commits'], 1):.1f} "
         "letters each)"),
        ("ceiling: INSERT+COMMIT/s (sync=FULL, WAL)",
         f"{figures['ceiling_commits_per_second']:8.1f}  (median of "
         f"{len(figures['ceiling_before']) * 2} 1-s slices; min {figures['ceiling_min']:.1f},"
         f" max {figures['ceiling_max']:.1f})"),
        ("ratio ours / ceiling", f"{figures['ratio']:8.1%}"),
    ]
    print(f"\nBallots over HTTP: {figures['rounds']} rounds of {figures['clients']} clients x "
          f"{figures['letters_per_client']} signed letters, {figures['drafts']} drafts, "
          "council serve on 127.0.0.1, SQLite")
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"  {label:<{width}}  {value}")
    verdict = "target met" if figures["target_met"] else "target NOT met"
    print(f"\nTarget: at least {TARGET:.0%} of the ceiling: {verdict} "
          f"({figures['ratio']:.1%}; needs {TARGET * figures['ceiling_commits_per_second']:.1f}"
          " ballots/s)")


def main(argv: list[str] | None = None) -> None:
    assert __doc__ is not None
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--clients", type=int, default=32,
                         help="concurrent clients (default 32)")
    options.add_argument("--letters", type=int, default=60,
                         help="signed letters each client sends (default 60)")
    options.add_argument("--rounds", type=int, default=5,
                         help="rounds of letters, each timed on its own; the figure is the "
                              "median round (default 5)")
    options.add_argument("--ceiling-slices", type=int, default=5,
                         help="1-second ceiling slices before and after the HTTP run "
                              "(default 5)")
    options.add_argument("--dir", type=Path, default=None,
                         help="where the databases go (default: the system's temp directory)")
    options.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = options.parse_args(argv)
    if args.clients < 1 or args.letters < 1 or args.rounds < 1:
        options.error("--clients, --letters and --rounds must be at least 1")
    figures = run(args.clients, args.letters, args.ceiling_slices, args.dir, args.rounds)
    report(figures)
    if args.json:
        print(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
