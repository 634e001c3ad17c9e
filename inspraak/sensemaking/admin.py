# SPDX-License-Identifier: EUPL-1.2
from django.contrib import admin

from inspraak.consultations.admin_scoping import ReadOnlyScopedAdmin, ScopedAdmin
from inspraak.sensemaking.models import AnalysisRun, Theme


@admin.register(AnalysisRun)
class AnalysisRunAdmin(ReadOnlyScopedAdmin):
    list_display = ("kind", "consultation", "round", "status", "started_at", "finished_at")


@admin.register(Theme)
class ThemeAdmin(ScopedAdmin):
    list_display = ("label", "run", "parent")
    search_fields = ("label",)
