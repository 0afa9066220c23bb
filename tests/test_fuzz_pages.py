"""Generated requests to every public address: never a 5xx, and every refusal in words.

Odd queries, every method (odd ones too), and bodies in foreign charsets, malformed
multipart and other content types, with and without a CSRF cookie and a matching Origin
(the way issue 11 found a 500 on every POST). The suggestion form's own fuzzing is in
tests/corrections/test_fuzz.py; together they send well over 2,000 requests.
"""

from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.test import Client
from fuzzing import METHODS, ODD_METHODS, explains_itself, form_bodies
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
        "/robots.txt",
        "/admin/login/",
        "/no-such-page/",
    ]


@settings(
    max_examples=900,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_no_public_address_answers_5xx_and_every_refusal_has_words(public_urls, data):
    url = data.draw(st.sampled_from(public_urls))
    params = data.draw(st.dictionaries(query_names, odd_values, max_size=3))
    method = data.draw(st.sampled_from(METHODS + ODD_METHODS))
    body, content_type = data.draw(form_bodies())
    strict = data.draw(st.booleans())
    # As a browser (or the attacker) sends it: a CSRF cookie and a matching Origin.
    client = Client(enforce_csrf_checks=strict, raise_request_exception=False)
    if strict:
        client.cookies["csrftoken"] = "a" * 32
    query = "&".join(f"{quote(name)}={quote(value, safe='')}" for name, value in params.items())
    response = client.generic(
        method,
        f"{url}?{query}" if query else url,
        body if method not in {"GET", "HEAD"} else b"",
        content_type=content_type,
        HTTP_ORIGIN="http://testserver",
    )
    described = (method, url, query, content_type, body[:80], response.status_code)
    assert response.status_code < 500, described
    if response.status_code >= 400:
        assert explains_itself(response), described


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
