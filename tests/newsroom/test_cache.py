import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.test import override_settings
from django.urls import resolve

from factories import edit_article, make_article, make_change_note, make_section
from newsroom.cache import article_changed, cache_public_page, site_changed

pytestmark = pytest.mark.django_db

# Nothing listens on port 1 of the loopback: every connection is refused at once.
REDIS_DOWN = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}


def test_a_cached_article_page_costs_no_query(client, django_assert_num_queries):
    article = make_article(title="Ferry timetable changes")
    first = client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        second = client.get(article.get_absolute_url())
    assert second.status_code == 200
    assert second.content == first.content
    assert "Ferry timetable changes" in second.content.decode()


def test_an_uncached_article_page_costs_at_most_four_queries(client, django_assert_max_num_queries):
    article = make_article()
    with django_assert_max_num_queries(4):
        assert client.get(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("url", ["/", "/town/", "/town/?page=1"])
def test_home_and_section_pages_are_cached_too(client, django_assert_num_queries, url):
    make_article(section=make_section(slug="town"))
    client.get(url)
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200


def test_tracking_parameters_do_not_make_new_copies_of_a_page(client, django_assert_num_queries):
    article = make_article()
    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):
        client.get(article.get_absolute_url() + "?utm_source=newsletter")


def test_an_edit_is_visible_at_once(client):
    article = make_article(body="The bridge opens in May.")
    assert "opens in May" in client.get(article.get_absolute_url()).content.decode()
    edit_article(article, body="The bridge opens in June.")
    html = client.get(article.get_absolute_url()).content.decode()
    assert "opens in June" in html
    assert "opens in May" not in html


def test_a_new_headline_reaches_the_home_page_and_related_articles(client):
    section = make_section()
    article = make_article(section=section, title="Old headline")
    sibling = make_article(section=section)
    client.get("/")
    client.get(sibling.get_absolute_url())
    edit_article(article, title="New headline")
    assert "New headline" in client.get("/").content.decode()
    assert "New headline" in client.get(sibling.get_absolute_url()).content.decode()


def test_article_changed_invalidates_only_that_article(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    article, other = make_article(), make_article()
    client.get(article.get_absolute_url())
    client.get(other.get_absolute_url())
    article_changed(article)
    with django_assert_num_queries(0):
        client.get(other.get_absolute_url())
    with django_assert_max_num_queries(4) as rendered:
        client.get(article.get_absolute_url())
    assert len(rendered) > 0


def test_site_changed_invalidates_every_page(client, django_assert_max_num_queries):
    article = make_article()
    client.get(article.get_absolute_url())
    client.get("/")
    site_changed()
    with django_assert_max_num_queries(4) as cold_article:
        client.get(article.get_absolute_url())
    with django_assert_max_num_queries(4) as cold_home:
        client.get("/")
    assert len(cold_article) > 0
    assert len(cold_home) > 0


def test_a_page_survives_its_versions_being_evicted(client):
    article = make_article(body="The bridge opens in May.")
    client.get(article.get_absolute_url())
    cache.clear()
    edit_article(article, body="The bridge opens in June.")
    assert "opens in June" in client.get(article.get_absolute_url()).content.decode()


def test_public_pages_may_be_kept_briefly_by_browsers_and_proxies(client, settings):
    settings.PAGE_CACHE_MAX_AGE = 60
    article = make_article()
    for response in (client.get(article.get_absolute_url()), client.get("/")):
        cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
        assert cache_control == {"public", "max-age=60"}
        assert "Cookie" not in response.get("Vary", "")
        assert not response.cookies


def test_cached_pages_carry_no_per_visitor_content(client):
    article = make_article()
    for _ in range(2):
        response = client.get(article.get_absolute_url())
        html = response.content.decode()
        assert "csrfmiddlewaretoken" not in html
        assert "nonce" not in html
        assert "nonce-" not in response["Content-Security-Policy"]
        assert not response.cookies


def test_logged_in_editors_get_fresh_pages_and_no_public_caching(client, admin_user):
    article = make_article()
    client.get(article.get_absolute_url())
    client.force_login(admin_user)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "public" not in response.get("Cache-Control", "")


def test_a_page_that_used_the_csrf_token_is_never_stored(rf):
    calls = []

    @cache_public_page
    def form_page(request):
        calls.append(request)
        return HttpResponse(get_token(request))

    for _ in range(2):
        request = rf.get("/form/")
        request.resolver_match = resolve("/")
        response = form_page(request)
        assert "public" not in response.get("Cache-Control", "")
    assert len(calls) == 2


@override_settings(CACHES=REDIS_DOWN)
def test_pages_are_served_when_the_cache_is_down(client, caplog):
    article = make_article(body="The bridge opens in May.")
    for url in (article.get_absolute_url(), "/"):
        response = client.get(url)
        assert response.status_code == 200
    edit_article(article, body="The bridge opens in June.")
    assert "opens in June" in client.get(article.get_absolute_url()).content.decode()
    assert "Page cache unavailable" in caplog.text


def test_saving_or_deleting_a_part_of_an_article_invalidates_its_pages(
    client, django_assert_num_queries, django_assert_max_num_queries
):
    article, other = make_article(), make_article()
    for page in (article, other):
        client.get(page.get_absolute_url())
    note = make_change_note(article=article)
    with django_assert_max_num_queries(4) as rendered:
        client.get(article.get_absolute_url())
    assert len(rendered) > 0
    with django_assert_num_queries(0):
        client.get(other.get_absolute_url())
    note.delete()
    with django_assert_max_num_queries(4) as rendered:
        client.get(article.get_absolute_url())
    assert len(rendered) > 0


@pytest.mark.parametrize("value", ["2", "0", "-1", "99999999", "x1", "1.0", "01", "2 ", "١"])
def test_page_numbers_that_do_not_exist_are_404_and_never_stored(
    client, django_assert_max_num_queries, value
):
    section = make_section(slug="busy")
    make_article(section=section)
    for _ in range(2):
        with django_assert_max_num_queries(10) as rendered:
            assert client.get(f"/busy/?page={value}").status_code == 404
        assert len(rendered) > 0


def test_pages_that_exist_are_served_and_stored(client, django_assert_num_queries):
    section = make_section(slug="busy")
    for _ in range(21):
        make_article(section=section)
    for url in ("/busy/", "/busy/?page=", "/busy/?page=1", "/busy/?page=2"):
        assert client.get(url).status_code == 200
        with django_assert_num_queries(0):
            assert client.get(url).status_code == 200


def test_a_flood_of_page_numbers_does_not_evict_a_cached_article(client, django_assert_num_queries):
    # The attack: 400 distinct ?page= values each made a cache entry, and the
    # article page (and everything else) was pushed out of the per-process cache.
    article = make_article(section=make_section(slug="busy"))
    client.get(article.get_absolute_url())
    for number in range(2, 402):
        client.get(f"/busy/?page={number}")
    with django_assert_num_queries(0):
        assert client.get(article.get_absolute_url()).status_code == 200


def test_the_redis_cache_keeps_one_client_per_connection_pool():
    from newsroom.cache_backends import RedisCache

    backend = RedisCache("redis://127.0.0.1:6379/0", {})
    # Building a client costs as much as a cache hit; no connection is made here.
    assert backend._cache.get_client() is backend._cache.get_client()
    assert backend._cache.get_client(write=True) is backend._cache.get_client()


def test_with_the_page_cache_off_a_page_never_touches_the_cache(client, settings, monkeypatch):
    settings.PAGE_CACHE_TIMEOUT = 0
    article = make_article()
    used = []
    for name in ("get", "get_many", "set", "add", "incr"):
        monkeypatch.setattr(cache, name, lambda *args, name=name, **kwargs: used.append(name))
    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())
    assert first.status_code == second.status_code == 200
    assert used == []
    # Still public: browsers and a CDN may keep it, as they may keep a cached page.
    assert "public" in second["Cache-Control"]
