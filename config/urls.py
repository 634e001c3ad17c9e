# SPDX-License-Identifier: EUPL-1.2
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("inspraak.core.urls")),
    path("", include("inspraak.consultations.urls")),
    path("", include("inspraak.votes.urls")),
    path("", include("inspraak.intake.urls")),
    path("", include("inspraak.sensemaking.urls")),
    path("", include("inspraak.reports.urls")),
    path("", include("inspraak.live.urls")),
    path("", include("inspraak.decisions.urls")),
    path("", include("inspraak.api.urls")),
]
