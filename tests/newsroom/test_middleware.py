"""A database outage answers 503 with Retry-After, never a 500."""

from unittest import mock

import pytest
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from factories import make_article

pytestmark = pytest.mark.django_db


def database_down():
    return mock.patch.object(
        BaseDatabaseWrapper,
        "ensure_connection",
        side_effect=OperationalError("the database system is shutting down"),
    )


def test_an_article_page_not_in_the_cache_is_a_503_with_words(client):
    article = make_article()
    with database_down():
        response = client.get(article.get_absolute_url())
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Please try again in a minute" in response.content.decode()


def test_a_cached_article_page_is_still_served(client):
    article = make_article(title="Quay reopens")
    client.get(article.get_absolute_url())
    with database_down():
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Quay reopens" in response.content.decode()


def test_healthz_asks_load_balancers_to_come_back(client):
    with database_down():
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"


def test_the_changelog_is_a_503_too(client):
    article = make_article()
    with database_down():
        response = client.get(article.get_absolute_url() + "changes/")
    assert response.status_code == 503


def test_other_errors_are_not_taken_for_an_outage(client):
    article = make_article()
    with (
        mock.patch("newsroom.views.render", side_effect=ValueError("a bug")),
        pytest.raises(ValueError, match="a bug"),
    ):
        client.get(article.get_absolute_url())


# A form body in a charset other than UTF-8 used to be a 500 with three chained tracebacks:
# the CSRF check reads request.POST, which raises BadRequest, and so do the error views
# that run the CSRF check again. Anyone could fill the error log without logging in.
FOREIGN_CHARSETS = ["utf-16", "latin-1", "ascii", "iso-8859-15", "cp1252", "utf-32"]
BOGUS_CHARSETS = ["no-such-charset", "utf-8x", "", '"utf-8"; x=1', "utf-16; charset=utf-8"]


def foreign_charset_post(path, charset, body=b"a=b"):
    from django.test import Client

    client = Client(enforce_csrf_checks=True, raise_request_exception=True)
    client.cookies["csrftoken"] = "a" * 32
    return client.generic(
        "POST",
        path,
        body,
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        HTTP_ORIGIN="http://testserver",
    )


def public_post_paths():
    from factories import make_suggestion

    suggestion = make_suggestion()
    url = suggestion.article.get_absolute_url()
    return [
        "/",
        "/admin/login/",
        "/healthz",
        "/feed/",
        "/corrections/",
        f"/{suggestion.article.section.slug}/",
        url,
        f"{url}suggest/",
        f"{url}changes/",
        f"/corrections/s/{suggestion.token}/",
    ]


@pytest.mark.parametrize("charset", FOREIGN_CHARSETS)
def test_a_form_post_in_a_foreign_charset_is_a_400_with_words(charset, caplog):
    for path in public_post_paths():
        caplog.clear()
        response = foreign_charset_post(path, charset)
        assert response.status_code == 400, (path, charset)
        assert "UTF-8" in response.content.decode(), path
        # One short line at most, never a traceback.
        assert len(caplog.records) <= 1, [record.getMessage() for record in caplog.records]
        assert all(record.exc_info is None for record in caplog.records)


@pytest.mark.parametrize("charset", ["UTF8", "utf8", "UTF-8", "utf_8", "U8"])
def test_a_form_post_labelled_with_another_name_for_utf8_is_read_as_utf8(charset):
    path = public_post_paths()[3]
    response = foreign_charset_post(path, charset)
    # CSRF holds (no token in the body), but the body was read rather than refused.
    assert response.status_code == 403


@pytest.mark.parametrize("charset", BOGUS_CHARSETS)
def test_a_form_post_with_an_unknown_charset_never_answers_500(charset):
    for path in public_post_paths():
        response = foreign_charset_post(path, charset)
        assert 400 <= response.status_code < 500, (path, charset)


@pytest.mark.parametrize("charset", ["utf-8\x00", "\x00", "utf-16\x00x"])
def test_a_charset_with_a_nul_is_not_a_500_from_the_server_itself(charset):
    # codecs.lookup() raises ValueError for these, before any middleware runs: the
    # development server answered 500. Through the site's own WSGI application:
    import io
    from wsgiref.util import setup_testing_defaults

    from newsroom.wsgi import application

    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/healthz",
        "CONTENT_TYPE": f"application/x-www-form-urlencoded; charset={charset}",
        "CONTENT_LENGTH": "3",
        "wsgi.input": io.BytesIO(b"a=b"),
        "HTTP_HOST": "localhost",
    }
    setup_testing_defaults(environ)
    statuses = []
    application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    assert statuses and statuses[0].startswith("4"), statuses


@pytest.mark.parametrize(
    "content_type",
    [
        "multipart/form-data",
        "multipart/form-data; boundary=",
        "multipart/form-data; boundary=\x00",
        "multipart/form-data; boundary=" + "x" * 300,
    ],
)
def test_a_broken_multipart_body_is_a_400_in_words_and_one_log_line(content_type, caplog):
    from django.test import Client

    client = Client(enforce_csrf_checks=True, raise_request_exception=True)
    for path in public_post_paths():
        caplog.clear()
        response = client.generic("POST", path, b"--x\r\nbroken", content_type=content_type)
        assert response.status_code == 400, path
        assert "could not read" in response.content.decode()
        assert len(caplog.records) <= 1
        assert all(record.exc_info is None for record in caplog.records), path
