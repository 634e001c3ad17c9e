# SPDX-License-Identifier: EUPL-1.2
from django.urls import path, re_path

from inspraak.reports import views

FMT = r"(?P<fmt>html|pdf|docx|md)"

urlpatterns = [
    path("c/<slug:slug>/reports/", views.reports_page, name="reports"),
    path("c/<slug:slug>/reports/<int:report_id>/", views.report_page, name="report"),
    path("c/<slug:slug>/reports/<int:report_id>/edit/", views.report_edit, name="report_edit"),
    path(
        "c/<slug:slug>/reports/<int:report_id>/settings/",
        views.report_settings_view,
        name="report_settings",
    ),
    path(
        "c/<slug:slug>/reports/<int:report_id>/versions/",
        views.report_version_create,
        name="report_version_create",
    ),
    path(
        "c/<slug:slug>/reports/<int:report_id>/versions/<int:number>/publish/",
        views.version_publish,
        name="version_publish",
    ),
    path(
        "c/<slug:slug>/reports/<int:report_id>/versions/<int:number>/revoke/",
        views.version_revoke,
        name="version_revoke",
    ),
    path(
        "c/<slug:slug>/reports/<int:report_id>/diff/<int:old>/<int:new>/",
        views.versions_diff,
        name="versions_diff",
    ),
    re_path(
        rf"^c/(?P<slug>[-\w]+)/reports/(?P<report_id>\d+)/concept\.{FMT}$",
        views.report_download,
        name="report_download",
    ),
    re_path(
        rf"^c/(?P<slug>[-\w]+)/reports/(?P<report_id>\d+)/versions/(?P<number>\d+)/report\.{FMT}$",
        views.version_download,
        name="version_download",
    ),
    path("r/<str:token>/", views.public_report, name="public_report"),
    re_path(rf"^r/(?P<token>[-\w]+)/report\.{FMT}$", views.public_download, name="public_download"),
]
