# SPDX-License-Identifier: EUPL-1.2
from django.urls import path

from inspraak.votes import views

urlpatterns = [
    path("c/<slug:slug>/setup/statements/", views.statements_page, name="statements"),
    path("c/<slug:slug>/setup/statements/new/", views.statement_edit, name="statement_new"),
    path(
        "c/<slug:slug>/setup/statements/<int:statement_id>/",
        views.statement_edit,
        name="statement_edit",
    ),
    path(
        "c/<slug:slug>/setup/statements/<int:statement_id>/delete/",
        views.statement_delete_view,
        name="statement_delete",
    ),
]
