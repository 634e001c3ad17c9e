# SPDX-License-Identifier: EUPL-1.2
"""Load: N phones on one live wall against the real server, killed and restarted mid-run.

Starts `inspraak serve` (uvicorn, production settings) on loopback in a fresh data
folder, opens a live session with a statement vote, then simulates N phones
(default 500) that join, post 3 post-its with think times over about a minute and
vote, while 2 wall clients listen on the event stream. Halfway the server gets
SIGKILL and is restarted; phones retry with the same client ids and walls
reconnect with Last-Event-ID. Prints p50/p95/p99 acknowledgement latency, p99
post-to-wall time, and lost/duplicated post-its checked in the database.
Targets (issue 5, 2 cores): p99 ack <= 150 ms, p99 post-to-wall <= 1 s, 0 lost, 0 dup.

Run: python benchmarks/live_load.py [--phones 500] [--duration 60] [--no-kill] [--timeline]
     DATABASE_URL=postgres://... python benchmarks/live_load.py --workers 2
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.live_http import Client  # noqa: E402

HOST = "127.0.0.1"


def _inside_django(action: str) -> None:
    """Run in a subprocess with the benchmark's environment: set up, or check the result."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    if action == "--setup":
        print(json.dumps(_setup()))
    else:
        print(json.dumps(_check()))


def _setup() -> dict[str, object]:
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client as DjangoClient

    from inspraak.consultations import services as cs
    from inspraak.live import poll_services, services

    call_command("migrate", interactive=False, verbosity=0)
    if os.environ.get("BENCH_WAL"):
        from django.db import connection

        with connection.cursor() as cursor:  # persists in the database file
            cursor.execute("PRAGMA journal_mode=WAL")
    name = f"bench{uuid.uuid4().hex[:8]}"
    user = get_user_model().objects.create_user(username=name, password=uuid.uuid4().hex)
    consultation = cs.consultation_create(title=name, slug=name, actor=user)
    round_ = cs.round_get_or_create(consultation=consultation, title="Ronde")
    session = cs.session_get_or_create(round=round_, title="Zaal")
    cs.prompt_get_or_create(session=session, text="Schrijf drie problemen op")
    live = services.live_open(session=session, actor=user)
    poll = poll_services.poll_open(live=live, text="Eens?", actor=user)
    client = DjangoClient()
    client.force_login(user)
    return {
        "code": live.code,
        "poll": poll.pk,
        "wall": f"/c/{name}/sessions/{session.pk}/live/events/",
        "sessionid": client.cookies["sessionid"].value,
        "session": session.pk,
    }


def _check() -> dict[str, object]:
    from django.db.models import Count

    from inspraak.consultations.models import Contribution

    session = int(os.environ["BENCH_SESSION"])
    rows = Contribution.objects.filter(session_id=session)
    dup = rows.values("text").annotate(n=Count("pk")).filter(n__gt=1).count()
    return {"ids": list(rows.values_list("pk", flat=True)), "duplicated_texts": dup}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _django_run(action: str, env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, action], env=env, cwd=REPO, capture_output=True, text=True
    )
    if out.returncode:
        sys.exit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _server_start(env: dict[str, str], port: int, workers: int) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "inspraak.cli", "serve", "--no-migrate"]
    command += ["--host", HOST, "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(
        command, env=env, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with socket.create_connection((HOST, port), timeout=0.2):
                return proc
        except OSError:
            time.sleep(0.1)
    sys.exit("server did not start")


@dataclass
class Stats:
    acks: list[float] = field(default_factory=list)
    timeline: list[tuple[str, float, float]] = field(default_factory=list)  # kind, sent, s
    acked: dict[int, float] = field(default_factory=dict)  # post id → time sent
    seen: dict[int, float] = field(default_factory=dict)  # post id → first seen on a wall
    retries: int = 0
    refused: int = 0
    votes: int = 0


async def _write(client: Client, path: str, form: dict[str, str], stats: Stats) -> object:
    """POST until the server answers (same body, so a retried post-it is the same one)."""
    for attempt in range(40):
        sent = time.monotonic()
        try:
            response = await client.request("POST", path, form=form, Accept="application/json")
        except ConnectionError:
            stats.retries += 1
            await asyncio.sleep(min(0.25 * 2**attempt, 2.0))
            continue
        if response.status >= 500 or response.status == 429:
            stats.retries += 1
            await asyncio.sleep(0.5)
            continue
        kind = "vote" if "/votes/" in path else path.rstrip("/").rsplit("/", 1)[-1]
        stats.timeline.append((kind, sent, time.monotonic() - sent))
        return response, sent
    return None, 0.0


async def _phone(n: int, cfg: dict[str, object], args: argparse.Namespace, stats: Stats) -> None:
    client = Client(HOST, args.port)
    await asyncio.sleep(random.uniform(0, args.duration * 0.2))
    code = cfg["code"]
    for _attempt in range(40):
        try:
            sent = time.monotonic()
            page = await client.request("GET", f"/j/{code}/")
            stats.timeline.append(("page", sent, time.monotonic() - sent))
            break
        except ConnectionError:
            await asyncio.sleep(0.5)
    token = page.csrf()
    await _write(client, f"/j/{code}/join/", {"csrfmiddlewaretoken": token}, stats)
    for j in range(3):
        await asyncio.sleep(random.uniform(args.duration * 0.05, args.duration * 0.25))
        form = {"csrfmiddlewaretoken": token, "client_id": str(uuid.uuid4())}
        form["text"] = f"telefoon {n} punt {j}: betaalbare woningen en meer groen"
        response, sent = await _write(client, f"/j/{code}/post/", form, stats)
        if response is not None and response.status in (200, 201):
            stats.acks.append(time.monotonic() - sent)
            stats.acked[response.json()["id"]] = sent
        else:
            stats.refused += 1
    vote = {"csrfmiddlewaretoken": token, "value": random.choice(["agree", "disagree", "pass"])}
    response, _sent = await _write(client, f"/j/{code}/votes/{cfg['poll']}/", vote, stats)
    stats.votes += response is not None and response.status == 200
    await client.close()


async def _wall(cfg: dict[str, object], args: argparse.Namespace, stats: Stats) -> None:
    client, last = Client(HOST, args.port), 0
    client.cookies["sessionid"] = str(cfg["sessionid"])
    while True:
        try:
            async for seq, kind, data in client.events(str(cfg["wall"]), last):
                last = seq
                if kind == "postit_created":
                    stats.seen.setdefault(json.loads(data)["id"], time.monotonic())
        except (ConnectionError, OSError, ValueError, asyncio.IncompleteReadError):
            await asyncio.sleep(0.3)


async def _killer(env: dict[str, str], args: argparse.Namespace, server: list[object]) -> None:
    await asyncio.sleep(args.duration * 0.5)
    proc = server[0]
    os.killpg(proc.pid, signal.SIGKILL)  # type: ignore[attr-defined]
    proc.wait()  # type: ignore[attr-defined]
    started = time.monotonic()
    server[0] = await asyncio.to_thread(_server_start, env, args.port, args.workers)
    server.append(time.monotonic() - started)


def _pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] * 1000 if ordered else 0.0


async def _run(args: argparse.Namespace, env: dict[str, str], cfg: dict[str, object]) -> Stats:
    stats, server = Stats(), [_server_start(env, args.port, args.workers)]
    walls = [asyncio.create_task(_wall(cfg, args, stats)) for _i in range(args.walls)]
    killer = asyncio.create_task(_killer(env, args, server)) if args.kill else None
    began = time.monotonic()
    await asyncio.gather(*(_phone(n, cfg, args, stats) for n in range(args.phones)))
    print(f"phones done in {time.monotonic() - began:.1f} s")
    if args.timeline:
        _timeline(stats, began)
    deadline = time.monotonic() + 10
    while args.walls and set(stats.acked) - set(stats.seen) and time.monotonic() < deadline:
        await asyncio.sleep(0.2)
    for task in [*walls, *([killer] if killer else [])]:
        task.cancel()
    if len(server) > 1:
        print(f"server killed (SIGKILL) at {args.duration * 0.5:.0f} s, back in {server[1]:.1f} s")
    used = _cpu_s(server[0].pid)  # type: ignore[attr-defined]
    print(f"CPU: server {used:.1f} s (since its last start), load generator "
          f"{time.process_time():.1f} s, over {time.monotonic() - began:.0f} s")  # fmt: skip
    os.killpg(server[0].pid, signal.SIGKILL)  # type: ignore[attr-defined]
    return stats


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of a process (Linux /proc; 0 elsewhere)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _timeline(stats: Stats, began: float, step: float = 5.0) -> None:
    """Requests per window of `step` seconds: how many, and their p50/p99 latency by kind."""
    print(f"timeline ({step:.0f} s windows): requests/s, p50/p99 ms per kind (page join post vote)")
    windows: dict[int, list[tuple[str, float]]] = {}
    for kind, sent, took in stats.timeline:
        windows.setdefault(int((sent - began) // step), []).append((kind, took))
    for w in sorted(windows):
        rows = windows[w]
        parts = []
        for kind in ("page", "join", "post", "vote"):
            took = [t for k, t in rows if k == kind]
            if took:
                parts.append(f"{kind} {len(took):4d} {_pct(took, 50):5.0f}/{_pct(took, 99):5.0f}")
        print(f"  {w * step:4.0f} s {len(rows) / step:5.1f}/s  " + "  ".join(parts))


def _report(stats: Stats, check: dict[str, object], args: argparse.Namespace) -> None:
    to_wall = [stats.seen[i] - sent for i, sent in stats.acked.items() if i in stats.seen]
    stored = set(check["ids"])  # type: ignore[arg-type]
    lost_db = [i for i in stats.acked if i not in stored]
    lost_wall = [i for i in stats.acked if i not in stats.seen]
    print(
        f"post-its acknowledged: {len(stats.acked)} of {args.phones * 3}; refused {stats.refused}"
    )
    print(f"retries (connection errors, 5xx, 429): {stats.retries}; votes counted: {stats.votes}")
    print(
        "ack latency ms: p50 {:.1f}  p95 {:.1f}  p99 {:.1f}  (target p99 <= 150)".format(
            *(_pct(stats.acks, p) for p in (50, 95, 99))
        )
    )
    print(
        f"post-to-wall ms: p50 {_pct(to_wall, 50):.0f}  p99 {_pct(to_wall, 99):.0f}  (target <= 1000)"
    )
    print(f"lost: {len(lost_db)} acknowledged but not stored, {len(lost_wall)} never on a wall")
    print(
        f"duplicated: {check['duplicated_texts']} texts stored more than once; rows {len(stored)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--phones", type=int, default=500)
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of posting")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--walls", type=int, default=2, help="wall clients listening")
    parser.add_argument(
        "--sqlite-wal", action="store_true", help="switch the SQLite file to WAL journal mode"
    )
    parser.add_argument("--kill", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--timeline", action="store_true", help="latency per 5 s window")
    args = parser.parse_args()
    args.port = _free_port()
    env = {**os.environ, "INSPRAAK_DATA_DIR": tempfile.mkdtemp(prefix="live-bench-")}
    # Every phone shares loopback: the per-address limit is for a venue router, not this.
    env.update(INSPRAAK_LIVE_RATE_PER_IP_MIN="1000000", INSPRAAK_LOG_LEVEL="WARNING")
    if args.sqlite_wal:
        env["BENCH_WAL"] = "1"
    database = "PostgreSQL" if env.get("DATABASE_URL") else "SQLite"
    database += " (WAL)" if args.sqlite_wal else ""
    print(f"{args.phones} phones, {args.duration:.0f} s, {database}, {args.workers} worker(s), "
          f"{os.cpu_count()} cores")  # fmt: skip
    cfg = _django_run("--setup", env)
    stats = asyncio.run(_run(args, env, cfg))
    check = _django_run("--check", {**env, "BENCH_SESSION": str(cfg["session"])})
    _report(stats, check, args)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("--setup", "--check"):
        _inside_django(sys.argv[1])
    else:
        main()
