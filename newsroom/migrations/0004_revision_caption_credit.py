from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_current_caption_and_credit(apps, schema_editor):
    # Until now a caption or credit edit made no revision, so the article's current values
    # are the only ones on record, and they are what readers see with its latest revision.
    # Every existing revision gets them (not blanks): the first edit after this migration
    # is then diffed against what was actually on the page, instead of showing the whole
    # caption and credit as newly added, and no old revision claims there was no caption.
    Article = apps.get_model("newsroom", "Article")
    Revision = apps.get_model("newsroom", "Revision")
    article = Article.objects.filter(pk=OuterRef("article_id"))
    Revision.objects.update(
        lead_image_caption=Subquery(article.values("lead_image_caption")[:1]),
        lead_image_credit=Subquery(article.values("lead_image_credit")[:1]),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0003_current_revision_set_null"),
    ]

    operations = [
        migrations.AddField(
            model_name="revision",
            name="lead_image_caption",
            field=models.CharField(blank=True, max_length=300, verbose_name="lead image caption"),
        ),
        migrations.AddField(
            model_name="revision",
            name="lead_image_credit",
            field=models.CharField(blank=True, max_length=150, verbose_name="lead image credit"),
        ),
        migrations.AddField(
            model_name="revision",
            name="caption_diff_html",
            field=models.TextField(blank=True, editable=False, verbose_name="caption diff"),
        ),
        migrations.AddField(
            model_name="revision",
            name="credit_diff_html",
            field=models.TextField(blank=True, editable=False, verbose_name="credit diff"),
        ),
        migrations.RunPython(copy_current_caption_and_credit, migrations.RunPython.noop),
    ]
