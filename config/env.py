# SPDX-License-Identifier: EUPL-1.2
"""Every tunable of inspraak, declared once: name, default, help.

Settings come from the environment (see `.env.example` and docs/configuration.md).
A test fails when a setting here is missing from either document.
"""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "INSPRAAK_DATA_DIR",
        "data",
        "Folder for the SQLite database, uploads and the generated secret key.",
    ),
    Setting(
        "DATABASE_URL",
        "",
        "PostgreSQL URL (postgres://user:pass@host:port/name); empty uses SQLite in the data folder.",
    ),
    Setting(
        "INSPRAAK_SECRET_KEY",
        "",
        "Django secret key; empty generates one once and keeps it in the data folder.",
    ),
    Setting("INSPRAAK_DEBUG", "false", "Django debug mode: never in production."),
    Setting(
        "INSPRAAK_ALLOWED_HOSTS",
        "localhost,127.0.0.1,[::1]",
        "Comma-separated host names this server answers to.",
    ),
    Setting(
        "INSPRAAK_CSRF_TRUSTED_ORIGINS",
        "",
        "Comma-separated origins (https://example.org) trusted for form posts behind a proxy.",
    ),
    Setting(
        "INSPRAAK_HTTPS",
        "false",
        "Production behind TLS: secure cookies, HSTS, redirect to https, trust X-Forwarded-Proto.",
    ),
    Setting(
        "INSPRAAK_HSTS_SECONDS",
        "31536000",
        "Strict-Transport-Security max-age in seconds when INSPRAAK_HTTPS is on.",
    ),
    Setting("INSPRAAK_LANGUAGE", "nl", "Default interface language (nl or en)."),
    Setting(
        "INSPRAAK_TIME_ZONE",
        "Europe/Amsterdam",
        "Time zone for showing dates; stored times are UTC.",
    ),
    Setting(
        "INSPRAAK_IMPORT_MAX_BYTES", "10485760", "Largest file accepted by an import, in bytes."
    ),
    Setting(
        "INSPRAAK_CONTRIBUTION_MAX_CHARS",
        "5000",
        "Longest contribution text accepted by an import, in characters.",
    ),
    Setting(
        "INSPRAAK_REPORT_MIN_CELL",
        "5",
        "Smallest group a published breakdown shows; smaller cells are merged into other or left out.",
    ),
    Setting(
        "INSPRAAK_LOGIN_FAILURE_LIMIT",
        "5",
        "Failed logins per user name and address before a cool-off.",
    ),
    Setting(
        "INSPRAAK_LOGIN_COOLOFF_MIN", "15", "Cool-off after too many failed logins, in minutes."
    ),
    Setting(
        "INSPRAAK_LIVE_POSTIT_MAX_CHARS", "280", "Longest post-it a phone may send, in characters."
    ),
    Setting(
        "INSPRAAK_LIVE_RATE_PER_TOKEN_MIN",
        "30",
        "Live session writes (join, post, edit, vote) per phone per minute.",
    ),
    Setting(
        "INSPRAAK_LIVE_RATE_PER_IP_MIN",
        "3000",
        "Live session writes per address per minute; a room behind one router shares one address.",
    ),
    Setting("INSPRAAK_LOG_LEVEL", "INFO", "Log level for inspraak's own loggers."),
)

_BY_NAME = {s.name: s for s in SETTINGS}


def env_str(name: str) -> str:
    """The setting's value from the environment, or its declared default."""
    return os.environ.get(name, _BY_NAME[name].default)


def env_bool(name: str) -> bool:
    value = env_str(name).strip().lower()
    if value in {"1", "true", "yes", "on", "ja"}:
        return True
    if value in {"0", "false", "no", "off", "nee", ""}:
        return False
    raise ValueError(f"{name} must be true or false, not {value!r}")


def env_int(name: str) -> int:
    value = env_str(name)
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{name} must be a whole number, not {value!r}") from None


def env_list(name: str) -> list[str]:
    return [part.strip() for part in env_str(name).split(",") if part.strip()]
