"""Encrypt stored mailbox passwords and add STARTTLS.

The key derivation repeats inspraak.core.sealed (migrations never import app code);
both must stay the same for stored passwords to stay readable.
"""

import base64

from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import migrations, models


def _fernet():
    key = getattr(settings, "INSPRAAK_ENCRYPTION_KEY", "")
    if key:
        return Fernet(key.encode())
    hkdf = HKDF(
        algorithm=hashes.SHA256(), length=32, salt=b"inspraak", info=b"inspraak stored secrets v1"
    )
    return Fernet(base64.urlsafe_b64encode(hkdf.derive(settings.SECRET_KEY.encode())))


def seal_passwords(apps, schema_editor):
    Mailbox = apps.get_model("intake", "Mailbox")
    fernet = _fernet()
    for mailbox in Mailbox.objects.exclude(password=""):
        token = fernet.encrypt(mailbox.password.encode()).decode("ascii")
        mailbox.password_sealed = "fernet:" + token
        mailbox.save(update_fields=["password_sealed"])


def open_passwords(apps, schema_editor):
    Mailbox = apps.get_model("intake", "Mailbox")
    fernet = _fernet()
    for mailbox in Mailbox.objects.exclude(password_sealed=""):
        token = mailbox.password_sealed.removeprefix("fernet:").encode("ascii")
        mailbox.password = fernet.decrypt(token).decode()
        mailbox.save(update_fields=["password"])


class Migration(migrations.Migration):
    dependencies = [
        ("intake", "0002_consultation_mailbox"),
    ]

    operations = [
        migrations.AddField(
            model_name="mailbox",
            name="starttls",
            field=models.BooleanField(default=False, verbose_name="STARTTLS"),
        ),
        migrations.AddField(
            model_name="mailbox",
            name="password_sealed",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(seal_passwords, open_passwords),
        migrations.RemoveField(model_name="mailbox", name="password"),
    ]
