# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from inspraak.intake import views

urlpatterns = [
    path("c/<slug:slug>/import/", views.contributions_upload, name="contributions_upload"),
]
