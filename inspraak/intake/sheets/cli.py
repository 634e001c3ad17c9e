# SPDX-License-Identifier: EUPL-1.2
"""`inspraak import sheet`: the columns named on the command line, then the sheet import."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from inspraak.intake.cli import (
    CONSULTATION_HELP,
    FILE,
    django_setup,
    import_result_echo,
    rejected_error,
    slug_checked,
)


@click.command("sheet")
@click.argument("file", type=FILE)
@click.option("--consultation", "slug", required=True, help=CONSULTATION_HELP)
@click.option("--text", "text", required=True, help="Column holding the contribution's text.")
@click.option("--participant", required=True, help="Column naming who gave it.")
@click.option("--session", required=True, help="Column naming the session.")
@click.option("--kind", default="", help="Column with the kind (probleem, idee, …).")
@click.option("--created-at", default="", help="Column with when it was written.")
@click.option("--discussed", default="", help="Column saying whether it was discussed (ja/nee).")
@click.option(
    "--attribute", "attributes", multiple=True, help="Column to keep as a participant attribute."
)
@click.option("--sheet", default="", help="Sheet of the workbook; default: the first.")
@click.option("--round", "round_title", default="", help="Round to import into.")
@click.option("--dry-run", is_flag=True, help="Check every row and store nothing.")
def import_sheet(
    file: Path, slug: str, sheet: str, round_title: str, dry_run: bool, **columns: Any
) -> None:
    """Import contributions from a spreadsheet (XLSX or CSV) whose columns you name.

    Columns are named by their header. Rows are checked and stored exactly as by
    `inspraak import contributions`: a bad row imports nothing; twice adds nothing.
    """
    django_setup()
    from django.core.exceptions import ValidationError

    from inspraak.intake.files import FileRejected
    from inspraak.intake.sheets.services import Mapping, sheet_import, sheet_read, sheet_validate

    slug_checked(slug)
    mapping = Mapping(**{**columns, "attributes": list(columns["attributes"])})
    try:
        table = sheet_read(data=file.read_bytes(), file_name=file.name, sheet=sheet)
        if dry_run:
            rows = sheet_validate(table=table, mapping=mapping)
            click.echo(f"{len(rows)} rows are valid; nothing stored.")
            return
        result = sheet_import(
            table=table,
            mapping=mapping,
            consultation_slug=slug,
            round_title=round_title,
            actor="cli",
        )
    except FileRejected as rejected:
        raise rejected_error(rejected, file.name) from None
    except ValidationError as error:
        raise click.ClickException(" ".join(error.messages)) from None
    import_result_echo(result)
