"""Data migrations fill the record with what readers saw, not with blanks."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("newsroom", "0006_revision_alt")]
AFTER = [("newsroom", "0007_revision_byline_section_picture")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_existing_revisions_get_the_current_byline_section_and_picture():
    old = migrate(BEFORE)
    try:
        Section = old.get_model("newsroom", "Section")
        Author = old.get_model("newsroom", "Author")
        Article = old.get_model("newsroom", "Article")
        Revision = old.get_model("newsroom", "Revision")
        harbour = Section.objects.create(name="Harbour", slug="harbour")
        article = Article.objects.create(
            title="T",
            slug="t",
            body="B",
            section=harbour,
            # With its size stored, so that nothing opens the (absent) file.
            lead_image="lead-images/q.png",
            lead_image_width=16,
            lead_image_height=9,
        )
        article.authors.set(
            [Author.objects.create(name=name, slug=name.lower()) for name in ("Cy", "Ann")]
        )
        bare = Article.objects.create(title="U", slug="u", body="B", section=harbour)
        for target, number in ((article, 1), (article, 2), (bare, 1)):
            Revision.objects.create(
                article=target, number=number, title="T", body_html="", canonical_text=""
            )

        new = migrate(AFTER).get_model("newsroom", "Revision")

        filled = new.objects.order_by("article__slug", "number").values_list(
            "byline", "section_name", "lead_image_name"
        )
        assert list(filled) == [
            (["Ann", "Cy"], "Harbour", "lead-images/q.png"),
            (["Ann", "Cy"], "Harbour", "lead-images/q.png"),
            ([], "Harbour", ""),
        ]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
