# SPDX-License-Identifier: EUPL-1.2
"""Reports: a draft built from the data, the organiser's text edits, frozen versions, public links."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Report(models.Model):
    round = models.ForeignKey(
        "consultations.Round",
        verbose_name=_("round"),
        on_delete=models.CASCADE,
        related_name="reports",
    )
    contact = models.CharField(
        _("where to send more input"),
        max_length=300,
        blank=True,
        help_text=_("An e-mail address or form link, shown in the opening."),
    )
    breakdown = models.CharField(
        _("break support down by"),
        max_length=100,
        blank=True,
        help_text=_("A participant attribute (such as role) to count each theme's carriers by."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")

    def __str__(self) -> str:
        return str(self.round)


class ReportEdit(models.Model):
    """The organiser's wording for one section; counts and support words are never edited."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="edits")
    # A theme's section is found again after a new analysis by its contributions
    # (themes get new ids); a session's by its title.
    session_title = models.CharField(max_length=200)
    theme_label = models.CharField(max_length=200, blank=True)
    contribution_ids = models.JSONField(default=list, blank=True)
    text = models.TextField(_("text"))
    # What the section said in numbers and sources when it was edited; a change flags it.
    fingerprint = models.CharField(max_length=32)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["edited_at", "id"]

    def __str__(self) -> str:
        return f"{self.session_title}: {self.theme_label}"


class ReportVersion(models.Model):
    """A frozen report: the document as it was, with its own public link when published."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    document = models.JSONField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    public_token = models.CharField(max_length=64, unique=True, null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(_("link expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    # The document as the public sees it (no identities, no trail), frozen with the version.
    public_document = models.JSONField(null=True, blank=True)
    # Raised whenever the frozen documents are redacted: cached renderings follow it.
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["report", "number"], name="unique_report_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.number}"

    @property
    def is_public(self) -> bool:
        """Published, not revoked and not expired."""
        if not self.public_token or self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > timezone.now()
