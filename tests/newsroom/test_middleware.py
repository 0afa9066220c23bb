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
