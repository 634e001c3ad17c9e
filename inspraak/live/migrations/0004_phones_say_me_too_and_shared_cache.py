# SPDX-License-Identifier: EUPL-1.2
from django.core.management import call_command
from django.db import migrations, models


def cache_table_create(apps, schema_editor):
    # The "shared" cache (phone join limits seen by every worker) lives in the database;
    # creating its table here means `migrate` is the only set-up step, as before.
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [
        ("live", "0003_support_recorded_by_the_facilitator"),
    ]

    operations = [
        migrations.AddField(
            model_name="livesession",
            name="endorse_open",
            field=models.BooleanField(default=False, verbose_name='phones may say "me too"'),
        ),
        migrations.RunPython(cache_table_create, migrations.RunPython.noop),
    ]
