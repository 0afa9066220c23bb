from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_current_description(apps, schema_editor):
    # As with the caption and credit (0004): until now a description edit made no
    # revision, so the article's current text is the only one on record; the first edit
    # after this migration is diffed against what readers actually had.
    Article = apps.get_model("newsroom", "Article")
    Revision = apps.get_model("newsroom", "Revision")
    article = Article.objects.filter(pk=OuterRef("article_id"))
    Revision.objects.update(lead_image_alt=Subquery(article.values("lead_image_alt")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0005_article_language"),
    ]

    operations = [
        migrations.AddField(
            model_name="revision",
            name="lead_image_alt",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="lead image description"
            ),
        ),
        migrations.AddField(
            model_name="revision",
            name="alt_diff_html",
            field=models.TextField(
                blank=True, editable=False, verbose_name="image description diff"
            ),
        ),
        migrations.RunPython(copy_current_description, migrations.RunPython.noop),
    ]
