"""Generated requests to every public page: never a 500, whatever the query or method."""

from urllib.parse import quote

import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from factories import make_change_note, make_suggestion

pytestmark = pytest.mark.django_db

odd_values = st.one_of(
    st.text(max_size=30),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.sampled_from(["", "0", "-1", "1e9", "NaN", "\x00", "%00", "../../etc", "<script>"]),
)
query_names = st.sampled_from(["page", "q", "utm_source", "format", "token", "p", "page[]"])


@pytest.fixture
def public_urls(db):
    suggestion = make_suggestion(replacement="sea wall")
    article = suggestion.article
    make_change_note(article=article)
    url = article.get_absolute_url()
    return [
        "/",
        f"/{article.section.slug}/",
        url,
        f"{url}suggest/",
        f"{url}changes/",
        f"{url}changes/feed/",
        "/feed/",
        "/corrections/",
        "/corrections/feed/",
        "/corrections/policy/",
        f"/corrections/s/{suggestion.token}/",
        "/healthz",
    ]


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_public_page_answers_500(client, public_urls, data):
    url = data.draw(st.sampled_from(public_urls))
    params = data.draw(st.dictionaries(query_names, odd_values, max_size=3))
    method = data.draw(st.sampled_from(["get", "get", "get", "head", "post", "put", "delete"]))
    query = "&".join(f"{quote(name)}={quote(value, safe='')}" for name, value in params.items())
    response = getattr(client, method)(f"{url}?{query}" if query else url)
    assert response.status_code < 500, (method, url, query, response.status_code)


@settings(
    max_examples=200,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(segment=st.text(min_size=1, max_size=40))
def test_odd_addresses_are_404_not_500(client, segment):
    for path in (f"/{quote(segment, safe='')}/", f"/corrections/s/{quote(segment, safe='')}/"):
        assert client.get(path).status_code in (301, 302, 404)


def test_the_demo_newsroom_loads_and_every_page_answers(client):
    call_command("seed_demo", verbosity=0)
    from newsroom.models import Article

    for article in Article.objects.published():
        url = article.get_absolute_url()
        for page in (url, f"{url}changes/", f"{url}suggest/"):
            assert client.get(page).status_code == 200, page
