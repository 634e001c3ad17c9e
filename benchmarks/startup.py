# SPDX-License-Identifier: EUPL-1.2
"""A restarted server: how long until it accepts connections, and its first answers.

Starts `inspraak serve --no-migrate` on a migrated SQLite database, polls the port,
then times the first request to /healthz, the login page and a consultation page's
redirect. Target (issue 11.6): a restarted server answers its first request in < 0.5 s.
The URLconf (with every view) is loaded before the port opens (config/asgi.py), and
the analysis libraries load only when an analysis runs, so both figures matter.

Run: .venv/bin/python benchmarks/startup.py [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSPRAAK = ROOT / ".venv" / "bin" / "inspraak"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_open(port: int, limit_s: float = 120) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit_s:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return time.perf_counter() - started
        time.sleep(0.02)
    raise SystemExit("the server did not open its port")


def timed_get(url: str) -> tuple[float, int]:
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    return time.perf_counter() - started, status


def one_run(env: dict[str, str]) -> None:
    port = free_port()
    started = time.perf_counter()
    server = subprocess.Popen(
        [str(INSPRAAK), "serve", "--port", str(port), "--no-migrate"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_open(port)
        opened = time.perf_counter() - started
        base = f"http://127.0.0.1:{port}"
        firsts = [(path, *timed_get(base + path)) for path in ("/healthz", "/login/", "/c/demo/")]
        line = ", ".join(
            f"{path} {seconds * 1000:.0f} ms ({status})" for path, seconds, status in firsts
        )
        print(f"port open after {opened:.2f} s; first requests: {line}")
    finally:
        server.terminate()
        server.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = tempfile.mkdtemp()
    env = {**os.environ, "INSPRAAK_DATA_DIR": data, "OMP_NUM_THREADS": "1"}
    subprocess.run([str(INSPRAAK), "migrate"], env=env, check=True, capture_output=True)
    print(f"python {sys.version.split()[0]}, OMP_NUM_THREADS=1, SQLite in {data}")
    for _run in range(args.runs):
        one_run(env)


if __name__ == "__main__":
    main()
