# SPDX-License-Identifier: EUPL-1.2
"""Sending the queued notices: one e-mail per participant per published round, at most once.

Each notice is claimed (state `sending`, committed) before its message goes to the
SMTP server and marked `sent` right after. A run killed between the two leaves
the notice `sending`: it is reported as uncertain and never sent again by itself,
because the server may already have accepted it. A refused or failed delivery
is `failed` and tried again on the next run, up to INSPRAAK_NOTICE_MAX_ATTEMPTS.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db.models import Q, QuerySet
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from inspraak.decisions.models import Notification
from inspraak.decisions.selectors import participant_overview
from inspraak.decisions.services import participant_link, participant_link_get


@dataclass
class NoticeRun:
    sent: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    uncertain: int = 0
    error: str = ""
    would_send: list[EmailMessage] = field(default_factory=list)


def notices_due(*, consultation: Any = None) -> QuerySet[Notification]:
    due = Notification.objects.filter(
        Q(state=Notification.State.PENDING)
        | Q(state=Notification.State.FAILED, attempts__lt=settings.INSPRAAK_NOTICE_MAX_ATTEMPTS)
    ).exclude(participant__email="")
    if consultation is not None:
        due = due.filter(round__consultation=consultation)
    return due.select_related("participant__consultation", "round").order_by("pk")


def notice_compose(notice: Notification) -> EmailMessage:
    """The message for one notice: only this participant's own points and link."""
    participant = notice.participant
    link = participant_link_get(participant=participant)
    language = link.language or participant.consultation.language or settings.LANGUAGE_CODE
    with translation.override(language):
        mine = next((r for r in participant_overview(participant) if r.round == notice.round), None)
        items = mine.items if mine else []
        taken_up = mine.taken_up if mine else 0
        summary = ngettext(
            "%(n)s of your %(total)s point has been taken up in the programme.",
            "%(n)s of your %(total)s points have been taken up in the programme.",
            len(items),
        ) % {"n": taken_up, "total": len(items)}
        body = render_to_string(
            "decisions/notice.txt",
            {
                "consultation": participant.consultation,
                "round": notice.round,
                "summary": summary,
                "items": items,
                "link": settings.INSPRAAK_BASE_URL + participant_link(participant),
            },
        )
        subject = _("What became of your input: %(title)s") % {
            "title": participant.consultation.title
        }
    return EmailMessage(subject=subject, body=body, to=[participant.email])


def _claim(notice: Notification) -> bool:
    """Take the notice for this run; False when another run took it first."""
    claimed = Notification.objects.filter(
        pk=notice.pk, state__in=[Notification.State.PENDING, Notification.State.FAILED]
    ).update(state=Notification.State.SENDING, claimed_at=timezone.now())
    return claimed == 1


def _deliver(notice: Notification, connection: Any, run: NoticeRun) -> None:
    try:
        message = notice_compose(notice)
        message.connection = connection
        message.send()
    except Exception as error:  # any delivery failure is recorded and retried later
        Notification.objects.filter(pk=notice.pk).update(
            state=Notification.State.FAILED,
            attempts=notice.attempts + 1,
            error=str(error)[:500],
        )
        run.failed.append(notice.participant.email)
        return
    Notification.objects.filter(pk=notice.pk).update(
        state=Notification.State.SENT, attempts=notice.attempts + 1, sent_at=timezone.now()
    )
    run.sent.append(notice.participant.email)


def notices_send(
    *, consultation: Any = None, dry_run: bool = False, limit: int | None = None
) -> NoticeRun:
    """Send due notices (or, with dry_run, compose them and change nothing)."""
    run = NoticeRun()
    run.uncertain = Notification.objects.filter(state=Notification.State.SENDING).count()
    due = list(notices_due(consultation=consultation)[: limit or None])
    if dry_run:
        run.would_send = [notice_compose(n) for n in due]
        return run
    if not due:
        return run
    connection = get_connection()
    try:
        connection.open()
    except OSError as error:  # server unreachable: nothing was sent, all stay queued
        run.error = str(error) or error.__class__.__name__
        return run
    try:
        for notice in due:
            if _claim(notice):
                _deliver(notice, connection, run)
    finally:
        connection.close()
    return run


def notices_release_uncertain(*, consultation: Any = None) -> int:
    """Put notices a killed run left `sending` back in the queue (after checking the mail log)."""
    stuck = Notification.objects.filter(state=Notification.State.SENDING)
    if consultation is not None:
        stuck = stuck.filter(round__consultation=consultation)
    return stuck.update(state=Notification.State.PENDING)
