# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from inspraak.sensemaking import opinion_views, theme_views

urlpatterns = [
    path("c/<slug:slug>/opinions/", opinion_views.opinions_page, name="opinions"),
    path(
        "c/<slug:slug>/opinions/recompute/",
        opinion_views.opinions_recompute,
        name="opinions_recompute",
    ),
    path("c/<slug:slug>/themes/", theme_views.themes_page, name="themes"),
    path("c/<slug:slug>/themes/run/", theme_views.themes_run, name="themes_run"),
    path("c/<slug:slug>/themes/merge/", theme_views.themes_merge_view, name="themes_merge"),
    path("c/<slug:slug>/themes/<int:theme_id>/", theme_views.theme_page, name="theme"),
    path(
        "c/<slug:slug>/themes/<int:theme_id>/rename/",
        theme_views.theme_rename_view,
        name="theme_rename",
    ),
    path(
        "c/<slug:slug>/themes/<int:theme_id>/split/",
        theme_views.theme_split_view,
        name="theme_split",
    ),
]
