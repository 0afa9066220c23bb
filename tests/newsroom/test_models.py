from datetime import UTC

import pytest
from django.db import IntegrityError

from factories import edit_article, make_article, make_author, make_picture, make_section
from newsroom.models import Article, Revision

pytestmark = pytest.mark.django_db


def test_publishing_creates_the_first_revision():
    article = make_article()
    [revision] = article.revisions.all()
    assert revision.number == 1
    assert revision.title == article.title
    assert "harbour wall" in revision.canonical_text
    assert len(revision.sha256) == 64
    article.refresh_from_db()
    assert article.current_revision == revision


def test_a_draft_has_no_revision():
    article = make_article(published=False)
    assert article.revisions.count() == 0
    edit_article(article, body="Still a draft, edited.")
    assert article.revisions.count() == 0


def test_publishing_a_draft_creates_its_first_revision():
    article = make_article(published=False)
    revision = edit_article(
        article, status=Article.Status.PUBLISHED, published_at=article.created_at
    )
    assert revision.number == 1
    assert article.revisions.count() == 1


def test_a_published_edit_creates_exactly_one_revision():
    article = make_article()
    revision = edit_article(article, body="A corrected body with *new* words.")
    assert revision.number == 2
    assert article.revisions.count() == 2
    assert revision.body_html == "<p>A corrected body with <em>new</em> words.</p>"
    assert revision.canonical_text == "A corrected body with new words."


@pytest.mark.parametrize(
    "field", ["title", "standfirst", "body", "lead_image_caption", "lead_image_credit"]
)
def test_each_public_field_makes_a_revision(field):
    article = make_article()
    edit_article(article, **{field: "Something else entirely"})
    assert article.revisions.count() == 2


def test_saving_without_a_text_change_makes_no_revision():
    article = make_article(lead_image_caption="The quay at dusk", lead_image_credit="A. Reporter")
    assert edit_article(article, lead_image_caption="The quay at dusk") is None
    assert article.revisions.count() == 1


def test_a_caption_only_edit_is_recorded_with_its_diff():
    # Issue 11, item 8: the caption and credit are read on the page like the headline, so
    # changing them on a published article is no silent edit.
    article = make_article(lead_image_caption="The quay at dusk", lead_image_credit="A. Reporter")
    revision = edit_article(
        article, lead_image_caption="The quay at dawn", lead_image_credit="B. Reporter"
    )
    assert revision.number == 2
    assert (revision.lead_image_caption, revision.lead_image_credit) == (
        "The quay at dawn",
        "B. Reporter",
    )
    assert revision.caption_diff_html == "The quay at <del>dusk</del><ins>dawn</ins>"
    assert revision.credit_diff_html == "<del>A</del><ins>B</ins>. Reporter"
    assert revision.title_diff_html == revision.body_diff_html == ""
    assert article.current_revision == revision


def test_an_image_description_edit_is_recorded_with_its_diff():
    # A screen reader reads the description instead of the picture: it is read on the page.
    article = make_article(lead_image_alt="Divers beside the harbour wall")
    revision = edit_article(article, lead_image_alt="Engineers beside the harbour wall")
    assert revision.number == 2
    assert revision.lead_image_alt == "Engineers beside the harbour wall"
    assert revision.alt_diff_html == "<del>Divers</del><ins>Engineers</ins> beside the harbour wall"
    assert edit_article(article, lead_image_alt="Engineers beside the harbour wall") is None


def test_the_first_revision_keeps_the_caption_and_credit():
    article = make_article(lead_image_caption="The quay", lead_image_credit="A. Reporter")
    first = article.current_revision
    assert (first.lead_image_caption, first.lead_image_credit) == ("The quay", "A. Reporter")
    assert first.caption_diff_html == first.credit_diff_html == ""


def test_the_first_revision_keeps_the_byline_section_and_picture_readers_see():
    article = make_article(
        section=make_section(name="Harbour"),
        authors=[make_author(name="Cy Day"), make_author(name="Ann Lee")],
        lead_image=make_picture(),
    )
    first = article.current_revision
    # In the order the article shows them.
    assert first.byline == ["Ann Lee", "Cy Day"] == article.author_names
    assert first.section_name == "Harbour"
    assert first.lead_image_name == article.lead_image.name != ""
    assert first.byline_diff_html == first.section_diff_html == first.picture_change == ""


def test_a_byline_only_edit_is_recorded_with_its_change():
    ann, bo = make_author(name="Ann Lee"), make_author(name="Bo Chan")
    article = make_article(authors=[ann, bo])

    revision = edit_article(article, authors=[ann, make_author(name="Cy Day")])

    assert revision.number == 2
    assert revision.byline == ["Ann Lee", "Cy Day"]
    assert revision.byline_diff_html == "<del>Ann Lee, Bo Chan</del> → <ins>Ann Lee, Cy Day</ins>"
    assert revision.title_diff_html == revision.body_diff_html == ""
    assert revision.section_diff_html == revision.picture_change == ""
    assert edit_article(article, authors=[ann, *article.authors.exclude(pk=ann.pk)]) is None


def test_the_byline_on_record_outlives_a_renamed_or_deleted_author():
    ann, bo = make_author(name="Ann Lee"), make_author(name="Bo Chan")
    article = make_article(authors=[ann, bo])
    ann.name = "Ann Lee-Moss"
    ann.save()
    bo.delete()
    assert Revision.objects.get(article=article).byline == ["Ann Lee", "Bo Chan"]


def test_a_section_only_edit_is_recorded_with_its_change():
    article = make_article(section=make_section(name="Harbour"))
    revision = edit_article(article, section=make_section(name="City & <Coast>"))
    assert revision.section_name == "City & <Coast>"
    assert revision.section_diff_html == "<del>Harbour</del> → <ins>City &amp; &lt;Coast&gt;</ins>"
    assert revision.byline_diff_html == revision.body_diff_html == ""


def test_adding_replacing_and_removing_the_picture_are_each_recorded():
    article = make_article()
    added = edit_article(article, lead_image=make_picture("first.png"))
    replaced = edit_article(article, lead_image=make_picture("second.png", "teal"))
    removed = edit_article(article, lead_image="")

    assert [added.picture_change, replaced.picture_change, removed.picture_change] == [
        Revision.PictureChange.ADDED,
        Revision.PictureChange.REPLACED,
        Revision.PictureChange.REMOVED,
    ]
    assert added.lead_image_name != replaced.lead_image_name != ""
    assert removed.lead_image_name == ""
    assert edit_article(article, lead_image="") is None


def test_saving_with_byline_section_and_picture_unchanged_makes_no_revision():
    authors = [make_author(), make_author()]
    article = make_article(authors=authors, lead_image=make_picture())
    assert edit_article(article, authors=authors, section=article.section) is None
    assert edit_article(article) is None
    assert article.revisions.count() == 1


def test_revisions_are_immutable():
    revision = make_article().current_revision
    revision.title = "Rewritten history"
    with pytest.raises(ValueError, match="immutable"):
        revision.save()
    assert Revision.objects.get(pk=revision.pk).title != "Rewritten history"


def test_revision_numbers_are_unique_per_article():
    revision = make_article().current_revision
    with pytest.raises(IntegrityError):
        Revision.objects.create(
            article=revision.article, number=1, title="x", body_html="", canonical_text=""
        )


def test_a_published_article_needs_a_publication_time():
    article = make_article(published=False)
    article.status = Article.Status.PUBLISHED
    article.published_at = None
    with pytest.raises(IntegrityError):
        article.save()


def test_published_excludes_drafts_and_future_articles():
    from datetime import timedelta

    from django.utils import timezone

    visible = make_article()
    make_article(published=False)
    make_article(published_at=timezone.now() + timedelta(days=1))
    assert list(Article.objects.published()) == [visible]


def test_an_articles_address_follows_its_slug_section_and_date_on_the_same_object():
    from datetime import timedelta

    from factories import make_section

    article = make_article(slug="harbour-wall")
    assert article.get_absolute_url().endswith("/harbour-wall/")
    article.slug = "harbour-wall-repairs"
    assert article.get_absolute_url().endswith("/harbour-wall-repairs/")
    article.section = make_section(slug="weather")
    assert article.get_absolute_url().startswith("/weather/")
    article.published_at -= timedelta(days=400)
    assert f"/{article.published_at.year}/" in article.get_absolute_url()


def test_a_drafts_address_carries_the_day_it_is_asked_for(monkeypatch):
    from datetime import datetime

    from django.utils import timezone

    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 11, 30, 12, tzinfo=UTC))
    assert "/2026/11/30/" in draft.get_absolute_url()
    monkeypatch.setattr(timezone, "now", lambda: datetime(2026, 12, 1, 12, tzinfo=UTC))
    assert "/2026/12/01/" in draft.get_absolute_url()


def test_a_sections_address_follows_its_slug():
    from factories import make_section

    section = make_section(slug="harbour")
    assert section.get_absolute_url() == "/harbour/"
    section.slug = "port"
    assert section.get_absolute_url() == "/port/"
