# SPDX-License-Identifier: EUPL-1.2
"""Statements and agree/disagree/pass votes on them."""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Statement(models.Model):
    class Moderation(models.IntegerChoices):
        # The values follow Pol.is exports: 1 accepted, 0 not yet moderated, -1 moderated out.
        ACCEPTED = 1, _("accepted")
        UNMODERATED = 0, _("not moderated")
        REJECTED = -1, _("moderated out")

    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="statements",
    )
    session = models.ForeignKey(
        "consultations.Session",
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="statements",
    )
    text = models.TextField(_("statement"))
    moderation = models.SmallIntegerField(
        _("moderation"), choices=Moderation.choices, default=Moderation.ACCEPTED
    )
    source_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("statement")
        verbose_name_plural = _("statements")

    def __str__(self) -> str:
        return self.text[:60]


class Vote(models.Model):
    class Value(models.IntegerChoices):
        AGREE = 1, _("agree")
        DISAGREE = -1, _("disagree")
        PASS = 0, _("pass")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    participant = models.ForeignKey(
        "consultations.Participant", on_delete=models.CASCADE, related_name="votes"
    )
    value = models.SmallIntegerField(_("vote"), choices=Value.choices)
    # Not auto_now: an import keeps the time a vote was cast in its source (Pol.is).
    created_at = models.DateTimeField(_("cast"), default=timezone.now)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["statement", "participant"], name="one_vote_per_participant"
            ),
            models.CheckConstraint(
                condition=models.Q(value__in=[-1, 0, 1]), name="vote_value_valid"
            ),
        ]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.get_value_display()}"
