# SPDX-License-Identifier: EUPL-1.2
"""ASGI entry point, served by uvicorn (`inspraak serve`)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_asgi_application()

from inspraak.core.asgi_limits import BodyLimit  # noqa: E402 - needs Django set up

# Request bodies above the limit are refused before Django spools them.
application = BodyLimit(django_application)
