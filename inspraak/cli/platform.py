# SPDX-License-Identifier: EUPL-1.2
"""Commands to install, serve and demonstrate inspraak, and to manage accounts."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from inspraak.cli import _consultation, _django, _migrate, main


@main.command()
def migrate() -> None:
    """Create or update the database tables."""
    _django()
    _migrate(verbosity=1)


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    help="Worker processes (PostgreSQL only; SQLite serves from one).",
)
@click.option(
    "--migrate/--no-migrate",
    "run_migrate",
    default=True,
    show_default=True,
    help="Apply migrations before serving.",
)
def serve(host: str, port: int, workers: int, run_migrate: bool) -> None:
    """Serve inspraak with the uvicorn ASGI server."""
    _django()
    if run_migrate:
        _migrate()
    _serve(host, port, workers)


def _serve(host: str, port: int, workers: int) -> None:
    import uvicorn
    from django.conf import settings

    if workers > 1 and settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        click.echo("SQLite serves from one process; using 1 worker.", err=True)
        workers = 1
    uvicorn.run(
        "config.asgi:application",
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        # Only these proxies' X-Forwarded-For is believed; inspraak.core.clientaddr agrees.
        forwarded_allow_ips=settings.INSPRAAK_TRUSTED_PROXIES,
        log_level="info",
        lifespan="off",
        # Walls and phones hold event streams open; don't wait minutes for them on stop.
        timeout_graceful_shutdown=5,
    )


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, help="Port to listen on.")
@click.option(
    "--password", default=None, help="Password for the demo accounts (generated when left out)."
)
@click.option(
    "--serve/--no-serve",
    "do_serve",
    default=True,
    show_default=True,
    help="Serve the demo after loading it.",
)
def demo(host: str, port: int, password: str | None, do_serve: bool) -> None:
    """Load a fresh demo consultation into its own SQLite database and serve it.

    The demo lives in INSPRAAK_DATA_DIR/demo and never touches your own database.
    """
    base = Path(os.environ.get("INSPRAAK_DATA_DIR", "data")).expanduser().resolve()
    demo_dir = base / "demo"
    demo_dir.mkdir(parents=True, exist_ok=True)
    for name in ("inspraak.sqlite3", "inspraak.sqlite3-wal", "inspraak.sqlite3-shm"):
        (demo_dir / name).unlink(missing_ok=True)
    os.environ["INSPRAAK_DATA_DIR"] = str(demo_dir)
    os.environ.pop("DATABASE_URL", None)
    _django()
    from inspraak.demo.loader import demo_load

    click.echo(f"Creating the demo database in {demo_dir} …")
    _migrate()
    info = demo_load(password=password)
    click.echo(info.summary)
    click.echo(
        f"\nOpen http://{host}:{port}/ and log in as organiser: {info.organiser} / {info.password}"
    )
    click.echo(f"A facilitator of one session: {info.facilitator} / {info.password}")
    click.echo(
        f"The published report, for anyone with the link: http://{host}:{port}{info.report_path}"
    )
    click.echo(
        f"The decisions, public: http://{host}:{port}/verantwoording/{info.consultation.slug}/"
    )
    click.echo(
        f"One participant's own page (what became of their input): "
        f"http://{host}:{port}{info.own_path}\n"
    )
    sys.stdout.flush()
    if do_serve:
        _serve(host, port, 1)


@main.command("create-organiser")
@click.argument("username")
@click.option("--email", default="", help="E-mail address of the account (optional).")
@click.option(
    "--password",
    prompt=True,
    hide_input=True,
    confirmation_prompt=True,
    envvar="INSPRAAK_ORGANISER_PASSWORD",
    help="Password; asked for when left out (or from INSPRAAK_ORGANISER_PASSWORD).",
)
@click.option(
    "--consultation",
    "slugs",
    multiple=True,
    help="Short name of a consultation this person organises (repeatable).",
)
def create_organiser(username: str, email: str, password: str, slugs: tuple[str, ...]) -> None:
    """Create an organiser account, optionally for given consultations."""
    _django()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from inspraak.consultations.services import user_create_organiser

    consultations = tuple(_consultation(slug) for slug in slugs)
    try:
        validate_password(password)
        user_create_organiser(
            username=username, password=password, email=email, consultations=consultations
        )
    except ValidationError as error:
        raise click.ClickException(" ".join(error.messages)) from None
    click.echo(f"Organiser {username} created.")
