import io
import json
import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from corrections.models import ChangeNote
from factories import edit_article, make_article, make_author, make_change_note

pytestmark = pytest.mark.django_db

Kind = ChangeNote.Kind
SITE = "http://127.0.0.1:8000"


def structured_data(client, article) -> dict:
    html = client.get(article.get_absolute_url()).content.decode()
    [script] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(script)


def test_news_article_fields(client, settings):
    settings.SITE_URL = SITE
    published = timezone.now() - timedelta(days=2)
    article = make_article(
        title="Quay reopens",
        standfirst="After two years.",
        authors=[make_author(name="Mara Quill"), make_author(name="Ben Ashdown")],
        published_at=published,
    )
    data = structured_data(client, article)
    url = f"{SITE}{article.get_absolute_url()}"
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Quay reopens"
    assert data["description"] == "After two years."
    assert data["mainEntityOfPage"] == url
    assert data["author"] == [
        {"@type": "Person", "name": "Ben Ashdown"},
        {"@type": "Person", "name": "Mara Quill"},
    ]
    assert data["datePublished"] == published.isoformat()
    assert data["dateModified"] == published.isoformat()
    assert data["publisher"] == {
        "@type": "NewsMediaOrganization",
        "name": settings.SITE_NAME,
        "url": f"{SITE}/",
        "correctionsPolicy": f"{SITE}/corrections/policy/",
    }
    assert "correction" not in data
    assert "image" not in data


def test_corrections_and_clarifications_are_correction_comments(client, settings):
    settings.SITE_URL = SITE
    article = make_article()
    now = timezone.now()
    correction = make_change_note(
        article=article, kind=Kind.CORRECTION, text="Wrong cost.", published_at=now - timedelta(1)
    )
    clarification = make_change_note(
        article=article, kind=Kind.CLARIFICATION, text="Clearer now.", published_at=now
    )
    for kind in (Kind.UPDATE, Kind.EDITORS_NOTE, Kind.MINOR_FIX):
        make_change_note(article=article, kind=kind, text=f"Not a correction: {kind}")
    data = structured_data(client, article)
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "Wrong cost.",
            "datePublished": correction.published_at.isoformat(),
            "url": f"{SITE}{article.get_absolute_url()}changes/#note-{correction.pk}",
        },
        {
            "@type": "CorrectionComment",
            "text": "Clearer now.",
            "datePublished": clarification.published_at.isoformat(),
            "url": f"{SITE}{article.get_absolute_url()}changes/#note-{clarification.pk}",
        },
    ]


def test_date_modified_ignores_minor_fixes_and_follows_corrections(client):
    article = make_article()
    published = article.published_at.isoformat()
    revision = edit_article(article, body="Fixed a typo.")
    make_change_note(article=article, kind=Kind.MINOR_FIX, revision_after=revision)
    assert structured_data(client, article)["dateModified"] == published
    revision = edit_article(article, body="Fixed a fact.")
    correction = make_change_note(article=article, kind=Kind.CORRECTION, revision_after=revision)
    assert structured_data(client, article)["dateModified"] == correction.published_at.isoformat()


def test_a_note_cannot_break_out_of_the_script_element(client):
    article = make_article()
    text = "</script><script>alert(1)</script><!-- & -->"
    make_change_note(article=article, text=text)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "</script><script>alert(1)" not in html
    assert structured_data(client, article)["correction"][0]["text"] == text


def test_the_script_needs_no_nonce(client):
    html = client.get(make_article().get_absolute_url()).content.decode()
    assert '<script type="application/ld+json">' in html
    assert "nonce" not in html


def test_the_lead_image_is_given_with_its_full_address(client, settings):
    settings.SITE_URL = SITE
    buffer = io.BytesIO()
    Image.new("RGB", (8, 6), "navy").save(buffer, "PNG")
    article = make_article(lead_image=SimpleUploadedFile("quay.png", buffer.getvalue()))
    [image] = structured_data(client, article)["image"]
    assert image.startswith(f"{SITE}/media/lead-images/")
    assert image.endswith(".png")
