from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("corrections", "0006_suggestion_part"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="suggestion",
            index=models.Index(
                condition=models.Q(("decided_at__isnull", False)),
                fields=["decided_at", "created_at", "status", "kind", "article", "change_note"],
                name="suggestion_standards_decided",
            ),
        ),
    ]
