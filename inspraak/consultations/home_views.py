# SPDX-License-Identifier: EUPL-1.2
"""The dashboard: the consultations a user may see, and starting a new one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from inspraak.consultations.access import (
    access_create_consultation,
    can_create_consultations,
    consultations_managed_by,
    consultations_visible_to,
)
from inspraak.consultations.services import consultation_create


class ConsultationCreateForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    slug = forms.SlugField(
        label=gettext_lazy("Short name"),
        max_length=80,
        required=False,
        help_text=gettext_lazy("Used in links; made from the title when left empty."),
    )
    description = forms.CharField(
        label=gettext_lazy("Description"), widget=forms.Textarea, required=False
    )


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    visible = consultations_visible_to(request.user).annotate(
        n_rounds=Count("rounds", distinct=True),
        n_contributions=Count("rounds__contributions", distinct=True),
    )
    managed = set(consultations_managed_by(request.user).values_list("pk", flat=True))
    return render(
        request,
        "consultations/dashboard.html",
        {
            "consultations": visible,
            "managed": managed,
            "form": ConsultationCreateForm() if can_create_consultations(request.user) else None,
        },
    )


@login_required
@require_POST
def consultation_new(request: HttpRequest) -> HttpResponse:
    access_create_consultation(request.user)
    form = ConsultationCreateForm(request.POST)
    if form.is_valid():
        try:
            consultation = consultation_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Consultation created."))
            return redirect("consultation", slug=consultation.slug)
    visible = consultations_visible_to(request.user)
    return render(
        request,
        "consultations/dashboard.html",
        {"consultations": visible, "managed": set(), "form": form},
        status=400,
    )
