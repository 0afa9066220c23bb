from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_current_byline_section_and_picture(apps, schema_editor):
    # As with the caption and credit (0004): until now a change of byline, section or
    # picture made no revision, so the article's current ones are the only ones on record;
    # the first change after this migration is shown against what readers actually had.
    Article = apps.get_model("newsroom", "Article")
    Revision = apps.get_model("newsroom", "Revision")
    Section = apps.get_model("newsroom", "Section")
    Revision.objects.update(
        section_name=Subquery(
            Section.objects.filter(articles=OuterRef("article_id")).values("name")[:1]
        ),
        lead_image_name=Subquery(
            Article.objects.filter(pk=OuterRef("article_id")).values("lead_image")[:1]
        ),
    )
    # Sorted as `newsroom.models.byline_names` orders a byline.
    published = Article.objects.filter(revisions__isnull=False, authors__isnull=False)
    for article in published.distinct().prefetch_related("authors"):
        names = sorted(author.name for author in article.authors.all())
        Revision.objects.filter(article=article).update(byline=names)


class Migration(migrations.Migration):
    dependencies = [
        ("newsroom", "0006_revision_alt"),
    ]

    operations = [
        migrations.AddField(
            model_name="revision",
            name="byline",
            field=models.JSONField(blank=True, default=list, verbose_name="byline"),
        ),
        migrations.AddField(
            model_name="revision",
            name="section_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="section"),
        ),
        migrations.AddField(
            model_name="revision",
            name="lead_image_name",
            field=models.CharField(blank=True, max_length=100, verbose_name="lead image file"),
        ),
        migrations.AddField(
            model_name="revision",
            name="byline_diff_html",
            field=models.TextField(blank=True, editable=False, verbose_name="byline change"),
        ),
        migrations.AddField(
            model_name="revision",
            name="section_diff_html",
            field=models.TextField(blank=True, editable=False, verbose_name="section change"),
        ),
        migrations.AddField(
            model_name="revision",
            name="picture_change",
            field=models.CharField(
                blank=True,
                choices=[("added", "Added"), ("replaced", "Replaced"), ("removed", "Removed")],
                editable=False,
                max_length=10,
                verbose_name="picture change",
            ),
        ),
        migrations.RunPython(copy_current_byline_section_and_picture, migrations.RunPython.noop),
    ]
