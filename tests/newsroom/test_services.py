import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from factories import make_article
from newsroom.management.commands.seed_demo import LEAD_IMAGE_SIZE, lead_image
from newsroom.models import Article
from newsroom.services import article_save

pytestmark = pytest.mark.django_db


def _article_with_new_image(**fields) -> Article:
    # As seed_demo attaches a picture: saved to storage first, the article saved after.
    article = Article(
        title="Harbour lights", slug=fields.pop("slug", "harbour-lights"), body="Text.", **fields
    )
    picture = ContentFile(lead_image(("#102030", "#f0e0d0")))
    article.lead_image.save("lights.webp", picture, save=False)
    return article


def test_the_lead_image_size_is_stored_when_the_article_is_saved():
    section = make_article().section
    article = _article_with_new_image(section=section)
    article_save(article=article)
    stored = Article.objects.values("lead_image_width", "lead_image_height").get(pk=article.pk)
    assert stored == {
        "lead_image_width": LEAD_IMAGE_SIZE[0],
        "lead_image_height": LEAD_IMAGE_SIZE[1],
    }


def test_loading_an_article_never_opens_its_lead_image(monkeypatch):
    section = make_article().section
    article = _article_with_new_image(section=section)
    article_save(article=article)

    def refuse(*args, **kwargs):
        raise AssertionError("the image file was opened to read its size")

    monkeypatch.setattr(FileSystemStorage, "open", refuse)
    loaded = Article.objects.get(pk=article.pk)
    assert (loaded.lead_image_width, loaded.lead_image_height) == LEAD_IMAGE_SIZE


def test_removing_the_lead_image_forgets_its_size():
    section = make_article().section
    article = _article_with_new_image(section=section)
    article_save(article=article)
    article.lead_image = ""
    article_save(article=article)
    stored = Article.objects.values("lead_image_width", "lead_image_height").get(pk=article.pk)
    assert stored == {"lead_image_width": None, "lead_image_height": None}
