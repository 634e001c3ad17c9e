# SPDX-License-Identifier: EUPL-1.2
"""`inspraak import polis`: a Pol.is export folder as statements, participants and votes."""

from __future__ import annotations

from pathlib import Path

import click

from inspraak.intake.cli import CONSULTATION_HELP, django_setup


@click.command("polis")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option(
    "--consultation",
    "slug",
    required=True,
    help=CONSULTATION_HELP,
)
def import_polis(folder: Path, slug: str) -> None:
    """Import a Pol.is export folder (comments.csv, votes.csv) as statements, participants and votes."""
    django_setup()
    from inspraak.consultations.services import consultation_for_import
    from inspraak.intake.polis.services import polis_import
    from inspraak_analysis.polis_export import PolisExportError

    try:
        consultation = consultation_for_import(
            consultation=None, slug=slug, title=folder.name, actor="cli"
        )
        result = polis_import(consultation=consultation, path=folder, actor="cli")
    except PolisExportError as error:
        raise click.ClickException(str(error)) from None
    click.echo(
        f"{result.statements_created} statements, {result.participants_created} participants and "
        f"{result.votes_created} votes imported; {result.votes_updated} votes updated."
    )
