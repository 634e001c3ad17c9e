# SPDX-License-Identifier: EUPL-1.2
"""Sending participants the notices about published decisions."""

from __future__ import annotations

import click

from inspraak.cli import _consultation, _django, main


@main.group()
def notices() -> None:
    """E-mails to participants when a round's decisions are published."""


@notices.command("send")
@click.option("--consultation", "slug", default="", help="Only this consultation's notices.")
@click.option("--dry-run", is_flag=True, help="Show what would be sent; send and change nothing.")
@click.option("--limit", type=int, default=0, help="Send at most this many (0: all).")
@click.option(
    "--release-uncertain",
    is_flag=True,
    help="First queue again the notices a killed run left half-sent (check the mail log).",
)
def notices_send_command(slug: str, dry_run: bool, limit: int, release_uncertain: bool) -> None:
    """Send the queued notices, each at most once; failed ones are retried on the next run."""
    _django()
    from inspraak.decisions.notices import notices_release_uncertain, notices_send

    consultation = _consultation(slug) if slug else None
    if release_uncertain and not dry_run:
        released = notices_release_uncertain(consultation=consultation)
        click.echo(f"Queued {released} uncertain notices again.")
    run = notices_send(consultation=consultation, dry_run=dry_run, limit=limit or None)
    if dry_run:
        for message in run.would_send:
            click.echo(
                f"--- To: {', '.join(message.to)}\nSubject: {message.subject}\n\n{message.body}"
            )
        click.echo(f"Would send {len(run.would_send)} notices.")
        return
    if run.error:
        raise click.ClickException(f"mail server unreachable, nothing sent: {run.error}")
    click.echo(f"Sent {len(run.sent)} notices, {len(run.failed)} failed (retried next run).")
    if run.uncertain:
        click.echo(
            f"{run.uncertain} notices were being sent when a run stopped; not sent again. "
            "Check the mail server's log, then use --release-uncertain.",
            err=True,
        )
