"""Generated bad input never gets a 500, and every refusal explains itself in words."""

import html
import re
import time
from urllib.parse import quote as url_quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corrections.forms import form_clock_sign
from factories import make_article

pytestmark = pytest.mark.django_db

ERRORS = re.compile(r'class="suggest-form__errors?"[^>]*>(.*?)</div>', re.S)
FIELDS = [
    "article", "revision", "quote", "prefix", "suffix", "start", "end", "replacement",
    "explanation", "source_url", "kind", "email", "notify_consent", "input_method",
    "idempotency_key", "rendered_at", "website", "part",
]  # fmt: skip

nasty_text = st.one_of(
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=300),
    st.sampled_from(["\x00", "a\x00b", "\x1b[31m", "\ud7ff", "‮", "<script>x</script>", " "]),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.just("x" * 2001),
    st.just("y" * 70_000),
)


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
        "idempotency_key": draw(st.uuids()).hex,
        "rendered_at": form_clock_sign(time.time() - 10),
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
    max_examples=550,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data(), htmx=st.booleans())
def test_generated_posts_never_fail_with_a_5xx(client, article, data, htmx):
    body = data.draw(posts(article))
    headers = {"HX-Request": "true"} if htmx else {}
    response = client.post(article.get_absolute_url() + "suggest/", body, headers=headers)
    assert response.status_code < 500, body
    if 400 <= response.status_code < 500:
        assert re.search(r"[A-Za-z]{3,}.*[A-Za-z]{3,}", human_message(response)), body


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(token=st.text(min_size=1, max_size=80))
def test_generated_status_tokens_are_404_not_500(client, token):
    path = "/corrections/s/" + url_quote(token, safe="") + "/"
    assert client.get(path).status_code in {200, 404}
