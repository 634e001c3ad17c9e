# SPDX-License-Identifier: EUPL-1.2
"""Load: N phones and a wall against the real server, as phone.js and wall.js behave.

Starts `inspraak serve` (uvicorn, production settings) on loopback in a fresh data
folder (with `--postgres`: on a throwaway PostgreSQL cluster with the default
`max_connections=100`), opens a live session with a vote, and then, like the pages:

- each phone (they arrive at `--rate` per second) loads the join page, joins with its
  CSRF token (and follows the redirect to its phone page), opens its event stream
  on a connection of its own and holds it, posts 3 post-its with think times
  (the page updates in place: no reload), and votes;
- each wall listens on the wall's stream; on a new post-it it adds the card, on a
  join or vote it fetches the counts, on other changes it refetches the board.

Every 5xx, 429 and connection error counts as a failure; a post is retried only as
phone.js retries (after a 5xx or a lost connection, with the same client id), and
its retries are failures too. Midway one worker gets SIGKILL (with one worker: the
server, which is then restarted). Prints per request type p50/p95/p99 and failures,
dropped streams, post-to-wall latency, lost and duplicated post-its.

Run: python benchmarks/live_load.py [--phones 500] [--rate 50] [--no-kill]
     python benchmarks/live_load.py --postgres --workers 2
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.live_http import Client  # noqa: E402
from benchmarks.live_setup import django_run, postgres_start, postgres_stop  # noqa: E402

HOST = "127.0.0.1"
PHONE_KINDS = {"session_closed", "session_opened", "prompt_opened", "prompt_closed",
               "poll_opened", "poll_closed", "poll_revealed", "postit_hidden"}  # fmt: skip
COUNT_KINDS = {"joined", "voted", "endorsed"}


@dataclass
class Stats:
    took: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    failed: Counter[str] = field(default_factory=Counter)  # "post 500", "join conn", ...
    acked: dict[int, float] = field(default_factory=dict)  # post id → first send
    ack_total: list[tuple[float, float]] = field(default_factory=list)  # first send, s to ack
    seen: dict[int, float] = field(default_factory=dict)  # post id → first on a wall
    dropped: Counter[str] = field(default_factory=Counter)
    killed_at: float = 0.0


async def _call(client: Client, stats: Stats, kind: str, method: str, path: str,
                form: dict[str, str] | None = None, **headers: str) -> object:  # fmt: skip
    """One request; its latency, or a failure (5xx, 429, connection) counted under `kind`."""
    sent = time.monotonic()
    try:
        response = await client.request(method, path, form=form, **headers)
    except (ConnectionError, OSError, asyncio.IncompleteReadError):
        stats.failed[f"{kind} connection"] += 1
        return None
    if response.status >= 500 or response.status == 429 or response.status == 403:
        stats.failed[f"{kind} {response.status}"] += 1
        return None
    stats.took[kind].append(time.monotonic() - sent)
    return response


async def _stream(client: Client, path: str, stats: Stats, kind: str, on_event: object,
                  last: int = 0) -> None:  # fmt: skip
    """An EventSource: reconnect after the server's retry (2 s) with Last-Event-ID."""
    while True:
        sent = time.monotonic()
        try:
            first = True
            async for seq, name, data in client.events(path, last):
                if first:
                    stats.took[f"{kind} stream"].append(time.monotonic() - sent)
                    first = False
                last = seq
                await on_event(name, data)  # type: ignore[operator]
            # A clean end: the server recycles streams; the browser reconnects.
        except asyncio.CancelledError:
            raise
        except (ValueError, asyncio.IncompleteReadError):  # cut off inside a chunk
            stats.dropped[f"{kind}: cut off"] += 1
        except (ConnectionError, OSError) as error:
            stats.dropped[f"{kind}: {str(error)[:40] or type(error).__name__}"] += 1
        await asyncio.sleep(2.0)


async def _post(client: Client, code: str, form: dict[str, str], stats: Stats) -> None:
    """phone.js: the same id again after a 5xx or a lost connection, backing off."""
    first = time.monotonic()
    for attempt in range(8):
        response = await _call(client, stats, "post", "POST", f"/j/{code}/post/", form,
                               Accept="application/json")  # fmt: skip
        if response is not None:
            if response.status in (200, 201):  # type: ignore[attr-defined]
                stats.acked.setdefault(response.json()["id"], first)  # type: ignore[attr-defined]
                stats.ack_total.append((first, time.monotonic() - first))
            else:
                stats.failed[f"post {response.status}"] += 1  # type: ignore[attr-defined]
            return
        await asyncio.sleep(min(0.5 * 2**attempt, 8.0))


async def _phone(n: int, cfg: dict[str, object], args: argparse.Namespace, stats: Stats) -> None:
    await asyncio.sleep(n / args.rate)
    code, client = str(cfg["code"]), Client(HOST, args.port)
    page = await _call(client, stats, "join page", "GET", f"/j/{code}/")
    if page is None:
        return
    token = page.csrf()  # type: ignore[attr-defined]
    joined = await _call(client, stats, "join", "POST", f"/j/{code}/join/",
                         {"csrfmiddlewaretoken": token})  # fmt: skip
    if joined is None or joined.status != 302:  # type: ignore[attr-defined]
        if joined is not None:
            stats.failed[f"join {joined.status}"] += 1  # type: ignore[attr-defined]
        return
    page = await _call(client, stats, "phone page", "GET", f"/j/{code}/")
    if page is None:
        return
    listener = Client(HOST, args.port)
    listener.cookies = client.cookies  # one browser: one cookie jar, several connections

    async def phone_event(kind: str, _data: str) -> None:
        if kind in PHONE_KINDS:  # phone.js reloads the page (within 2 s, spread)
            await asyncio.sleep(random.uniform(0, 2))
            await _call(Client(HOST, args.port, cookies=client.cookies), stats, "phone page",
                        "GET", f"/j/{code}/")  # fmt: skip

    found = re.search(rb'data-last="(\d+)"', page.body)  # type: ignore[attr-defined]
    last = int(found.group(1)) if found else 0
    path = f"/j/{code}/events/?after={last}"
    stream = asyncio.create_task(_stream(listener, path, stats, "phone", phone_event, last))
    for j in range(3):
        await asyncio.sleep(random.uniform(args.think / 2, args.think * 1.5))
        form = {"csrfmiddlewaretoken": token, "client_id": str(uuid.uuid4())}
        form["text"] = f"telefoon {n} punt {j}: betaalbare woningen en meer groen"
        await _post(client, code, form, stats)
    vote = {"csrfmiddlewaretoken": token, "value": random.choice(["agree", "disagree", "pass"])}
    await _call(client, stats, "vote", "POST", f"/j/{code}/votes/{cfg['poll']}/", vote,
                Accept="application/json")  # fmt: skip
    await client.close()
    cfg["streams"].append((stream, listener))  # type: ignore[attr-defined]


async def _wall(cfg: dict[str, object], args: argparse.Namespace, stats: Stats) -> None:
    cookies = {"sessionid": str(cfg["sessionid"])}
    listener = Client(HOST, args.port, cookies=cookies)
    # A browser fetches on connections of its own: one per kind of refresh here.
    fetchers = {k: Client(HOST, args.port, cookies=cookies) for k in ("wall counts", "wall board")}
    timers: dict[str, asyncio.Task[None]] = {}

    dirty: set[str] = set()

    def later(kind: str, path: str, delay: float) -> None:
        """wall.js: one refresh in flight per kind; changes during it fetch once more."""

        async def fetch() -> None:
            while True:
                await asyncio.sleep(delay)
                dirty.discard(kind)
                await _call(fetchers[kind], stats, kind, "GET", path)
                if kind not in dirty:
                    break
            timers.pop(kind, None)

        dirty.add(kind)
        if kind not in timers:
            timers[kind] = asyncio.create_task(fetch())

    async def wall_event(kind: str, data: str) -> None:
        if kind == "postit_created":  # the facilitator's wall.js: the card's controls follow
            stats.seen.setdefault(json.loads(data)["id"], time.monotonic())
            later("wall board", str(cfg["board"]), 2.0)
        elif kind in COUNT_KINDS:
            later("wall counts", str(cfg["counts"]), 1.0)
            if kind == "voted":  # the facilitator's poll count is on the board
                later("wall board", str(cfg["board"]), 1.0)
        else:
            later("wall board", str(cfg["board"]), 0.3)

    await _stream(listener, str(cfg["wall"]), stats, "wall", wall_event)


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


async def _killer(env: dict[str, str], args: argparse.Namespace, server: list[object],
                  stats: Stats) -> None:  # fmt: skip
    await asyncio.sleep(args.kill_at)
    proc = server[0]
    stats.killed_at = time.monotonic()
    workers = _children(proc.pid)  # type: ignore[attr-defined]
    if args.workers > 1 and workers:  # uvicorn's supervisor starts a new worker itself
        os.kill(workers[0], signal.SIGKILL)
        server.append(f"worker {workers[0]} killed (SIGKILL); the supervisor restarts it")
        return
    os.killpg(proc.pid, signal.SIGKILL)  # type: ignore[attr-defined]
    proc.wait()  # type: ignore[attr-defined]
    server[0] = await asyncio.to_thread(_server_start, env, args.port, args.workers)
    server.append(f"server killed (SIGKILL), back in {time.monotonic() - stats.killed_at:.1f} s")


def _server_start(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "inspraak.cli", "serve", "--no-migrate"]
    command += ["--host", HOST, "--port", str(port), "--workers", str(workers)]
    log = open(Path(env["INSPRAAK_DATA_DIR"]) / "server.log", "ab")  # noqa: SIM115
    proc = subprocess.Popen(command, env=env, cwd=REPO, stdout=log, stderr=log,
                            start_new_session=True)  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.05)
    sys.exit("server did not start")


async def _pg_sampler(env: dict[str, str], peak: Counter[str]) -> None:
    """Every second: PostgreSQL's connections by state; keeps the peak of each."""
    sql = "SELECT coalesce(state, 'other'), count(*) FROM pg_stat_activity WHERE backend_type = 'client backend' GROUP BY 1"
    while True:
        proc = await asyncio.create_subprocess_exec(
            "psql", env["DATABASE_URL"], "-Atc", sql, stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        out, _err = await proc.communicate()
        now: Counter[str] = Counter()
        for line in out.decode().splitlines():
            state, _sep, n = line.partition("|")
            now[state] = int(n or 0)
        now["total"] = sum(now.values())
        for key, n in now.items():
            peak[key] = max(peak[key], n)
        if os.environ.get("BENCH_PG_IDLE"):  # what the idle connections did last
            q = await asyncio.create_subprocess_exec(
                "psql", env["DATABASE_URL"], "-Atc",
                "SELECT left(query, 90), count(*) FROM pg_stat_activity WHERE state = 'idle' "
                "AND backend_type = 'client backend' GROUP BY 1 ORDER BY 2 DESC LIMIT 4",
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            print((await q.communicate())[0].decode().strip())
        await asyncio.sleep(1.0)


async def _run(args: argparse.Namespace, env: dict[str, str], cfg: dict[str, object]) -> Stats:
    stats, server = Stats(), [_server_start(env, args.port, args.workers)]
    peak: Counter[str] = Counter()
    sampler = asyncio.create_task(_pg_sampler(env, peak)) if args.postgres else None
    cfg["streams"] = []
    walls = [asyncio.create_task(_wall(cfg, args, stats)) for _i in range(args.walls)]
    killer = asyncio.create_task(_killer(env, args, server, stats)) if args.kill else None
    began = time.monotonic()
    await asyncio.gather(*(_phone(n, cfg, args, stats) for n in range(args.phones)))
    print(f"phones done in {time.monotonic() - began:.1f} s")
    deadline = time.monotonic() + 10
    while args.walls and set(stats.acked) - set(stats.seen) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    await asyncio.sleep(1.0)
    for task, _listener in cfg["streams"]:  # type: ignore[attr-defined]
        task.cancel()
    for task in [*walls, *([killer] if killer else [])]:
        task.cancel()
    for line in server[1:]:
        print(line)
    if sampler:
        sampler.cancel()
        print(
            "PostgreSQL connections, peak by state: "
            + ", ".join(f"{k} {n}" for k, n in sorted(peak.items()))
        )
    cpu = _cpu_s(server[0].pid) + sum(_cpu_s(c) for c in _children(server[0].pid))  # type: ignore[attr-defined]
    requests = sum(len(v) for v in stats.took.values()) + sum(stats.failed.values())
    print(f"CPU: server {cpu:.1f} s since its last start ({1000 * cpu / max(1, requests):.1f} ms "
          f"per request, {requests} requests), over {time.monotonic() - began:.0f} s")  # fmt: skip
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server[0].pid, signal.SIGKILL)  # type: ignore[attr-defined]
    return stats


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] * 1000 if ordered else 0.0


def _report(stats: Stats, check: dict[str, object], args: argparse.Namespace) -> None:
    print(f"{'request':16} {'n':>6} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'failed':>7}")
    kinds = sorted(set(stats.took) | {k.rsplit(" ", 1)[0] for k in stats.failed})
    for kind in kinds:
        took, failed = (
            stats.took.get(kind, []),
            sum(n for k, n in stats.failed.items() if k.rsplit(" ", 1)[0] == kind),
        )
        print(f"{kind:16} {len(took):6d} {_pct(took, 50):8.1f} {_pct(took, 95):8.1f} "
              f"{_pct(took, 99):8.1f} {failed:7d}")  # fmt: skip
    print(
        "failures: " + (", ".join(f"{k} ×{n}" for k, n in sorted(stats.failed.items())) or "none")
    )
    print(
        "dropped streams: " + (", ".join(f"{k} ×{n}" for k, n in stats.dropped.items()) or "none")
    )
    to_wall = [stats.seen[i] - sent for i, sent in stats.acked.items() if i in stats.seen]
    total = [t for _s, t in stats.ack_total]
    print(f"post-its acknowledged {len(stats.acked)} of {args.phones * 3}; first send to ack "
          f"p50 {_pct(total, 50):.0f} p99 {_pct(total, 99):.0f} max {_pct(total, 100):.0f} ms")  # fmt: skip
    if stats.killed_at:
        around = [t for s, t in stats.ack_total if abs(s - stats.killed_at) < 5]
        print(f"posts sent within 5 s of the kill: {len(around)}, slowest ack "
              f"{max(around, default=0):.2f} s (target <= 2 s)")  # fmt: skip
    print(f"post-to-wall ms: p50 {_pct(to_wall, 50):.0f}  p95 {_pct(to_wall, 95):.0f}  "
          f"p99 {_pct(to_wall, 99):.0f}  (target p99 <= 1000)")  # fmt: skip
    stored = set(check["ids"])  # type: ignore[arg-type]
    lost_db = [i for i in stats.acked if i not in stored]
    lost_wall = [i for i in stats.acked if i not in stats.seen] if args.walls else []
    print(f"lost: {len(lost_db)} acknowledged but not stored, {len(lost_wall)} never on a wall")
    print(f"duplicated: {check['duplicated_texts']} texts stored more than once; "
          f"{len(stored)} rows; attendance {check['attendance']}, present {check['present']}")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument("--rate", type=float, default=50.0, help="phones arriving per second")
    parser.add_argument("--think", type=float, default=10.0, help="mean seconds between posts")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--walls", type=int, default=1, help="wall clients listening")
    parser.add_argument("--postgres", action="store_true", help="on a throwaway PostgreSQL")
    parser.add_argument("--kill", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--kill-at", type=float, default=20.0, help="seconds into the run")
    args = parser.parse_args()
    with socket.socket() as s:
        s.bind((HOST, 0))
        args.port = int(s.getsockname()[1])
    env = {**os.environ, "INSPRAAK_DATA_DIR": tempfile.mkdtemp(prefix="live-bench-")}
    # Every phone here shares one loopback address: a room this size behind one router
    # joins over minutes, not 10 seconds, so the per-address limits are lifted (and said).
    env.update(INSPRAAK_LIVE_RATE_PER_IP_MIN="1000000", INSPRAAK_LIVE_JOIN_BURST="1000000",
               INSPRAAK_LOG_LEVEL="WARNING", OMP_NUM_THREADS="1")  # fmt: skip
    cluster = postgres_start(env) if args.postgres else None
    try:
        database = "PostgreSQL (max_connections=100)" if env.get("DATABASE_URL") else "SQLite"
        print(f"{args.phones} phones at {args.rate:.0f}/s, think {args.think:.0f} s, {database}, "
              f"{args.workers} worker(s), {os.cpu_count()} cores; per-address limits lifted")  # fmt: skip
        cfg = django_run("--setup", env)
        stats = asyncio.run(_run(args, env, cfg))
        check = django_run("--check", {**env, "BENCH_SESSION": str(cfg["session"])})
        _report(stats, check, args)
        errors = (Path(env["INSPRAAK_DATA_DIR"]) / "server.log").read_text(errors="replace")
        print(f"server log: {errors.count('Traceback')} tracebacks "
              f"({Path(env['INSPRAAK_DATA_DIR']) / 'server.log'})")  # fmt: skip
    finally:
        if cluster:
            postgres_stop(cluster)


if __name__ == "__main__":
    main()
