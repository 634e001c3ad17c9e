# SPDX-License-Identifier: EUPL-1.2
"""What every channel's command shares: Django set-up, the file argument, slug checks, errors.

The channel commands live with their channel (`inspraak.intake.<channel>.cli`); the
`inspraak` group in inspraak/cli attaches them. Nothing here imports inspraak.cli, so
the imports run one way only.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)
CONSULTATION_HELP = "Short name of the consultation; created when it does not exist."


def django_setup() -> None:
    """Set Django up inside a command, so `--help` works without a database."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def consultation_existing(slug: str) -> Any:
    from inspraak.consultations.models import Consultation

    try:
        return Consultation.objects.get(slug=slug)
    except Consultation.DoesNotExist:
        raise click.ClickException(f"no consultation with short name {slug!r}") from None


def slug_checked(slug: str) -> None:
    from django.utils.text import slugify

    if slugify(slug) != slug:
        raise click.ClickException(f"{slug!r} is not a valid short name; try {slugify(slug)!r}")


def rejected_error(rejected: Any, file_name: str) -> click.ClickException:
    for message in rejected.messages:
        click.echo(message, err=True)
    return click.ClickException(
        f"nothing imported: {len(rejected.problems)} problem(s) in {file_name}"
    )


def import_result_echo(result: Any) -> None:
    """What a CSV or spreadsheet import did, in one line (both share ImportResult)."""
    click.echo(
        f"{result.created} contributions imported, {result.skipped} already present "
        f"({result.rows} rows; sessions: {', '.join(result.sessions)})."
        + (f" {result.erased} rows of erased participants left out." if result.erased else "")
    )
