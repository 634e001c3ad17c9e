# SPDX-License-Identifier: EUPL-1.2
"""The organiser's page for the consultation's mailbox."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inspraak.consultations.access import access_consultation
from inspraak.intake.mail.mailbox import MailboxForm, mailbox_fetch, mailbox_set
from inspraak.intake.mail.services import MailFetchError
from inspraak.intake.models import Mailbox


@login_required
def mailbox_page(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    mailbox = Mailbox.objects.filter(consultation=consultation).first()
    initial = (
        {n: getattr(mailbox, n) for n in ("host", "port", "tls", "starttls", "username", "folder")}
        if mailbox
        else None
    )
    form = MailboxForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            mailbox_set(consultation=consultation, data=form.cleaned_data, actor=request.user)
        except ValidationError as error:
            form.add_error("password", error)
        else:
            messages.success(request, _("The mailbox is connected."))
            return redirect("mailbox", slug=slug)
    return render(
        request,
        "intake/mailbox.html",
        {"consultation": consultation, "mailbox": mailbox, "form": form},
    )


@login_required
@require_POST
def mailbox_fetch_view(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = access_consultation(request.user, slug, manage=True)
    mailbox = Mailbox.objects.filter(consultation=consultation).first()
    if mailbox is None:
        messages.error(request, _("Connect a mailbox first."))
        return redirect("mailbox", slug=slug)
    try:
        mailbox_fetch(mailbox=mailbox, actor=request.user)
    except MailFetchError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, mailbox.last_result)
    return redirect("mailbox", slug=slug)
