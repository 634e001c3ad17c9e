# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from inspraak.sensemaking import opinion_views

urlpatterns = [
    path("c/<slug:slug>/opinions/", opinion_views.opinions_page, name="opinions"),
    path(
        "c/<slug:slug>/opinions/recompute/",
        opinion_views.opinions_recompute,
        name="opinions_recompute",
    ),
]
