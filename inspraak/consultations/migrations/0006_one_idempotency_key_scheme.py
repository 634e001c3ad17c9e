# Every channel's idempotency key is now stored as sha256(channel, key): rewrite the
# keys stored before, so a file imported again is still recognised.
import hashlib

from django.db import migrations


def rehash_keys(apps, schema_editor):
    Contribution = apps.get_model("consultations", "Contribution")
    rows = Contribution.objects.exclude(import_key="").only("pk", "channel", "import_key")
    for row in rows.iterator(chunk_size=1000):
        row.import_key = hashlib.sha256(f"{row.channel}\x1f{row.import_key}".encode()).hexdigest()
        row.save(update_fields=["import_key"])


class Migration(migrations.Migration):
    dependencies = [("consultations", "0005_attendance_activity_and_endorsements")]

    operations = [migrations.RunPython(rehash_keys, migrations.RunPython.noop)]
