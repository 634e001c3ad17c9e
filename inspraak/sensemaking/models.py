# SPDX-License-Identifier: EUPL-1.2
"""Stored results of the analysis engine: runs and the themes they found."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The session name of input that arrived for a round but for no session (e-mail, form).
ROUND_LEVEL_SESSION = "Overige inbreng"


class AnalysisRun(models.Model):
    class Kind(models.TextChoices):
        THEMES = "themes", _("themes")
        OPINIONS = "opinions", _("opinion groups")

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        DONE = "done", _("done")
        FAILED = "failed", _("failed")

    consultation = models.ForeignKey(
        "consultations.Consultation",
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="analysis_runs",
    )
    round = models.ForeignKey(
        "consultations.Round",
        verbose_name=_("round"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="analysis_runs",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.THEMES)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    parameters = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("analysis run")
        verbose_name_plural = _("analysis runs")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.started_at:%Y-%m-%d %H:%M}"


class Theme(models.Model):
    run = models.ForeignKey(
        AnalysisRun, verbose_name=_("analysis run"), on_delete=models.CASCADE, related_name="themes"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent theme"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    key = models.CharField(_("engine id"), max_length=32, blank=True)
    label = models.CharField(_("label"), max_length=200)
    keywords = models.JSONField(_("keywords"), default=list, blank=True)
    # Support as counted (participants of present, summed over its sessions); the word
    # follows from the counts by inspraak_analysis.support, never typed by hand.
    support = models.CharField(_("support"), max_length=40, blank=True)
    participants = models.PositiveIntegerField(_("participants"), default=0)
    present = models.PositiveIntegerField(_("present"), default=0)
    by_session = models.JSONField(_("per session"), default=dict, blank=True)
    quotes = models.JSONField(_("quotes"), default=list, blank=True)
    is_leaf = models.BooleanField(default=True)
    discussed = models.BooleanField(_("discussed"), null=True, blank=True)
    edited = models.BooleanField(_("edited by hand"), default=False)
    summary = models.TextField(_("summary"), blank=True)
    # Extra input (e-mail, form, document, spreadsheet) per channel: shown beside
    # the theme ("en 3 reacties per e-mail"), never counted as present.
    extra = models.JSONField(_("extra input"), default=dict, blank=True)
    # The facilitator's recorded count per session (live.ClusterSupport), reported
    # as "volgens de gespreksleider" and never mixed with the counted support.
    facilitator = models.JSONField(_("recorded by the facilitator"), default=dict, blank=True)
    members = models.ManyToManyField(
        "consultations.Contribution", verbose_name=_("contributions"), related_name="themes"
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.label


class ThemeEdit(models.Model):
    """An organiser's correction of themes, replayed on every later analysis of the round.

    Edits are stored by the contributions they concern, not by theme, because a
    re-run makes new themes: a rename finds the new theme that holds most of the
    same contributions, a merge joins the themes that hold them, a split moves
    them into a theme of their own.
    """

    class Kind(models.TextChoices):
        RENAME = "rename", _("rename")
        MERGE = "merge", _("merge")
        SPLIT = "split", _("split")

    round = models.ForeignKey(
        "consultations.Round", on_delete=models.CASCADE, related_name="theme_edits"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    label = models.CharField(_("label"), max_length=200)
    contribution_ids = models.JSONField(default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("theme edit")
        verbose_name_plural = _("theme edits")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.label}"


class TextEmbedding(models.Model):
    """A text's sentence vector, computed once and reused by every later analysis.

    Keyed by a hash of the encoder and the normalised text
    (inspraak_analysis.themes.encoders.text_key), so equal texts share one row
    and a re-run or the wall's "Groepen voorstellen" skips the encoder.
    """

    key = models.CharField(max_length=64, unique=True)
    model = models.CharField(max_length=16)
    vector = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("text embedding")
        verbose_name_plural = _("text embeddings")

    def __str__(self) -> str:
        return f"{self.model}:{self.key[:12]}"
