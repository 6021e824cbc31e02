"""The topics of III-A 1-6, and the starting level rule (levels.DEFAULT_RULE)."""

from django.db import migrations

TOPICS = [
    ("use-of-force", "III-A-1", "De-escalation and use of force"),
    ("schools", "III-A-2", "Schools and School Resource Officers"),
    ("people-in-crisis", "III-A-3", "People in crisis and Crisis Intervention Team members"),
    ("bias-free-policing", "III-A-4", "Impartial and bias-free policing"),
    ("accountability", "III-A-5", "Accountability and supervisory oversight"),
    ("investigatory-stops", "III-A-6", "Investigatory stops and protective pat downs"),
]


def forwards(apps, schema_editor):
    from townhall.engagements.levels import DEFAULT_RULE

    Topic = apps.get_model("engagements", "Topic")
    LevelRule = apps.get_model("engagements", "LevelRule")
    for slug, item, name in TOPICS:
        Topic.objects.get_or_create(slug=slug, defaults={"item": item, "name": name})
    if not LevelRule.objects.exists():
        LevelRule.objects.create(
            points=dict(DEFAULT_RULE.points),
            per_entity=DEFAULT_RULE.per_entity,
            entity_cap=DEFAULT_RULE.entity_cap,
            targeted_at=DEFAULT_RULE.targeted_at,
            enhanced_at=DEFAULT_RULE.enhanced_at,
            note="The starting rule.",
        )


class Migration(migrations.Migration):
    dependencies = [("engagements", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
