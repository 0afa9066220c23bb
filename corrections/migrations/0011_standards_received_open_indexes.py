"""Indexes that hold every column the standards dashboard counts: the reports received in a
period, and the open ones however old (the decided ones have 0007's index)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("corrections", "0010_suggestion_open_triage_order"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="suggestion",
            index=models.Index(
                fields=["created_at", "kind", "article"], name="suggestion_standards_received"
            ),
        ),
        migrations.AddIndex(
            model_name="suggestion",
            index=models.Index(
                condition=models.Q(("status", "new")),
                fields=["created_at", "kind", "article"],
                name="suggestion_standards_open",
            ),
        ),
    ]
