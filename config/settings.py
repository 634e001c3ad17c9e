# SPDX-License-Identifier: EUPL-1.2
"""Django settings: wiring only. Every value comes from config.env."""

from __future__ import annotations

import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from config.env import env_bool, env_int, env_list, env_str
from inspraak.core.files import private_file

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("INSPRAAK_DATA_DIR")).expanduser().resolve()
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)


def _secret_key() -> str:
    """Use the configured key, or generate one once and keep it private in the data folder."""
    configured = env_str("INSPRAAK_SECRET_KEY")
    if configured:
        return configured
    path = DATA_DIR / "secret_key"
    if not path.exists() or not path.read_text(encoding="ascii").strip():
        private_file(path).write_text(secrets.token_urlsafe(50), encoding="ascii")
    return private_file(path).read_text(encoding="ascii").strip()


SECRET_KEY = _secret_key()
DEBUG = env_bool("INSPRAAK_DEBUG")
ALLOWED_HOSTS = env_list("INSPRAAK_ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("INSPRAAK_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "axes",
    "inspraak.core",
    "inspraak.consultations",
    "inspraak.votes",
    "inspraak.sensemaking",
    "inspraak.intake",
    "inspraak.reports",
    "inspraak.live",
    "inspraak.decisions",
    "inspraak.api",
]

MIDDLEWARE = [
    # First: bounds how many requests of this process hold a database connection at once.
    "inspraak.live.middleware.ConcurrencyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "inspraak.core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "inspraak.core.middleware.PrivateCacheMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    # Under ASGI each request may run on another thread: no persistent connections.
    "default": dj_database_url.parse(env_str("DATABASE_URL"), conn_max_age=0)
    if env_str("DATABASE_URL")
    else {
        "ENGINE": "django.db.backends.sqlite3",
        # Created private before SQLite makes it with the umask's mode (0644).
        "NAME": private_file(DATA_DIR / "inspraak.sqlite3"),
        # WAL: readers (the wall's event streams) never block the writers (the phones).
        "OPTIONS": {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            # synchronous=NORMAL: in WAL mode a commit survives a killed process (the kill -9
            # test); only a power cut can lose the last commits. FULL fsyncs every commit,
            # which capped a live room at ~90 writes per second.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"

# Login rate limit (django-axes): per user name and address.
AXES_FAILURE_LIMIT = env_int("INSPRAAK_LOGIN_FAILURE_LIMIT")
AXES_COOLOFF_TIME = timedelta(minutes=env_int("INSPRAAK_LOGIN_COOLOFF_MIN"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The address from the trusted proxies, as for every other limit (not the leftmost hop).
AXES_CLIENT_IP_CALLABLE = "inspraak.core.clientaddr.client_address"

LANGUAGE_CODE = env_str("INSPRAAK_LANGUAGE")
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "inspraak" / "locale"]
TIME_ZONE = env_str("INSPRAAK_TIME_ZONE")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
# Serve static files straight from the apps: no collectstatic step needed to run.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("INSPRAAK_IMPORT_MAX_BYTES") + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE
INSPRAAK_IMPORT_MAX_BYTES = env_int("INSPRAAK_IMPORT_MAX_BYTES")
INSPRAAK_CONTRIBUTION_MAX_CHARS = env_int("INSPRAAK_CONTRIBUTION_MAX_CHARS")
INSPRAAK_REPORT_MIN_CELL = env_int("INSPRAAK_REPORT_MIN_CELL")
INSPRAAK_FORM_POINT_MAX_CHARS = env_int("INSPRAAK_FORM_POINT_MAX_CHARS")
INSPRAAK_LIVE_POSTIT_MAX_CHARS = env_int("INSPRAAK_LIVE_POSTIT_MAX_CHARS")
INSPRAAK_LIVE_RATE_PER_TOKEN_MIN = env_int("INSPRAAK_LIVE_RATE_PER_TOKEN_MIN")
INSPRAAK_LIVE_RATE_PER_IP_MIN = env_int("INSPRAAK_LIVE_RATE_PER_IP_MIN")
INSPRAAK_LIVE_JOIN_BURST = env_int("INSPRAAK_LIVE_JOIN_BURST")
INSPRAAK_LIVE_JOIN_PER_MIN = env_int("INSPRAAK_LIVE_JOIN_PER_MIN")
INSPRAAK_DB_CONCURRENCY = env_int("INSPRAAK_DB_CONCURRENCY")
# Per process by default; "shared" is in the database, so every worker process sees the
# same phone join counts (a per-process cache would multiply the limit by the workers).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "inspraak_cache",
        "OPTIONS": {"MAX_ENTRIES": 100000, "CULL_FREQUENCY": 4},
    },
}
CSRF_FAILURE_VIEW = "inspraak.live.views_phone.csrf_failure"
INSPRAAK_TRUSTED_PROXIES = env_list("INSPRAAK_TRUSTED_PROXIES")
INSPRAAK_MAIL_ALLOW_PRIVATE_HOSTS = env_bool("INSPRAAK_MAIL_ALLOW_PRIVATE_HOSTS")
INSPRAAK_MAIL_ALLOW_PLAIN = env_bool("INSPRAAK_MAIL_ALLOW_PLAIN")
INSPRAAK_ENCRYPTION_KEY = env_str("INSPRAAK_ENCRYPTION_KEY")

# Notices to participants go out through Django's SMTP backend (decisions.notices).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("INSPRAAK_EMAIL_HOST")
EMAIL_PORT = env_int("INSPRAAK_EMAIL_PORT")
EMAIL_HOST_USER = env_str("INSPRAAK_EMAIL_USER")
EMAIL_HOST_PASSWORD = env_str("INSPRAAK_EMAIL_PASSWORD")
EMAIL_USE_TLS = env_bool("INSPRAAK_EMAIL_STARTTLS")
EMAIL_TIMEOUT = env_int("INSPRAAK_EMAIL_TIMEOUT_S")
DEFAULT_FROM_EMAIL = env_str("INSPRAAK_EMAIL_FROM")
INSPRAAK_BASE_URL = env_str("INSPRAAK_BASE_URL").rstrip("/")
INSPRAAK_NOTICE_MAX_ATTEMPTS = env_int("INSPRAAK_NOTICE_MAX_ATTEMPTS")

# Security baseline; the https-only parts switch on behind TLS.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
# Content-Security-Policy (django-csp 4): scripts only from our own static files, never
# inline, so injected markup cannot run. Styles allow inline for now: report pages embed
# their stylesheet and matplotlib's SVG charts carry style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if env_bool("INSPRAAK_HTTPS"):
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env_int("INSPRAAK_HSTS_SECONDS")
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "inspraak": {"handlers": ["console"], "level": env_str("INSPRAAK_LOG_LEVEL")},
        # Every unhandled exception (django.request) with its traceback, also with DEBUG off;
        # Django's default sends it only to mail_admins, which is not configured here.
        "django": {"handlers": ["console"], "level": "ERROR"},
    },
}
