"""Generated bad input to the suggestion form never gets a 5xx; every refusal is in words.

Fields valid, missing or nasty, sent as a form, in foreign charsets, as multipart (whole
or broken) and as other content types, with keys the server issued, forged or reused.
"""

import functools
import html
import re
import time
from urllib.parse import quote as url_quote

import pytest
from fuzzing import explains_itself, form_bodies
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corrections.forms import form_key_issue
from factories import make_article

pytestmark = pytest.mark.django_db

ERRORS = re.compile(r'class="suggest-form__errors?"[^>]*>(.*?)</div>', re.S)
FIELDS = [
    "article", "revision", "quote", "prefix", "suffix", "start", "end", "replacement",
    "explanation", "source_url", "kind", "email", "notify_consent", "input_method",
    "idempotency_key", "website", "part",
]  # fmt: skip

nasty_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["\x00", "a\x00b", "\x1b[31m", "\ud7ff", "‮", "<script>x</script>", " "]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.just("x" * 2001),
    st.just("y" * 70_000),
)


@functools.cache
def issued_keys(article_id: int) -> list[str]:
    return [form_key_issue(article_id=article_id, now=time.time() - 10) for _ in range(8)]


@st.composite
def posts(draw, article):
    valid = {
        "article": str(article.pk),
        "revision": str(article.current_revision_id),
        "quote": "harbour wall",
        "part": draw(st.sampled_from(["body", "headline", "standfirst", "caption", "credit"])),
        "explanation": "It is the sea wall.",
        "kind": "typo",
        "input_method": "keyboard",
        # Issued for this article: a handful, so that keys are reused (retries, conflicts).
        "idempotency_key": draw(st.sampled_from(issued_keys(article.pk))),
    }
    data = {}
    for name in FIELDS:
        choice = draw(st.sampled_from(["valid", "valid", "missing", "nasty"]))
        if choice == "valid" and name in valid:
            data[name] = valid[name]
        elif choice == "nasty":
            data[name] = draw(st.one_of(nasty_text, st.lists(nasty_text, max_size=3)))
    if draw(st.booleans()):
        data[draw(st.text(min_size=1, max_size=10))] = draw(nasty_text)
    return data


def human_message(response) -> str:
    found = ERRORS.findall(response.content.decode())
    return html.unescape(re.sub(r"<[^>]+>", " ", " ".join(found))).strip()


@pytest.fixture
def article(settings):
    settings.CORRECTIONS_MIN_SUBMIT_SECONDS = 0
    settings.CORRECTIONS_RATE_LIMITS = {"ip": (10**9, 3600), "article": (10**9, 3600)}
    return make_article()


@settings(
    max_examples=800,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), htmx=st.booleans())
def test_generated_posts_never_fail_with_a_5xx(client, article, data, htmx):
    fields = data.draw(posts(article))
    body, content_type = data.draw(form_bodies(fields))
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.generic(
        "POST", article.get_absolute_url() + "suggest/", body, content_type, headers=headers
    )
    described = (content_type, fields, response.status_code)
    assert response.status_code < 500, described
    if response.status_code in {409, 422, 429}:
        # The form again, with what went wrong next to it.
        assert re.search(r"[A-Za-z]{3,}.*[A-Za-z]{3,}", human_message(response)), described
    elif response.status_code >= 400:
        assert explains_itself(response), described


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "PROPFIND"])
def test_other_methods_on_the_form_are_405_in_words(client, article, method):
    response = client.generic(method, article.get_absolute_url() + "suggest/")
    assert response.status_code == 405
    assert explains_itself(response)


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(token=st.text(min_size=1, max_size=80))
def test_generated_status_tokens_are_404_not_500(client, token):
    path = "/corrections/s/" + url_quote(token, safe="") + "/"
    assert client.get(path).status_code in {200, 404}
