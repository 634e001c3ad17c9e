# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConsultationsConfig(AppConfig):
    name = "inspraak.consultations"
    label = "consultations"
    verbose_name = _("Consultations")
