"""The public site speaks the site's language or an article's own; the desk the editor's."""

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation import ngettext

from factories import make_article, make_author

pytestmark = pytest.mark.django_db

MARCH_5 = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode())[1]


def structured_data(response) -> dict:
    script = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode()
    )
    return json.loads(script[1])


def test_public_pages_do_not_follow_the_browsers_language(client):
    article = make_article()
    for url in ["/", article.get_absolute_url(), "/corrections/"]:
        response = client.get(url, headers={"Accept-Language": "uk"})
        assert html_lang(response) == "en", url
        assert "Skip to content" in response.content.decode()
        assert "Accept-Language" not in response.get("Vary", ""), url


def test_the_site_language_serves_every_public_page_in_it(client, settings):
    settings.LANGUAGE_CODE = "uk"
    article = make_article()
    pages = {
        "/": "Перейти до основного вмісту",
        article.get_absolute_url(): "Запропонувати виправлення",
        article.get_absolute_url() + "changes/": "Історія змін",
        article.get_absolute_url() + "suggest/": "Надіслати пропозицію",
        "/corrections/": "Виправлень поки що не опубліковано.",
        "/corrections/policy/": "Правила виправлень",
        "/no-such-section/": "Ми не знайшли цієї сторінки",
    }
    for url, words in pages.items():
        response = client.get(url, headers={"Accept-Language": "en"})
        assert html_lang(response) == "uk", url
        assert words in response.content.decode(), url


def test_the_desk_follows_the_editors_browser(client):
    ukrainian = client.get("/admin/login/", headers={"Accept-Language": "uk,en;q=0.5"})
    english = client.get("/admin/login/", headers={"Accept-Language": "en-GB"})
    assert html_lang(ukrainian) == "uk" and "Увійти" in ukrainian.content.decode()
    assert html_lang(english) == "en" and "Log in" in english.content.decode()
    assert "Accept-Language" in ukrainian["Vary"]


def test_an_editor_sets_an_articles_language_in_the_admin(admin_client):
    article = make_article()
    html = admin_client.get(f"/admin/newsroom/article/{article.pk}/change/").content.decode()
    assert '<select name="language"' in html
    assert '<option value="uk">Ukrainian</option>' in html


def test_an_article_in_ukrainian_speaks_ukrainian_on_an_english_site(client):
    article = make_article(
        language="uk",
        title="Пором до Гарри",
        published_at=MARCH_5,
        authors=[make_author(name="Ярина Ковальчук")],
    )
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert html_lang(response) == "uk"
    assert "Помітили помилку?" in html and "Spotted a mistake?" not in html
    assert "5 березня 2026" in html  # the month in the genitive, as a date is written
    assert 'Текст: <span class="article__author">Ярина Ковальчук</span>' in html
    # The site's own navigation (section names) stays marked as the site's language.
    assert '<ul lang="en">' in html
    assert structured_data(response)["inLanguage"] == "uk"


def test_an_article_without_a_language_speaks_the_sites(client, settings):
    article = make_article(published_at=MARCH_5)
    response = client.get(article.get_absolute_url())
    assert html_lang(response) == "en"
    assert "5 March 2026" in response.content.decode()
    assert structured_data(response)["inLanguage"] == "en"
    settings.LANGUAGE_CODE = "uk"
    assert structured_data(client.get(article.get_absolute_url()))["inLanguage"] == "uk"


def test_an_articles_language_does_not_leak_into_the_next_page(client):
    ukrainian = make_article(language="uk")
    client.get(ukrainian.get_absolute_url())
    response = client.get("/corrections/")
    assert html_lang(response) == "en"
    assert translation.get_language() == "en"


def test_cached_pages_are_never_served_in_another_language(client, settings):
    article = make_article()
    assert html_lang(client.get("/")) == "en"
    assert html_lang(client.get(article.get_absolute_url())) == "en"
    # Another app server on the same cache, started with LANGUAGE_CODE=uk.
    settings.LANGUAGE_CODE = "uk"
    assert html_lang(client.get("/")) == "uk"
    assert html_lang(client.get(article.get_absolute_url())) == "uk"


def test_changing_an_articles_language_renders_its_cached_page_again(client):
    article = make_article()
    assert html_lang(client.get(article.get_absolute_url())) == "en"
    article.language = "uk"
    article.save()
    assert html_lang(client.get(article.get_absolute_url())) == "uk"


def test_listings_mark_an_article_in_another_language(client):
    make_article(language="uk", title="Пором до Гарри", standfirst="Новий розклад.")
    html = client.get("/").content.decode()
    assert '<h2 class="card__title" lang="uk">' in html
    assert '<p class="card__standfirst" lang="uk">' in html


@pytest.mark.parametrize(
    ("count", "form"),
    [
        (1, "1 пропозиція"),
        (2, "2 пропозиції"),
        (4, "4 пропозиції"),
        (5, "5 пропозицій"),
        (11, "11 пропозицій"),
        (12, "12 пропозицій"),
        (21, "21 пропозиція"),
        (22, "22 пропозиції"),
        (25, "25 пропозицій"),
        (111, "111 пропозицій"),
    ],
)
def test_ukrainian_counts_take_the_right_plural_form(count, form):
    with translation.override("uk"):
        text = ngettext("%(counter)s suggestion", "%(counter)s suggestions", count)
    assert text % {"counter": count} == form


BYLINE = Template("{% load newsroom %}{% byline names %}")


@pytest.mark.parametrize(
    ("language", "names", "expected"),
    [
        ("en", ["Ann"], "By <b>Ann</b>"),
        ("en", ["Ann", "Bo"], "By <b>Ann</b> and <b>Bo</b>"),
        ("en", ["Ann", "Bo", "Cy"], "By <b>Ann</b>, <b>Bo</b> and <b>Cy</b>"),
        ("uk", ["Ann", "Bo", "Cy"], "Текст: <b>Ann</b>, <b>Bo</b> і <b>Cy</b>"),
        ("en", ["<i>Eve</i>"], "By <b>&lt;i&gt;Eve&lt;/i&gt;</b>"),
    ],
)
def test_a_byline_is_translated_as_a_whole(language, names, expected):
    with translation.override(language):
        html = BYLINE.render(Context({"names": names}))
    assert html.replace('<span class="article__author">', "<b>").replace("</span>", "</b>") == (
        expected
    )


def site_language_from_environment(value: str) -> subprocess.CompletedProcess:
    environment = os.environ | {"DJANGO_DEBUG": "1", "LANGUAGE_CODE": value}
    return subprocess.run(
        [sys.executable, "-c", "from newsroom import settings; print(settings.LANGUAGE_CODE)"],
        cwd=Path(__file__).resolve().parents[2],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize(("value", "language"), [("uk", "uk"), ("UK", "uk"), ("", "en")])
def test_the_site_language_comes_from_the_environment(value, language):
    result = site_language_from_environment(value)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == language


def test_a_language_the_site_cannot_speak_is_refused_at_start():
    result = site_language_from_environment("de")
    assert result.returncode != 0
    assert "LANGUAGE_CODE 'de' is not one of en, uk" in result.stderr
