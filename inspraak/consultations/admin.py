# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from inspraak.consultations import models as m
from inspraak.consultations.admin_scoping import ScopedAdmin


class SuperuserOnlyAdmin(ScopedAdmin):
    """Granting roles picks from all user accounts: for site administrators only."""

    def _allowed(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)


@admin.register(m.Consultation)
class ConsultationAdmin(ScopedAdmin):
    list_display = ("title", "slug", "state", "language", "created_at")
    search_fields = ("title", "slug")
    prepopulated_fields = {"slug": ("title",)}

    def has_add_permission(self, request: HttpRequest) -> bool:
        # New consultations are made on the dashboard, which makes the maker organiser.
        return bool(request.user.is_superuser)


@admin.register(m.Round)
class RoundAdmin(ScopedAdmin):
    list_display = ("title", "consultation", "date", "place")
    list_filter = ("consultation",)


@admin.register(m.Session)
class SessionAdmin(ScopedAdmin):
    list_display = ("title", "round", "facilitator_name", "state", "present_override")
    list_filter = ("state",)


@admin.register(m.Prompt)
class PromptAdmin(ScopedAdmin):
    list_display = ("text", "session", "per_participant_limit")


@admin.register(m.Participant)
class ParticipantAdmin(ScopedAdmin):
    list_display = ("pseudonym", "display_name", "name_consent_at", "consultation")
    search_fields = ("pseudonym", "display_name")
    readonly_fields = ("created_at",)


@admin.register(m.Contribution)
class ContributionAdmin(ScopedAdmin):
    list_display = ("text", "session", "participant", "kind", "channel", "discussed", "hidden")
    list_filter = ("kind", "channel", "discussed", "hidden")
    search_fields = ("text",)
    raw_id_fields = ("participant",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Input is hidden, never deleted by hand; erasure on request goes through its own service.
        return bool(request.user.is_superuser)


@admin.register(m.Note)
class NoteAdmin(ScopedAdmin):
    list_display = ("text", "session", "created_at")
    filter_horizontal = ("contributions",)


@admin.register(m.ConsultationOrganiser)
class ConsultationOrganiserAdmin(SuperuserOnlyAdmin):
    list_display = ("user", "consultation", "created_at")


@admin.register(m.SessionFacilitator)
class SessionFacilitatorAdmin(SuperuserOnlyAdmin):
    list_display = ("user", "session")
