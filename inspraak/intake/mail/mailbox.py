# SPDX-License-Identifier: EUPL-1.2
"""Connecting a consultation's mailbox once, and fetching from it by button or command."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from inspraak.consultations.models import Consultation
from inspraak.core.audit import audit_log
from inspraak.intake.mail.services import (
    MailFetchError,
    MailFetchResult,
    mail_connection_check,
    mail_fetch,
)
from inspraak.intake.models import Mailbox


class MailboxForm(forms.Form):
    host = forms.CharField(label=gettext_lazy("IMAP server"), max_length=255)
    port = forms.IntegerField(label=gettext_lazy("Port"), min_value=1, max_value=65535, initial=993)
    tls = forms.BooleanField(label=gettext_lazy("Connect over TLS"), required=False, initial=True)
    starttls = forms.BooleanField(
        label=gettext_lazy("Start TLS after connecting (STARTTLS, usually port 143)"),
        required=False,
    )
    username = forms.CharField(label=gettext_lazy("Account"), max_length=255)
    password = forms.CharField(
        label=gettext_lazy("Password"),
        required=False,
        max_length=255,
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy("Leave empty to keep the stored password."),
    )
    folder = forms.CharField(label=gettext_lazy("Folder"), max_length=255, initial="INBOX")

    def clean(self) -> dict[str, Any]:
        """Refuse a host on an internal network, or no encryption, before anything is stored."""
        data = super().clean() or {}
        if data.get("host"):
            try:
                mail_connection_check(host=data["host"], tls=bool(data.get("tls")))
            except MailFetchError as error:
                self.add_error("host", str(error))
        return data


@transaction.atomic
def mailbox_set(*, consultation: Consultation, data: dict[str, Any], actor: Any) -> Mailbox:
    """Store the connection; an empty password keeps the one stored before."""
    mailbox = Mailbox.objects.filter(consultation=consultation).first() or Mailbox(
        consultation=consultation
    )
    for name in ("host", "port", "tls", "starttls", "username", "folder"):
        setattr(mailbox, name, data.get(name, False if name == "starttls" else None))
    if data.get("password"):
        mailbox.password = data["password"]
    if not mailbox.password:
        raise ValidationError(_("Give the mailbox's password."))
    mailbox.save()
    audit_log(
        actor=actor,
        action="mailbox_set",
        target=mailbox,
        consultation=consultation,
        detail={"host": mailbox.host, "account": mailbox.username},
    )
    return mailbox


def mailbox_fetch(*, mailbox: Mailbox, actor: Any, round: Any = None) -> MailFetchResult:
    """Fetch the unread messages now and remember how it went (never the password).

    The one way the stored mailbox is read: the page's button and `inspraak mail fetch`.
    """
    try:
        result = mail_fetch(
            consultation=mailbox.consultation,
            host=mailbox.host,
            port=mailbox.port,
            username=mailbox.username,
            password=mailbox.password,
            tls=mailbox.tls,
            starttls=mailbox.starttls,
            folder=mailbox.folder,
            round=round,
            actor=actor,
        )
    except MailFetchError as error:
        _remember(mailbox, str(error))
        raise
    _remember(
        mailbox,
        _("%(created)d contributions from %(messages)d messages, %(rejected)d rejected")
        % {
            "created": result.created,
            "messages": len(result.messages),
            "rejected": len(result.rejected),
        },
    )
    return result


def _remember(mailbox: Mailbox, text: str) -> None:
    mailbox.last_fetch_at, mailbox.last_result = timezone.now(), text[:500]
    mailbox.save(update_fields=["last_fetch_at", "last_result"])
