# SPDX-License-Identifier: EUPL-1.2
"""A URL configuration whose one view fails, for the error page and logging tests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import include, path


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("kapot-in-de-view")


urlpatterns = [path("boom/", boom), path("", include("config.urls"))]
