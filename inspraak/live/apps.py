# SPDX-License-Identifier: EUPL-1.2
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LiveConfig(AppConfig):
    name = "inspraak.live"
    label = "live"
    verbose_name = _("Live sessions")

    def ready(self) -> None:
        from inspraak.live.subscribers import subscribe_all

        subscribe_all()
