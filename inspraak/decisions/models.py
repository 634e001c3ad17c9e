# SPDX-License-Identifier: EUPL-1.2
"""The committee's decisions on a round's input, and how participants hear of them.

A Disposition is stored against the contributions it covers (their ids), never
against a theme row: themes are remade by every analysis, contributions stay.
Which theme a disposition belongs to is worked out on reading (selectors).
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _new_token() -> str:
    # 32 random bytes: unguessable; the link is the only key to a participant's page.
    return secrets.token_urlsafe(32)


class Chapter(models.Model):
    """A chapter of the programme being written. `text` holds its draft paragraphs later."""

    consultation = models.ForeignKey(
        "consultations.Consultation", on_delete=models.CASCADE, related_name="chapters"
    )
    number = models.PositiveIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("short description"), blank=True)
    text = models.TextField(_("draft text"), blank=True)

    class Meta:
        ordering = ["number", "id"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "number"], name="unique_chapter_number")
        ]
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class Meeting(models.Model):
    """A committee meeting in which decisions were taken."""

    consultation = models.ForeignKey(
        "consultations.Consultation", on_delete=models.CASCADE, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.title}"


class Status(models.TextChoices):
    PENDING = "pending", _("under consideration")
    ADOPTED = "adopted", _("adopted")
    IN_CHAPTER = "in_chapter", _("included in chapter")
    PARTLY = "partly", _("partly adopted")
    REJECTED = "rejected", _("not adopted")
    EXISTING = "existing", _("already existing policy")
    OUT_OF_SCOPE = "out_of_scope", _("out of scope")


# These need a public reason: a participant is owed one when their point is not taken up.
REASON_REQUIRED = {Status.REJECTED, Status.OUT_OF_SCOPE}
# These count as "verwerkt in het programma" in a participant's summary.
TAKEN_UP = {Status.ADOPTED, Status.IN_CHAPTER, Status.PARTLY}


class Disposition(models.Model):
    class Scope(models.TextChoices):
        THEME = "theme", _("theme")
        CONTRIBUTION = "contribution", _("single contribution")

    round = models.ForeignKey(
        "consultations.Round", on_delete=models.CASCADE, related_name="dispositions"
    )
    scope = models.CharField(max_length=16, choices=Scope.choices, default=Scope.THEME)
    contribution_ids = models.JSONField(default=list)
    label = models.CharField(_("theme as decided"), max_length=200, blank=True)
    status = models.CharField(
        _("decision"), max_length=16, choices=Status.choices, default=Status.PENDING
    )
    explanation = models.TextField(_("public explanation"), blank=True)
    note = models.TextField(_("internal note"), blank=True)
    chapters = models.ManyToManyField(Chapter, blank=True, related_name="dispositions")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="dispositions"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Set when another disposition took over all its contributions (a merge); kept, not deleted.
    retired_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("disposition")
        verbose_name_plural = _("dispositions")

    def __str__(self) -> str:
        return f"{self.label}: {self.get_status_display()}"


class DispositionChange(models.Model):
    """One state of a disposition, kept for ever: its history."""

    disposition = models.ForeignKey(Disposition, on_delete=models.CASCADE, related_name="changes")
    status = models.CharField(max_length=16, choices=Status.choices)
    explanation = models.TextField(blank=True)
    note = models.TextField(blank=True)
    chapters = models.JSONField(default=list)
    meeting = models.CharField(max_length=220, blank=True)
    contribution_ids = models.JSONField(default=list)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["changed_at", "id"]

    def __str__(self) -> str:
        return f"{self.changed_at:%Y-%m-%d %H:%M} {self.status}"


class Publication(models.Model):
    """A round whose decisions are public. Until it exists, only organisers see them."""

    round = models.OneToOneField(
        "consultations.Round", on_delete=models.CASCADE, related_name="decisions_publication"
    )
    published_at = models.DateTimeField(auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"{self.round} {self.published_at:%Y-%m-%d}"


class ParticipantLink(models.Model):
    """The unguessable link to a participant's own page; revoked links never work again."""

    participant = models.ForeignKey(
        "consultations.Participant", on_delete=models.CASCADE, related_name="decision_links"
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    language = models.CharField(max_length=8, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        # Never the token: whoever sees it could open the participant's page.
        return f"link {self.pk} of participant {self.participant_id}"


class Notification(models.Model):
    """One e-mail to one participant about one round's decisions: the queue and its record."""

    class State(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    participant = models.ForeignKey(
        "consultations.Participant", on_delete=models.CASCADE, related_name="decision_notices"
    )
    round = models.ForeignKey(
        "consultations.Round", on_delete=models.CASCADE, related_name="decision_notices"
    )
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["participant", "round"], name="unique_notice")
        ]

    def __str__(self) -> str:
        return f"notice {self.pk}: {self.state}"
