# SPDX-License-Identifier: EUPL-1.2
"""Consultations and everything captured in them.

Consultation → Round → Session → Prompt; participants, attendance, contributions
and facilitators' discussion notes. Writes go through services.py.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _new_salt() -> str:
    return secrets.token_hex(16)


class Consultation(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")
        ARCHIVED = "archived", _("archived")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=80, unique=True)
    description = models.TextField(_("description"), blank=True)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    participant_attributes = models.JSONField(
        _("participant attributes"),
        default=list,
        blank=True,
        help_text=_(
            "Names of the attributes participants may carry, such as role or municipality."
        ),
    )
    # Keys the hashes of source identifiers (a name in a spreadsheet) so imports can
    # recognise a returning participant without storing who they are.
    salt = models.CharField(max_length=32, default=_new_salt, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "title"]
        verbose_name = _("consultation")
        verbose_name_plural = _("consultations")

    def __str__(self) -> str:
        return self.title

    @property
    def attribute_names(self) -> list[str]:
        """The declared participant attributes' names, whatever shape they are stored in."""
        from inspraak.consultations.attributes import consultation_attribute_names

        return consultation_attribute_names(self)


class ConsultationOrganiser(models.Model):
    """The organiser role: full control over one consultation."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="organiser_grants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organiser_grants"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "user"], name="unique_organiser_grant")
        ]
        verbose_name = _("organiser")
        verbose_name_plural = _("organisers")

    def __str__(self) -> str:
        return f"{self.user} → {self.consultation}"


class Round(models.Model):
    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="rounds",
    )
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)

    class Meta:
        # Undated rounds (such as one imported from an old report) after the dated ones.
        ordering = [models.F("date").asc(nulls_last=True), "id"]
        constraints = [
            models.UniqueConstraint(fields=["consultation", "title"], name="unique_round_title")
        ]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        LIVE = "live", _("live")
        CLOSED = "closed", _("closed")

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("theme"), max_length=200)
    facilitator_name = models.CharField(_("facilitator"), max_length=200, blank=True)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PLANNED
    )
    present_override = models.PositiveIntegerField(
        _("present (override)"),
        null=True,
        blank=True,
        help_text=_("Number present when it differs from the recorded attendance."),
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "title"], name="unique_session_title")
        ]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    def __str__(self) -> str:
        return self.title


class SessionFacilitator(models.Model):
    """The facilitator role: runs one session."""

    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, related_name="facilitator_grants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitator_grants"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "user"], name="unique_facilitator_grant")
        ]
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")

    def __str__(self) -> str:
        return f"{self.user} → {self.session}"


class Prompt(models.Model):
    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="prompts"
    )
    text = models.TextField(_("question"))
    per_participant_limit = models.PositiveSmallIntegerField(
        _("contributions per participant"), default=3
    )
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("prompt")
        verbose_name_plural = _("prompts")

    def __str__(self) -> str:
        return self.text


class Participant(models.Model):
    """A person who gave input: known by a pseudonym unless they consented to their name."""

    consultation = models.ForeignKey(
        Consultation,
        verbose_name=_("consultation"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    pseudonym = models.CharField(_("pseudonym"), max_length=80)
    display_name = models.CharField(_("name"), max_length=150, blank=True)
    name_consent_at = models.DateTimeField(
        _("consent to show name"),
        null=True,
        blank=True,
        help_text=_("When the participant agreed that their name may be shown."),
    )
    email = models.EmailField(_("e-mail"), blank=True)
    attributes = models.JSONField(_("attributes"), default=dict, blank=True)
    source_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["pseudonym"]
        constraints = [
            models.UniqueConstraint(
                fields=["consultation", "pseudonym"], name="unique_participant_pseudonym"
            ),
            models.UniqueConstraint(
                fields=["consultation", "source_key"],
                condition=~models.Q(source_key=""),
                name="unique_participant_source_key",
            ),
        ]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name to show anyone: the display name only with recorded consent."""
        if self.display_name and self.name_consent_at is not None:
            return self.display_name
        return self.pseudonym


class Attendance(models.Model):
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendances"
    )
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    joined_at = models.DateTimeField(auto_now_add=True)
    # When the participant first did something in the session (posted, voted, endorsed) or
    # the facilitator confirmed them. Only such attendance counts as present: a join that did
    # nothing (a scripted cookie jar) never enlarges a support word's denominator.
    active_at = models.DateTimeField(_("active since"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "session"], name="unique_attendance")
        ]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")

    def __str__(self) -> str:
        return f"{self.participant} @ {self.session}"


class Contribution(models.Model):
    class Kind(models.TextChoices):
        PROBLEM = "problem", _("problem")
        IDEA = "idea", _("idea")
        REMARK = "remark", _("remark")
        QUESTION = "question", _("question")
        PROPOSAL = "proposal", _("proposal")
        SUMMARY = "summary", _("summary")

    class Channel(models.TextChoices):
        POSTIT = "postit", _("post-it")
        FORM = "form", _("web form")
        EMAIL = "email", _("e-mail")
        DOCUMENT = "document", _("document")
        SPREADSHEET = "spreadsheet", _("spreadsheet")
        POLIS = "polis", _("Pol.is")

    class Support(models.TextChoices):
        """Support as a source (a written report) states it in words; never a count."""

        UNANIMOUS = "unanimous", _("unanimous")
        BROAD = "broad", _("broadly supported")
        ONE = "one", _("named by one participant")
        DOUBTS = "doubts", _("doubts raised")
        NOT_DISCUSSED = "not_discussed", _("named but not discussed")

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="contributions"
    )
    session = models.ForeignKey(
        Session,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    prompt = models.ForeignKey(
        Prompt,
        verbose_name=_("prompt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="contributions",
    )
    text = models.TextField(_("text"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.REMARK)
    channel = models.CharField(
        _("channel"), max_length=16, choices=Channel.choices, default=Channel.POSTIT
    )
    source_name = models.CharField(
        _("source"), max_length=255, blank=True, help_text=_("File name or message id.")
    )
    source_line = models.PositiveIntegerField(_("line"), null=True, blank=True)
    source_page = models.PositiveIntegerField(_("page"), null=True, blank=True)
    source_detail = models.CharField(_("location in source"), max_length=255, blank=True)
    # Content fingerprint that makes imports idempotent (see intake.services).
    import_key = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("written"), db_index=True)
    discussed = models.BooleanField(_("discussed"), default=False)
    support_stated = models.CharField(
        _("support stated"),
        max_length=16,
        choices=Support.choices,
        blank=True,
        help_text=_("How broadly an imported report says this point was carried, in its words."),
    )
    hidden = models.BooleanField(
        _("hidden"), default=False, help_text=_("Hidden input is kept and audited, never deleted.")
    )

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "import_key"],
                condition=~models.Q(import_key=""),
                name="unique_contribution_import_key",
            )
        ]
        indexes = [models.Index(fields=["session", "created_at"], name="contribution_session_time")]
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def provenance(self) -> dict[str, object]:
        """Where this contribution came from, as exported."""
        return {
            "channel": self.channel,
            "source": self.source_name,
            "line": self.source_line,
            "page": self.source_page,
            "detail": self.source_detail,
        }


class Note(models.Model):
    """A facilitator's note of the discussion, linked to the contributions it is about."""

    session = models.ForeignKey(
        Session, verbose_name=_("session"), on_delete=models.CASCADE, related_name="notes"
    )
    text = models.TextField(_("note"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    contributions = models.ManyToManyField(
        Contribution, verbose_name=_("contributions"), blank=True, related_name="notes"
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("discussion note")
        verbose_name_plural = _("discussion notes")

    def __str__(self) -> str:
        return self.text[:60]


class Erasure(models.Model):
    """A participant whose data was erased on request: imports must not bring them back.

    Holds only the keyed hash by which sources named them, never who they were.
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="erasures"
    )
    source_key = models.CharField(max_length=64)
    erased_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["consultation", "source_key"], name="unique_erasure")
        ]
        verbose_name = _("erasure")
        verbose_name_plural = _("erasures")

    def __str__(self) -> str:
        return f"{self.consultation} {self.erased_at:%Y-%m-%d}"


class Endorsement(models.Model):
    """A participant's "ik ook" on someone else's contribution: they carry the point too."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="endorsements"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="endorsements"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contribution", "participant"], name="unique_endorsement"
            )
        ]
        verbose_name = _("endorsement")
        verbose_name_plural = _("endorsements")

    def __str__(self) -> str:
        return f"{self.participant_id} +1 {self.contribution_id}"


class FacilitatorInvitation(models.Model):
    """A one-time link that makes whoever opens it facilitator of the chosen sessions.

    Only a SHA-256 hash of the token is stored: the link is shown once, to the organiser
    who made it. It works until `expires_at` and only once (`used_at`).
    """

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="facilitator_invitations"
    )
    sessions = models.ManyToManyField(Session, verbose_name=_("sessions"), related_name="+")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    label = models.CharField(
        _("for"),
        max_length=150,
        blank=True,
        help_text=_("Who the link is for, as a reminder to yourself."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("valid until"))
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("facilitator invitation")
        verbose_name_plural = _("facilitator invitations")

    def __str__(self) -> str:
        return f"{self.consultation} {self.created_at:%Y-%m-%d}"
