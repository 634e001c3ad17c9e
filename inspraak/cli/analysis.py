# SPDX-License-Identifier: EUPL-1.2
"""Commands that make sense of input: themes, opinion groups, the report."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from inspraak.cli import _consultation, _django, _emit, main, out_option


@main.command()
@click.argument(
    "folder", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path)
)
@click.option(
    "--consultation",
    "slug",
    default="",
    help="Compute on the stored votes of this consultation (and store the run) instead of a folder.",
)
@click.option(
    "--session",
    "session_title",
    default="",
    help="With --consultation: only the statements of this session.",
)
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="JSON file to write; standard output when left out.",
)
def opinions(folder: Path | None, slug: str, session_title: str, out: Path | None) -> None:
    """Opinion groups and consensus from votes (the Pol.is method; docs/opinions.md).

    FOLDER is a Pol.is export folder (comments.csv, votes.csv); no database is used.
    """
    if (folder is None) == (not slug):
        raise click.UsageError("give either a Pol.is export FOLDER or --consultation SLUG")
    if folder is not None:
        from inspraak_analysis.opinions import compute_opinions, result_to_json
        from inspraak_analysis.polis_export import PolisExportError, read_polis_export

        try:
            export = read_polis_export(folder, with_participants=False)
        except PolisExportError as error:
            raise click.ClickException(str(error)) from None
        data = result_to_json(compute_opinions(export.votes, statements=export.statements))
    else:
        data = _opinions_stored(slug, session_title)
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    summary = data["summary"]
    _emit(
        text,
        out,
        done=f"{summary['participants_in_groups']} of {summary['participants']} participants in "
        f"{summary['groups']} groups; written to {out}.",
    )


def _opinions_stored(slug: str, session_title: str) -> dict[str, Any]:
    _django()
    from inspraak.sensemaking.opinions import opinions_compute

    consultation = _consultation(slug)
    session = None
    if session_title:
        from inspraak.consultations.models import Session

        session = Session.objects.filter(
            round__consultation=consultation, title=session_title
        ).first()
        if session is None:
            raise click.ClickException(f"no session {session_title!r} in {slug!r}")
    return dict(opinions_compute(consultation=consultation, session=session, actor="cli").result)


def _present_option(text: str) -> dict[str, int]:
    present: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        name, _, number = part.rpartition("=")
        if not name or not number.strip().isdigit():
            raise click.BadParameter(
                f'{part!r}: write SESSION=NUMBER, e.g. "Zorg=7"', param_hint="--present"
            )
        present[name.strip()] = int(number)
    return present


def csv_or_consultation(consultation_help: str, round_help: str) -> Any:
    """FILE (a CSV in the import format) or --consultation with --round: one of the two."""

    def decorate(command: Any) -> Any:
        command = click.option("--round", "round_title", default="", help=round_help)(command)
        command = click.option("--consultation", "slug", default="", help=consultation_help)(
            command
        )
        return click.argument(
            "file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path)
        )(command)

    return decorate


def _one_source(file: Path | None, slug: str) -> None:
    if (file is None) == (not slug):
        raise click.UsageError("give either a CSV FILE or --consultation SLUG")


def _stored_round(slug: str, round_title: str) -> tuple[Any, Any]:
    """The consultation and the round to work on; a refusal becomes the command's error."""
    from inspraak.sensemaking.themes import AnalysisRefused, round_for_analysis

    consultation = _consultation(slug)
    try:
        return consultation, round_for_analysis(consultation=consultation, title=round_title)
    except AnalysisRefused as error:
        raise click.ClickException(str(error)) from None


class _StageBar:
    """A terminal progress bar over the engine's stages."""

    def __init__(self) -> None:
        self.bar: Any = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="analysing", file=sys.stderr)
            self.bar.__enter__()
        self.bar.label = f"{stage:<10}"
        self.bar.update(done - self.bar.pos)
        if done == total:
            self.bar.__exit__(None, None, None)


@main.command()
@csv_or_consultation(
    "Analyse the stored contributions of this consultation (and store the themes) instead of a file.",
    "With --consultation: the round to analyse (needed when there are several).",
)
@click.option(
    "--present",
    "present_text",
    default="",
    help='Participants present per session, e.g. "Zorg=7,Groen=9" (file mode; default: who contributed).',
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "md"]),
    default="json",
    show_default=True,
    help="Output format (docs/sensemaking.md).",
)
@out_option()
def analyse(
    file: Path | None, slug: str, round_title: str, present_text: str, fmt: str, out: Path | None
) -> None:
    """Themes, support, claims and what was not discussed (the sensemaking engine).

    FILE is a CSV in the import format (session, participant, text; optional kind,
    channel, created_at, discussed); no database is used. Rows in the result are the
    file's 1-based data rows.
    """
    _one_source(file, slug)
    if file is not None:
        text = _analyse_file(file, _present_option(present_text), fmt)
    else:
        text = _analyse_stored(slug, round_title, fmt)
    _emit(text, out)


def _analyse_file(file: Path, present: dict[str, int], fmt: str) -> str:
    from inspraak_analysis.csvinput import read_analysis_csv
    from inspraak_analysis.sensemaking import analyse as run_engine
    from inspraak_analysis.sensemaking import result_to_json, result_to_markdown

    try:
        contributions = read_analysis_csv(file)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    result = run_engine(contributions, present=present, progress=_StageBar())
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if fmt == "md":
        return result_to_markdown(result, row_of=lambda cid: cid)
    return (
        json.dumps(result_to_json(result, row_of=lambda cid: cid), ensure_ascii=False, indent=1)
        + "\n"
    )


def _analyse_stored(slug: str, round_title: str, fmt: str) -> str:
    _django()
    from inspraak.sensemaking.themes import themes_analyse

    consultation, round_ = _stored_round(slug, round_title)
    run = themes_analyse(consultation=consultation, round=round_, actor="cli", progress=_StageBar())
    leaves = run.themes.filter(is_leaf=True).count()
    click.echo(f"{leaves} themes stored for {round_.title}.", err=True)
    if fmt == "md":
        return "".join(
            f"- {t.label}: {t.support} ({t.participants}/{t.present})\n"
            for t in run.themes.filter(is_leaf=True)
        )
    return json.dumps(run.result, ensure_ascii=False, indent=1) + "\n"


@main.command()
@csv_or_consultation(
    "Report on a stored round of this consultation instead of a CSV file.",
    "With --consultation: the round (needed when there are several).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "pdf", "docx", "md"]),
    required=True,
    help="Report format.",
)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), required=True, help="File to write."
)
@click.option(
    "--present",
    "present_text",
    default="",
    help='File mode: participants present per session, e.g. "Zorg=7,Groen=9".',
)
@click.option(
    "--contact",
    default="",
    help="Where to send more input (e-mail address or form link), for the opening.",
)
@click.option(
    "--public",
    is_flag=True,
    help="Leave every participant's pseudonym or name out, as a published report does.",
)
@click.option(
    "--breakdown",
    default="",
    help="With --consultation: a participant attribute (such as role) to count each theme's carriers by.",
)
def report(
    file: Path | None,
    slug: str,
    round_title: str,
    fmt: str,
    out: Path,
    present_text: str,
    contact: str,
    public: bool,
    breakdown: str,
) -> None:
    """The outcome report: sessions, themes with support in words and numbers, every point sourced.

    FILE is a CSV in the import format, run through the analysis engine without a
    database; with --consultation the round's latest analysis is used.
    """
    _one_source(file, slug)
    _django()
    from inspraak.reports.build import report_build
    from inspraak.reports.render import render

    if file is not None:
        from inspraak.reports.inputs import report_input_from_csv

        try:
            inp = report_input_from_csv(file, present=_present_option(present_text))
        except ValueError as error:
            raise click.ClickException(str(error)) from None
        inp.contact = contact
    else:
        inp = _report_input_stored(slug, round_title, contact, breakdown)
    out.write_bytes(render(report_build(inp, public=public), fmt))
    click.echo(f"Report written to {out}.", err=True)


def _report_input_stored(slug: str, round_title: str, contact: str, breakdown: str) -> Any:
    from inspraak.reports.inputs import NoAnalysis, report_input_from_round

    consultation, round_ = _stored_round(slug, round_title)
    if breakdown and breakdown not in consultation.attribute_names:
        raise click.BadParameter(
            f"participants have no attribute {breakdown!r}", param_hint="--breakdown"
        )
    try:
        return report_input_from_round(round_, contact=contact, breakdown=breakdown)
    except NoAnalysis:
        raise click.ClickException(
            f"{round_.title!r} has not been analysed yet: run `inspraak analyse --consultation {slug}` first"
        ) from None
