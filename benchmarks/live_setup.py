# SPDX-License-Identifier: EUPL-1.2
"""The live load benchmark's set-up and check (run inside Django, in a subprocess),
and a throwaway PostgreSQL cluster on loopback (as ./dev's postgres_start does)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def django_run(action: str, env: dict[str, str]) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, __file__, action], env=env, cwd=REPO, capture_output=True, text=True
    )
    if out.returncode:
        sys.exit(out.stderr)
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _setup() -> dict[str, object]:
    import uuid

    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client as DjangoClient

    from inspraak.consultations import services as cs
    from inspraak.live import poll_services, services

    call_command("migrate", interactive=False, verbosity=0)
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
    wall = f"/c/{name}/sessions/{session.pk}/live/"
    return {
        "code": live.code,
        "poll": poll.pk,
        "wall": wall + "events/",
        "board": wall + "board/",
        "counts": wall + "counts/",
        "sessionid": client.cookies["sessionid"].value,
        "session": session.pk,
    }


def _check() -> dict[str, object]:
    from django.db.models import Count

    from inspraak.consultations.models import Contribution, Session
    from inspraak.consultations.services import session_present

    session = Session.objects.get(pk=int(os.environ["BENCH_SESSION"]))
    rows = Contribution.objects.filter(session=session)
    dup = rows.values("text").annotate(n=Count("pk")).filter(n__gt=1).count()
    return {
        "ids": list(rows.values_list("pk", flat=True)),
        "duplicated_texts": dup,
        "attendance": session.attendances.count(),
        "present": session_present(session),
    }


def postgres_start(env: dict[str, str]) -> dict[str, str]:
    """initdb + pg_ctl start as the postgres user; sets DATABASE_URL in `env`."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin"))
    if not bins:
        sys.exit("PostgreSQL is not installed (apt-get install postgresql)")
    folder = tempfile.mkdtemp(prefix="live-bench-pg-")
    os.chmod(folder, 0o755)  # noqa: S103  the postgres user must reach its data folder
    shutil.chown(folder, "postgres")
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = str(s.getsockname()[1])
    run = ["runuser", "-u", "postgres", "--"]
    subprocess.run([*run, f"{bins[-1]}/initdb", "-D", f"{folder}/data", "-A", "trust",
                    "-U", "postgres"], check=True, capture_output=True)  # fmt: skip
    options = f"-k {folder} -p {port} -c listen_addresses=127.0.0.1 -c max_connections=100"
    subprocess.run([*run, f"{bins[-1]}/pg_ctl", "-D", f"{folder}/data", "-l", f"{folder}/log",
                    "-w", "-o", options, "start"], check=True, capture_output=True)  # fmt: skip
    env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:{port}/postgres"
    return {"folder": folder, "pg_ctl": f"{bins[-1]}/pg_ctl"}


def postgres_stop(cluster: dict[str, str]) -> None:
    log = Path(cluster["folder"]) / "log"
    text = log.read_text(errors="replace") if log.exists() else ""
    print(f"PostgreSQL log: {text.count('too many clients')} 'too many clients' refusals")
    subprocess.run(["runuser", "-u", "postgres", "--", cluster["pg_ctl"], "-D",
                    f"{cluster['folder']}/data", "-m", "fast", "stop"], capture_output=True)  # fmt: skip
    shutil.rmtree(cluster["folder"], ignore_errors=True)


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    print(json.dumps(_setup() if sys.argv[1] == "--setup" else _check()))
