# SPDX-License-Identifier: EUPL-1.2
"""ASGI entry point, served by uvicorn (`inspraak serve`)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django_application = get_asgi_application()

from inspraak.core.asgi_limits import BodyLimit  # noqa: E402 - needs Django set up

# Request bodies above the limit are refused before Django spools them.
application = BodyLimit(django_application)

# Load every view now, before the server accepts connections. Importing the URLconf pulls
# in the analysis libraries (15 s on a busy 2-core machine); done lazily, the first
# requests after a start or restart waited for it and were dropped by the hundred
# (benchmarks/live_load.py), where now the port opens when the server can answer.
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018
