# SPDX-License-Identifier: EUPL-1.2
"""The `inspraak` command: thin wrappers that parse, call a service and report.

The commands live in the modules beside this one, by subject; this module holds
the group and the helpers they share.

Django is set up lazily, inside each command, so `demo` can point the process at
its own database first and `--help` works without a database.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from inspraak import __version__
from inspraak.intake.cli import consultation_existing, django_setup

_django = django_setup


def _migrate(verbosity: int = 0) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=verbosity)


_consultation = consultation_existing


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="inspraak")
def main() -> None:
    """inspraak: turn the input of many people into a programme.

    Settings come from the environment (see .env.example); the database is SQLite
    in INSPRAAK_DATA_DIR unless DATABASE_URL points at PostgreSQL.
    """


def _emit(text: str, out: Path | None, *, done: str = "") -> None:
    """Write a command's result to `out`, or to standard output when none is given."""
    if out is None:
        click.echo(text, nl=False)
        return
    out.write_text(text, encoding="utf-8")
    click.echo(done or f"Written to {out}.", err=True)


def out_option(help_text: str = "File to write; standard output when left out.") -> Any:
    return click.option(
        "--out", type=click.Path(dir_okay=False, path_type=Path), default=None, help=help_text
    )


# The commands register themselves on `main` when their modules load.
from inspraak.cli import analysis, data, decisions, platform, privacy  # noqa: E402, F401

if __name__ == "__main__":  # pragma: no cover
    main()
