"""The first version of the income-support list (försörjningskällor).

The national code lists were not available (DOMAIN.md §3); this list follows the groupings of
Gävleborg's Trisam goals. Later changes end an entry's validity and add new ones.
"""

import datetime

from django.db import migrations

FIRST_DAY = datetime.date(2014, 1, 1)
SOURCES = [
    ("lon", "Lön", "towards", False),
    ("aktivitetsstod", "Aktivitetsstöd, utvecklings- eller etableringsersättning", "towards", False),
    ("a-kassa", "Arbetslöshetsersättning (a-kassa)", "towards", False),
    ("studiemedel", "Studiemedel (CSN)", "towards", False),
    ("sjukpenning", "Sjukpenning eller rehabiliteringspenning", "away", False),
    ("sjukersattning", "Sjuk- eller aktivitetsersättning", "away", False),
    ("forsorjningsstod", "Försörjningsstöd (ekonomiskt bistånd)", "away", False),
    ("annan", "Annan offentlig ersättning", "other", False),
    ("ingen", "Ingen offentlig försörjning", "other", True),
]


def load(apps, schema_editor):
    source_model = apps.get_model("cases", "IncomeSupportSource")
    for order, (code, name, direction, exclusive) in enumerate(SOURCES, start=1):
        source_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "direction": direction,
                "excludes_others": exclusive,
                "valid_from": FIRST_DAY,
                "order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
