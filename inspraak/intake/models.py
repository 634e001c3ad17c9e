# SPDX-License-Identifier: EUPL-1.2
"""The web form of a round, for those who were not there."""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _


def _token() -> str:
    return secrets.token_urlsafe(16)


class RoundForm(models.Model):
    """A round's form: reachable only through its unguessable link, and only while open."""

    round = models.OneToOneField(
        "consultations.Round",
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="form",
    )
    is_open = models.BooleanField(_("open"), default=False)
    token = models.CharField(max_length=40, unique=True, default=_token)
    intro = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown above the form: what you ask and why.")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("web form")
        verbose_name_plural = _("web forms")

    def __str__(self) -> str:
        return str(self.round)


class Mailbox(models.Model):
    """The consultation's IMAP mailbox, connected by an organiser.

    The password is stored encrypted for fetching and never shown back: forms leave
    it empty, exports, audit records and logs leave it out.
    """

    consultation = models.OneToOneField(
        "consultations.Consultation", on_delete=models.CASCADE, related_name="mailbox"
    )
    host = models.CharField(_("IMAP server"), max_length=255)
    port = models.PositiveIntegerField(_("port"), default=993)
    tls = models.BooleanField(_("TLS"), default=True)
    starttls = models.BooleanField(_("STARTTLS"), default=False)
    username = models.CharField(_("account"), max_length=255)
    # Encrypted (inspraak.core.sealed); read and set it through `password`.
    password_sealed = models.TextField(editable=False, blank=True)
    folder = models.CharField(_("folder"), max_length=255, default="INBOX")
    last_fetch_at = models.DateTimeField(_("last fetched"), null=True, blank=True)
    last_result = models.CharField(_("last result"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")

    def __str__(self) -> str:
        return f"{self.username}@{self.host}"

    @property
    def password(self) -> str:
        from inspraak.core.sealed import secret_open

        return secret_open(self.password_sealed)

    @password.setter
    def password(self, plain: str) -> None:
        from inspraak.core.sealed import secret_seal

        self.password_sealed = secret_seal(plain)
