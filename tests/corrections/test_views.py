import re
import time
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from corrections import services
from corrections.forms import form_clock_sign
from corrections.models import Suggestion
from factories import make_article, make_change_note, make_suggestion

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def suggest_url(article):
    return article.get_absolute_url() + "suggest/"


def post_data(article, **changes):
    data = {
        "article": article.pk,
        "revision": article.current_revision_id,
        "quote": "harbour wall",
        "prefix": "Councillors voted to repair the ",
        "suffix": " before winter.",
        "start": "40",
        "end": "52",
        "replacement": "sea wall",
        "explanation": "",
        "kind": "typo",
        "input_method": "keyboard",
        "idempotency_key": "6f1c1a2e-8c9b-4e5f-9a0b-1c2d3e4f5a6b",
        "rendered_at": form_clock_sign(time.time() - 30),
    }
    return data | changes


def test_article_page_holds_nothing_per_visitor(client):
    article = make_article()
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert "csrfmiddlewaretoken" not in html
    assert not response.cookies
    assert f'href="{suggest_url(article)}"' in html
    assert '<script type="module" src="/static/corrections/widget.js"></script>' in html
    assert 'src="/static/vendor/htmx/htmx.min.js"' in html
    assert "nonce" not in html
    # Only scripts from files run; the JSON-LD block is data, which browsers never execute.
    inline = re.compile(r'<script(?![^>]*\bsrc=)(?![^>]*type="application/ld\+json")')
    assert not inline.search(html), "inline script"
    assert not re.search(r"<style|style=", html), "inline style"


def test_suggest_page_without_javascript_is_a_full_form(client):
    article = make_article()
    response = client.get(suggest_url(article))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html and "csrfmiddlewaretoken" in html
    assert '<textarea name="quote"' in html
    assert 'name="input_method" value="form"' in html
    assert 'name="robots" content="noindex"' in html
    assert "csrftoken" in response.cookies


def test_the_dialog_gets_only_the_form(client):
    article = make_article()
    response = client.get(suggest_url(article), headers=HTMX)
    html = response.content.decode()
    assert "<html" not in html
    assert html.strip().startswith('<form class="suggest-form"')
    assert '<input type="hidden" name="quote"' in html
    assert 'name="input_method" value="keyboard"' in html
    assert "HX-Request" in response["Vary"]


def test_suggest_page_at_an_outdated_address_redirects(client):
    article = make_article(slug="moved")
    response = client.get("/other/2001/01/01/moved/suggest/")
    assert response.status_code == 301
    assert response["Location"] == suggest_url(article)


@pytest.mark.parametrize("published", [False])
def test_no_form_for_unpublished_or_unknown_articles(client, published):
    draft = make_article(published=published)
    assert client.get(f"/x/2026/01/01/{draft.slug}/suggest/").status_code == 404
    assert client.post("/x/2026/01/01/nothing-here/suggest/", {}).status_code == 404


def test_posting_stores_the_suggestion_and_thanks_the_reader(client):
    article = make_article()
    response = client.post(
        suggest_url(article),
        post_data(article),
        headers=HTMX | {"User-Agent": "Reader/1.0"},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 201
    suggestion = Suggestion.objects.get()
    html = response.content.decode()
    assert "Thank you" in html
    assert f"/corrections/s/{suggestion.token}/" in html
    text = article.current_revision.canonical_text
    assert text[suggestion.start : suggestion.end] == "harbour wall"
    assert suggestion.replacement == "sea wall"
    assert suggestion.input_method == "keyboard"
    assert suggestion.user_agent == "Reader/1.0"
    assert suggestion.ip_hash == services.ip_address_hash(ip="198.51.100.7")
    assert "198.51.100.7" not in str(Suggestion.objects.values().get())


def test_the_post_makes_few_queries(client, django_assert_max_num_queries):
    article = make_article()
    with django_assert_max_num_queries(6):
        response = client.post(suggest_url(article), post_data(article), headers=HTMX)
    assert response.status_code == 201


def test_the_post_reads_the_article_and_the_revision_in_one_query(
    client, django_capture_on_commit_callbacks
):
    article = make_article()
    with (
        django_capture_on_commit_callbacks(),
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.post(suggest_url(article), post_data(article), headers=HTMX)
    assert response.status_code == 201
    reads = [
        query["sql"] for query in queries.captured_queries if query["sql"].startswith("SELECT")
    ]
    assert len(reads) == 1, reads
    assert "newsroom_revision" in reads[0] and "newsroom_article" in reads[0]
    # Neither the Markdown source nor the rendered texts are read for a suggestion.
    assert '"newsroom_article"."body"' not in reads[0]
    assert '"newsroom_revision"."body_html"' not in reads[0]


def test_a_post_about_another_articles_revision_reads_the_article_alone(client):
    article, other = make_article(), make_article()
    data = post_data(article, revision=other.current_revision_id)
    response = client.post(suggest_url(article), data, headers=HTMX)
    assert response.status_code == 422
    assert not Suggestion.objects.exists()


def test_a_retried_post_shows_the_same_suggestion(client):
    article = make_article()
    first = client.post(suggest_url(article), post_data(article), headers=HTMX)
    again = client.post(suggest_url(article), post_data(article), headers=HTMX)
    assert (first.status_code, again.status_code) == (201, 200)
    token = Suggestion.objects.get().token
    assert token in again.content.decode()
    assert "did not store it twice" in again.content.decode()


def test_validation_errors_come_back_in_the_form_with_the_text_kept(client):
    article = make_article()
    data = post_data(article, replacement="", explanation="", email="r@", source_url="x y")
    response = client.post(suggest_url(article), data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 422
    assert html.strip().startswith('<form class="suggest-form"')
    assert "Tell us what is wrong" in html
    assert "Enter a valid email address." in html
    assert 'value="harbour wall"' in html
    assert 'value="r@"' in html
    assert not Suggestion.objects.exists()


def test_without_javascript_errors_come_back_as_the_full_page(client):
    article = make_article()
    data = post_data(article, explanation="", replacement="", input_method="form")
    response = client.post(suggest_url(article), data)
    assert response.status_code == 422
    assert "<html" in response.content.decode()


def test_filled_honeypot_pretends_success_but_stores_nothing(client):
    article = make_article()
    data = post_data(article, website="http://spam.example")
    response = client.post(suggest_url(article), data, headers=HTMX)
    assert response.status_code == 200
    assert "Thank you" in response.content.decode()
    assert "/corrections/s/" not in response.content.decode()
    assert not Suggestion.objects.exists()


def test_too_quick_keeps_the_text_and_says_why(client, settings):
    settings.CORRECTIONS_MIN_SUBMIT_SECONDS = 3
    article = make_article()
    data = post_data(article, rendered_at=form_clock_sign(time.time()))
    response = client.post(suggest_url(article), data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 422
    assert "That was quicker than a person types; please try again." in html
    assert "sea wall" in html


def test_rate_limited_reader_gets_429_with_retry_after_and_words(client, settings):
    settings.CORRECTIONS_RATE_LIMITS = {"ip": (1, 3600), "article": (100, 3600)}
    article = make_article()
    client.post(suggest_url(article), post_data(article), headers=HTMX)
    data = post_data(article, quote="Tuesday", idempotency_key="second-dialog-key")
    response = client.post(suggest_url(article), data, headers=HTMX)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    html = response.content.decode()
    assert "please try again in" in html
    assert 'value="Tuesday"' in html


def test_per_article_limit_applies_across_readers(client, settings):
    settings.CORRECTIONS_RATE_LIMITS = {"ip": (100, 3600), "article": (1, 3600)}
    article = make_article()
    client.post(suggest_url(article), post_data(article), REMOTE_ADDR="192.0.2.1")
    data = post_data(article, idempotency_key="another-reader-key")
    response = client.post(suggest_url(article), data, REMOTE_ADDR="192.0.2.2")
    assert response.status_code == 429


def test_unknown_revision_is_a_clear_4xx(client):
    article, other = make_article(), make_article()
    for revision in (999999, other.current_revision_id, "abc"):
        data = post_data(article, revision=revision)
        response = client.post(suggest_url(article), data, headers=HTMX)
        assert response.status_code == 422
        html = response.content.decode()
        assert "reload" in html


def test_nul_bytes_and_control_characters_are_refused_not_a_500(client):
    article = make_article()
    for field in ("quote", "replacement", "explanation", "prefix", "email", "source_url"):
        data = post_data(article, **{field: "a\x00b"})
        response = client.post(suggest_url(article), data, headers=HTMX)
        assert response.status_code in {201, 422}, field
    assert all("\x00" not in s.prefix for s in Suggestion.objects.all())


def test_a_quote_not_in_the_article_is_stored_and_flagged(client):
    article = make_article()
    data = post_data(article, quote="never written")
    assert client.post(suggest_url(article), data).status_code == 201
    assert Suggestion.objects.get().anchor_state == Suggestion.AnchorState.NOT_FOUND


def test_bad_csrf_token_gets_a_human_page(client):
    article = make_article()
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(suggest_url(article), post_data(article))
    assert response.status_code == 403
    html = response.content.decode()
    assert "security check" in html
    assert "your text is still in the box" in html


def test_a_database_outage_is_a_503_with_words(client):
    article = make_article()
    with mock.patch.object(
        services, "suggestion_submit", side_effect=OperationalError("server closed")
    ):
        response = client.post(suggest_url(article), post_data(article), headers=HTMX)
    assert response.status_code == 503
    assert "try again in a minute" in response.content.decode()
    assert response["Retry-After"]


def test_forwarded_for_is_ignored_unless_proxies_are_trusted(client, settings):
    article = make_article()
    forged = {"X-Forwarded-For": "203.0.113.50, 10.0.0.1"}
    client.post(suggest_url(article), post_data(article), headers=forged, REMOTE_ADDR="10.0.0.2")
    assert Suggestion.objects.get().ip_hash == services.ip_address_hash(ip="10.0.0.2")

    settings.CORRECTIONS_TRUSTED_PROXIES = 1
    data = post_data(article, quote="Tuesday", idempotency_key="proxied-dialog-key")
    client.post(suggest_url(article), data, headers=forged, REMOTE_ADDR="10.0.0.2")
    latest = Suggestion.objects.get(quote="Tuesday")
    assert latest.ip_hash == services.ip_address_hash(ip="10.0.0.1")


def test_status_page_shows_the_suggestion_privately(client):
    suggestion = make_suggestion(replacement="sea wall", explanation="<script>x</script>")
    response = client.get(f"/corrections/s/{suggestion.token}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="robots" content="noindex, nofollow"' in html
    assert response["X-Robots-Tag"] == "noindex"
    assert "<mark>harbour wall</mark>" in html
    assert "sea wall" in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "New" in html
    assert suggestion.article.get_absolute_url() in html


def test_status_page_shows_the_decision_and_the_note(client):
    suggestion = make_suggestion()
    note = make_change_note(article=suggestion.article)
    Suggestion.objects.filter(pk=suggestion.pk).update(
        status=Suggestion.Status.ACCEPTED, change_note=note, public_reason="We fixed the name."
    )
    html = client.get(f"/corrections/s/{suggestion.token}/").content.decode()
    assert "Accepted" in html
    assert "We fixed the name." in html
    assert f"{suggestion.article.get_absolute_url()}changes/#note-{note.pk}" in html


def test_unknown_status_token_is_404(client):
    assert client.get("/corrections/s/no-such-token/").status_code == 404
