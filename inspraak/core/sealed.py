# SPDX-License-Identifier: EUPL-1.2
"""Secrets inspraak must store to use later (a mailbox password), encrypted at rest.

Fernet (AES-128-CBC with HMAC-SHA256) under the operator's key
(INSPRAAK_ENCRYPTION_KEY), or else a key derived from SECRET_KEY with HKDF-SHA256.
A copy of the database alone then does not give away the password. Reading also
tries the derived key, so setting an operator key later keeps old rows readable.
The derivation must never change: migration intake 0003 repeats it.
"""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

PREFIX = "fernet:"
HKDF_SALT = b"inspraak"
HKDF_INFO = b"inspraak stored secrets v1"


def derived_key(secret_key: str) -> bytes:
    """The Fernet key derived from Django's SECRET_KEY."""
    hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=HKDF_SALT, info=HKDF_INFO)
    return base64.urlsafe_b64encode(hkdf.derive(secret_key.encode()))


def _fernet() -> MultiFernet:
    fernets = [Fernet(derived_key(settings.SECRET_KEY))]
    if settings.INSPRAAK_ENCRYPTION_KEY:
        try:
            fernets.insert(0, Fernet(settings.INSPRAAK_ENCRYPTION_KEY.encode()))
        except ValueError:
            raise ImproperlyConfigured(
                "INSPRAAK_ENCRYPTION_KEY must be a Fernet key (32 bytes, url-safe base64); make "
                "one with: python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'"
            ) from None
    return MultiFernet(fernets)


def secret_seal(plain: str) -> str:
    """The text encrypted for storage; empty stays empty."""
    if not plain:
        return ""
    return PREFIX + _fernet().encrypt(plain.encode()).decode("ascii")


def secret_open(sealed: str) -> str:
    """The stored text decrypted; empty when the key changed (the organiser gives it again)."""
    if not sealed.startswith(PREFIX):
        return ""
    try:
        return _fernet().decrypt(sealed[len(PREFIX) :].encode("ascii")).decode()
    except (InvalidToken, ValueError):
        return ""
