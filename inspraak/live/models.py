# SPDX-License-Identifier: EUPL-1.2
"""Live sessions: join codes, the event log the wall streams from, clusters and polls.

The post-its themselves are consultations.Contribution rows (channel "postit");
this app adds what exists only while a session runs in the room.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LiveSession(models.Model):
    """A session run live: its join code, the prompt open now, and the event counter."""

    session = models.OneToOneField(
        "consultations.Session", on_delete=models.CASCADE, related_name="live"
    )
    code = models.CharField(_("join code"), max_length=12, unique=True)
    prompt = models.ForeignKey(
        "consultations.Prompt",
        verbose_name=_("prompt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    prompt_open = models.BooleanField(_("prompt open"), default=False)
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Event sequence numbers, per session: the last one written, and the last one phones see.
    opinions_revealed_at = models.DateTimeField(_("opinion groups shown"), null=True, blank=True)
    # The facilitator lets phones see the wall's post-its and say "ik ook" to them.
    endorse_open = models.BooleanField(_('phones may say "me too"'), default=False)
    last_seq = models.PositiveBigIntegerField(default=0)
    phone_seq = models.PositiveBigIntegerField(default=0)

    class Meta:
        verbose_name = _("live session")
        verbose_name_plural = _("live sessions")

    def __str__(self) -> str:
        return self.code

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self.closed_at is None


class LiveEvent(models.Model):
    """One change on a live wall, numbered per session so a client can catch up."""

    live = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="events")
    seq = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=32)
    data = models.JSONField(default=dict)
    for_phones = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["live", "seq"], name="unique_live_event_seq")
        ]
        verbose_name = _("live event")
        verbose_name_plural = _("live events")

    def __str__(self) -> str:
        return f"{self.live_id}#{self.seq} {self.kind}"


class Cluster(models.Model):
    """A named group of post-its on the wall."""

    live = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="clusters")
    name = models.CharField(_("name"), max_length=200)
    discussed = models.BooleanField(_("discussed"), default=False)
    position = models.PositiveIntegerField(default=0)
    notes = models.ManyToManyField(
        "consultations.Note", verbose_name=_("discussion notes"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")

    def __str__(self) -> str:
        return self.name


class ClusterItem(models.Model):
    """A post-it's place in a cluster: at most one cluster per post-it."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="items")
    contribution = models.OneToOneField(
        "consultations.Contribution", on_delete=models.CASCADE, related_name="live_cluster_item"
    )

    class Meta:
        verbose_name = _("post-it in a cluster")
        verbose_name_plural = _("post-its in clusters")

    def __str__(self) -> str:
        return f"{self.contribution_id} → {self.cluster_id}"


class Poll(models.Model):
    """A statement put to the room: agree/disagree/pass, results hidden until revealed."""

    live = models.ForeignKey(LiveSession, on_delete=models.CASCADE, related_name="polls")
    statement = models.OneToOneField(
        "votes.Statement", on_delete=models.CASCADE, related_name="live_poll"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    revealed_at = models.DateTimeField(_("revealed"), null=True, blank=True)

    class Meta:
        ordering = ["opened_at", "id"]
        verbose_name = _("poll")
        verbose_name_plural = _("polls")

    def __str__(self) -> str:
        return str(self.statement)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class ClusterSupport(models.Model):
    """The facilitator's count of the room behind a cluster ("onderschreven door 8 van 8").

    Reported as the facilitator's statement, never mixed with counted post-its and votes.
    """

    cluster = models.OneToOneField(Cluster, on_delete=models.CASCADE, related_name="support")
    supporters = models.PositiveIntegerField(_("supporters"))
    present = models.PositiveIntegerField(_("present"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("support recorded by the facilitator")
        verbose_name_plural = _("support recorded by the facilitator")

    def __str__(self) -> str:
        return f"{self.supporters}/{self.present}"
