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
    Setting(
        "INSPRAAK_TRUSTED_PROXIES",
        "127.0.0.1,::1",
        "Comma-separated addresses or networks of the reverse proxies whose X-Forwarded-For is believed (uvicorn --forwarded-allow-ips).",
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
        "INSPRAAK_FORM_POINT_MAX_CHARS",
        "2000",
        "Longest point a web-form submission may hold, in characters.",
    ),
    Setting(
        "INSPRAAK_MAIL_ALLOW_PRIVATE_HOSTS",
        "false",
        "Let a mailbox use a mail server on this machine or an internal network (loopback, 10.x, 192.168.x).",
    ),
    Setting(
        "INSPRAAK_MAIL_ALLOW_PLAIN",
        "false",
        "Let a mailbox connect without TLS or STARTTLS (the password then crosses the network readable).",
    ),
    Setting(
        "INSPRAAK_ENCRYPTION_KEY",
        "",
        "Fernet key for stored secrets such as the mailbox password; empty derives one from the secret key.",
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
    Setting(
        "INSPRAAK_LIVE_JOIN_BURST",
        "30",
        "Phone joins one address may make at once before the join rate applies.",
    ),
    Setting(
        "INSPRAAK_LIVE_JOIN_PER_MIN",
        "300",
        "Phone joins per address per minute after the burst (a room of 500 joins in two minutes).",
    ),
    Setting(
        "INSPRAAK_DB_CONCURRENCY",
        "24",
        "Requests one worker process runs at once; the rest wait (bounds database connections).",
    ),
    Setting("INSPRAAK_LOG_LEVEL", "INFO", "Log level for inspraak's own loggers."),
    Setting(
        "INSPRAAK_BASE_URL",
        "http://localhost:8000",
        "Address people use to reach this server, for links in e-mails (participants' own pages).",
    ),
    Setting(
        "INSPRAAK_EMAIL_HOST",
        "localhost",
        "SMTP server that sends notices to participants.",
    ),
    Setting(
        "INSPRAAK_EMAIL_PORT",
        "25",
        "Port of the SMTP server.",
    ),
    Setting(
        "INSPRAAK_EMAIL_USER",
        "",
        "User name at the SMTP server; empty sends without logging in.",
    ),
    Setting(
        "INSPRAAK_EMAIL_PASSWORD",
        "",
        "Password at the SMTP server.",
    ),
    Setting(
        "INSPRAAK_EMAIL_STARTTLS",
        "false",
        "Switch the SMTP connection to TLS with STARTTLS.",
    ),
    Setting(
        "INSPRAAK_EMAIL_FROM",
        "inspraak@localhost",
        "Sender address of notices to participants.",
    ),
    Setting(
        "INSPRAAK_EMAIL_TIMEOUT_S",
        "30",
        "Give up on the SMTP server after this many seconds.",
    ),
    Setting(
        "INSPRAAK_NOTICE_MAX_ATTEMPTS",
        "5",
        "Tries per notice before the queue stops retrying it.",
    ),
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
