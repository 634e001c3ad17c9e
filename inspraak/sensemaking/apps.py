# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SensemakingConfig(AppConfig):
    name = "inspraak.sensemaking"
    label = "sensemaking"
    verbose_name = _("Sensemaking")

    def ready(self) -> None:
        from inspraak.sensemaking.subscribers import subscribe_all

        subscribe_all()
