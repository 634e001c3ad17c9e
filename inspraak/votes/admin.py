# SPDX-License-Identifier: EUPL-1.2
from django.contrib import admin

from inspraak.consultations.admin_scoping import ReadOnlyScopedAdmin, ScopedAdmin
from inspraak.votes.models import Statement, Vote


@admin.register(Statement)
class StatementAdmin(ScopedAdmin):
    list_display = ("text", "consultation", "session", "moderation")
    list_filter = ("moderation",)


@admin.register(Vote)
class VoteAdmin(ReadOnlyScopedAdmin):
    list_display = ("statement", "participant", "value", "updated_at")
