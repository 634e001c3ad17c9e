# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from inspraak.api import views
from inspraak.api.api import api

urlpatterns = [
    path("api/", api.urls),
    path("c/<slug:slug>/api-tokens/", views.tokens_page, name="api_tokens"),
    path(
        "c/<slug:slug>/api-tokens/<int:token_id>/revoke/",
        views.token_revoke,
        name="api_token_revoke",
    ),
]
