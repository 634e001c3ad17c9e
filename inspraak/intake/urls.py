# SPDX-License-Identifier: EUPL-1.2
"""The pages of every channel; each channel's views live in its own subpackage."""

from django.urls import path

from inspraak.intake.csv import views as csv_views
from inspraak.intake.documents import views as document_views
from inspraak.intake.mail import views as mail_views
from inspraak.intake.sheets import views as sheet_views
from inspraak.intake.webform import views as form_views

urlpatterns = [
    path("c/<slug:slug>/import/", csv_views.contributions_upload, name="contributions_upload"),
    path("f/<str:token>/", form_views.web_form, name="web_form"),
    path("c/<slug:slug>/mailbox/", mail_views.mailbox_page, name="mailbox"),
    path("c/<slug:slug>/mailbox/fetch/", mail_views.mailbox_fetch_view, name="mailbox_fetch"),
    path(
        "c/<slug:slug>/rounds/<int:round_id>/form/",
        form_views.round_form_update,
        name="round_form_update",
    ),
    path("c/<slug:slug>/import/document/", document_views.document_upload, name="document_upload"),
    path(
        "c/<slug:slug>/import/document/preview/",
        document_views.document_preview,
        name="document_preview",
    ),
    path("c/<slug:slug>/import/sheet/", sheet_views.sheet_upload, name="sheet_upload"),
    path("c/<slug:slug>/import/sheet/columns/", sheet_views.sheet_columns, name="sheet_columns"),
    path("c/<slug:slug>/import/sheet/preview/", sheet_views.sheet_preview, name="sheet_preview"),
]
