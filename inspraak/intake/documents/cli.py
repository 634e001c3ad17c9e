# SPDX-License-Identifier: EUPL-1.2
"""`inspraak import document`: parse options, call the document service, report.

Attached to the `import` group in inspraak/cli/data.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from inspraak.intake.cli import CONSULTATION_HELP, FILE, django_setup, rejected_error, slug_checked


def preview_lines(document: Any, round_title: str = "") -> list[str]:
    """The preview as an indented tree: round, sessions, themes, points with stated support."""
    lines = [f"{round_title or document.round_title or '(round)'}"]
    for session in document.sessions:
        lines.append(f"  {session.title}" + ("  [skipped]" if session.skip else ""))
        for theme, points in session.themes():
            indent = "    "
            if theme:
                lines.append(f"    {theme}")
                indent = "      "
            for point in points:
                where = f"line {point.line}" if point.line else f"page {point.page or '?'}"
                support = f" [{point.support}: “{point.phrase}”]" if point.support else ""
                lines.append(f"{indent}- {point.text[:100]}{support} ({where})")
    return lines


@click.command("document")
@click.argument("file", type=FILE)
@click.option("--consultation", "slug", required=True, help=CONSULTATION_HELP)
@click.option(
    "--round", "round_title", default="", help="Round to import into; default: the title."
)
@click.option("--dry-run", is_flag=True, help="Print the preview as a tree and store nothing.")
def import_document(file: Path, slug: str, round_title: str, dry_run: bool) -> None:
    """Import an outcome report (Markdown, DOCX or PDF) as a round of summaries.

    Headings "Sessie …" become sessions, sub-headings themes, paragraphs and bullets
    points, with support the text states ("unaniem", "breed", …) recognised. See
    docs/documents.md. Importing the same file twice adds nothing.
    """
    django_setup()
    from django.core.exceptions import ValidationError

    from inspraak.intake.documents.services import document_import, document_read
    from inspraak.intake.files import FileRejected

    slug_checked(slug)
    try:
        document = document_read(data=file.read_bytes(), file_name=file.name)
        if dry_run:
            click.echo("\n".join(preview_lines(document, round_title)))
            return
        result = document_import(
            document=document, consultation_slug=slug, round_title=round_title, actor="cli"
        )
    except FileRejected as rejected:
        raise rejected_error(rejected, file.name) from None
    except ValidationError as error:
        raise click.ClickException(" ".join(error.messages)) from None
    click.echo(
        f"{result.created} points imported into round {result.round_title!r}, "
        f"{result.skipped} already present (sessions: {', '.join(result.sessions)})."
    )
