import re
from unittest import mock

import pytest
from django.db import OperationalError, connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from corrections import services
from corrections.models import Suggestion
from factories import (
    about_a_passage as post_data,
)
from factories import (
    about_the_whole_article,
    issued_form_key,
    make_article,
    make_change_note,
    make_suggestion,
)

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


def suggest_url(article):
    return article.get_absolute_url() + "suggest/"


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
    # The seventh reads the article's open spans to group the report with others on its
    # passage (services.suggestion_groups_refresh), so the desk's queue never has to.
    with django_assert_max_num_queries(7):
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
    statements = [query["sql"] for query in queries.captured_queries]
    first_insert = next(i for i, sql in enumerate(statements) if sql.startswith("INSERT"))
    # Before the suggestion is stored (after it, the desk's grouping reads its passage).
    reads = [sql for sql in statements[:first_insert] if sql.startswith("SELECT")]
    assert len(reads) == 1, reads
    assert "newsroom_revision" in reads[0] and "newsroom_article" in reads[0]
    # Neither the Markdown source nor the rendered texts are read for a suggestion.
    assert '"newsroom_article"."body"' not in reads[0]
    assert '"newsroom_revision"."body_html"' not in reads[0]


def statement_kinds(queries) -> list[str]:
    kinds = []
    for query in queries.captured_queries:
        sql = query["sql"]
        words = sql.split()
        table = re.search(r'(?:FROM|INTO) "(\w+)"', sql)
        kinds.append(f"{words[0]} {table.group(1)}" if table else " ".join(words[:2]))
    return kinds


@pytest.mark.parametrize("quote", ["", "harbour wall"])
def test_a_report_is_one_read_then_its_row_and_its_notice_in_one_commit(
    client, tasks_in_the_database, django_capture_on_commit_callbacks, quote
):
    article = make_article()
    data = post_data(article) if quote else about_the_whole_article(article)
    with (
        django_capture_on_commit_callbacks() as callbacks,
        CaptureQueriesContext(connection) as queries,
    ):
        response = client.post(suggest_url(article), data, headers=HTMX)
    assert response.status_code == 201
    # The savepoint is the service's transaction inside the test's own. On PostgreSQL the
    # row and its notice are one statement; elsewhere two.
    writes = (
        ["WITH corrections_suggestion"]
        if connection.vendor == "postgresql"
        else ["INSERT corrections_suggestion", "INSERT django_tasks_database_dbtaskresult"]
    )
    assert statement_kinds(queries) == [
        "SELECT newsroom_revision",
        "SAVEPOINT " + queries.captured_queries[1]["sql"].split()[1],
        *writes,
        # A report on a passage is grouped with the others on it (a whole-article one
        # is a group of its own).
        *(["SELECT corrections_suggestion"] if quote else []),
        "RELEASE SAVEPOINT",
    ]
    assert callbacks == []


def test_a_report_is_one_round_trip_to_redis(client, redis_cache, redis_round_trips):
    # Both rate limits (the reader's address and the article) are counted by one script.
    article = make_article()
    client.post(suggest_url(article), about_the_whole_article(article), headers=HTMX)
    redis_round_trips.clear()
    response = client.post(suggest_url(article), about_the_whole_article(article), headers=HTMX)
    assert response.status_code == 201
    assert len(redis_round_trips) == 1
    assert Suggestion.objects.count() == 2


def test_a_post_about_another_articles_revision_reads_the_article_alone(client):
    article, other = make_article(), make_article()
    data = post_data(article, revision=other.current_revision_id)
    response = client.post(suggest_url(article), data, headers=HTMX)
    assert response.status_code == 422
    assert not Suggestion.objects.exists()


@pytest.mark.parametrize("revision", [str(2**63), "-1", "0", "1" + "0" * 30])
def test_a_revision_id_no_revision_can_have_is_unknown_not_a_failure(client, revision):
    article = make_article()
    response = client.post(suggest_url(article), post_data(article, revision=revision))
    assert response.status_code == 422
    assert "could not find the version" in response.content.decode()
    assert not Suggestion.objects.exists()


def test_a_retried_post_shows_the_same_suggestion(client):
    article = make_article()
    data = post_data(article)
    first = client.post(suggest_url(article), data, headers=HTMX)
    again = client.post(suggest_url(article), data, headers=HTMX)
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
    data = post_data(article, idempotency_key=issued_form_key(article, age=0))
    response = client.post(suggest_url(article), data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 422
    assert "That was quicker than a person types; please try again." in html
    assert "sea wall" in html


def test_rate_limited_reader_gets_429_with_retry_after_and_words(client, settings):
    settings.CORRECTIONS_RATE_LIMITS = {"ip": (1, 3600), "article": (100, 3600)}
    article = make_article()
    client.post(suggest_url(article), post_data(article), headers=HTMX)
    data = post_data(article, quote="Tuesday", idempotency_key=issued_form_key(article))
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
    data = post_data(article, idempotency_key=issued_form_key(article))
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
    data = post_data(article, quote="Tuesday", idempotency_key=issued_form_key(article))
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


def test_without_javascript_an_email_without_consent_is_refused_and_kept(client):
    article = make_article()
    data = post_data(article, input_method="form", email="reader@example.org")
    response = client.post(suggest_url(article), data)
    html = response.content.decode()
    assert response.status_code == 422
    assert "did not tick the box" in html
    assert 'value="reader@example.org"' in html
    assert not Suggestion.objects.exists()


def test_the_dialog_about_the_whole_article_asks_only_what_is_wrong(client):
    article = make_article()
    whole = client.get(suggest_url(article) + "?about=article", headers=HTMX).content.decode()
    passage = client.get(suggest_url(article), headers=HTMX).content.decode()
    assert 'name="replacement"' not in whole and "passage" not in whole
    assert 'name="replacement"' in passage
    data = post_data(article, quote="", prefix="", suffix="", start="", end="", kind="other")
    response = client.post(suggest_url(article), data, headers=HTMX)
    assert response.status_code == 422
    assert "Write what is wrong before sending." in response.content.decode()
    assert 'name="replacement"' not in response.content.decode()


def test_the_form_tells_the_widget_how_long_to_hold_a_quick_send(client, settings):
    settings.CORRECTIONS_MIN_SUBMIT_SECONDS = 3
    html = client.get(suggest_url(make_article()), headers=HTMX).content.decode()
    assert 'data-min-seconds="3"' in html


# --------------------------------------------------------------------------- parts


def test_the_dialog_sends_the_part_and_the_quote_is_anchored_there(client):
    article = make_article(title="Harbour wall repairs approved")
    data = post_data(
        article,
        part="headline",
        quote="repairs approved",
        prefix="Harbour wall ",
        suffix="",
        start="13",
        end="29",
        replacement="repairs agreed",
    )
    response = client.post(suggest_url(article), data, headers=HTMX)
    assert response.status_code == 201
    suggestion = Suggestion.objects.get()
    assert suggestion.part == Suggestion.Part.HEADLINE
    assert suggestion.anchor_state == Suggestion.AnchorState.EXACT
    assert (suggestion.start, suggestion.end) == (13, 29)


def test_a_form_without_a_part_is_about_the_body(client):
    # Pages cached before parts existed send no part.
    article = make_article()
    response = client.post(suggest_url(article), post_data(article), headers=HTMX)
    assert response.status_code == 201
    suggestion = Suggestion.objects.get()
    assert suggestion.part == Suggestion.Part.BODY
    assert suggestion.anchor_state == Suggestion.AnchorState.EXACT


@pytest.mark.parametrize("part", ["footer", "BODY", "headline\x00", "<b>x</b>"])
def test_an_unknown_part_is_a_message_and_keeps_the_text(client, part):
    article = make_article()
    data = post_data(article, part=part, explanation="Kept, please.")
    response = client.post(suggest_url(article), data, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 422
    assert "We could not tell which part of the article these words are in" in html
    assert "Kept, please." in html
    assert "<b>x</b>" not in html
    assert not Suggestion.objects.exists()


def test_the_page_without_javascript_asks_where_the_words_are(client):
    article = make_article(lead_image_caption="The harbour wall at low tide")
    html = client.get(suggest_url(article)).content.decode()
    assert "Where are these words?" in html
    assert '<select name="part"' in html
    assert '<option value="body" selected>Article text</option>' in html
    assert '<option value="caption">Picture caption</option>' in html

    data = post_data(
        article, part="caption", quote="at low tide", input_method="form", replacement=""
    )
    data |= {"explanation": "It was high tide.", "prefix": "", "suffix": "", "start": ""}
    response = client.post(suggest_url(article), data)
    assert response.status_code == 201
    suggestion = Suggestion.objects.get()
    assert (suggestion.part, suggestion.anchor_state) == ("caption", "exact")


def test_the_dialog_keeps_the_part_hidden_with_the_quote(client):
    article = make_article()
    html = client.get(suggest_url(article), headers=HTMX).content.decode()
    assert '<input type="hidden" name="part" value="body">' in html
    assert '<select name="part"' not in html


def test_status_page_says_which_part_the_report_is_about(client):
    article = make_article(lead_image_credit="Ann Vale")
    suggestion = make_suggestion(article=article, part="credit", quote="Ann Vale")
    html = client.get(f"/corrections/s/{suggestion.token}/").content.decode()
    assert "<dt>Where</dt>" in html
    assert '<dd class="suggest-status__part">Photo credit</dd>' in html
    whole = make_suggestion(article=article, quote="")
    html = client.get(f"/corrections/s/{whole.token}/").content.decode()
    assert "<dt>Where</dt>" not in html


def test_status_page_marks_only_a_cut_context_with_an_ellipsis(client):
    article = make_article(
        lead_image_caption="Kieran Osgood celebrates his second goal in front of the terrace."
    )
    short = make_suggestion(article=article, part="caption", quote="his second goal")
    html = client.get(f"/corrections/s/{short.token}/").content.decode()
    assert ">Kieran Osgood celebrates </span><mark>his second goal</mark>" in html
    after = '<mark>his second goal</mark><span class="suggest-passage__context"> in front of '
    assert after in html
    assert "terrace.…" not in html and "…Kieran" not in html

    long = make_suggestion(article=article, quote="harbour wall")
    html = client.get(f"/corrections/s/{long.token}/").content.decode()
    assert "…" in html.split("<mark>harbour wall</mark>")[1].split("</blockquote>")[0]


def test_a_direction_override_is_refused_and_the_readers_text_kept(client):
    article = make_article()
    data = post_data(article, replacement="Craig \u202eeromnuD giarC\u202c", explanation="Name.")
    response = client.post(suggest_url(article), data, headers=HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "change how text reads" in html
    assert "eromnuD giarC" in html and "Name." in html
    assert not Suggestion.objects.exists()


def test_the_user_agent_is_stored_without_invisible_reordering_characters(client):
    article = make_article()
    agent = "Mozilla/5.0 \u202eevil\u202c\x07"
    client.post(suggest_url(article), post_data(article), HTTP_USER_AGENT=agent)
    assert Suggestion.objects.get().user_agent == "Mozilla/5.0 evil"


# --- One issued form, one suggestion (issue 11, items 3 to 5) ----------------------------


def issued_key(client, article, **extra) -> str:
    """The key in the suggestion form the server gives this client, as a browser gets it."""
    html = client.get(suggest_url(article), headers=HTMX, **extra).content.decode()
    return re.search(r'name="idempotency_key" value="([^"]+)"', html)[1]


@pytest.fixture
def readers(settings):
    settings.CORRECTIONS_MIN_SUBMIT_SECONDS = 0
    return Client(REMOTE_ADDR="127.0.3.1"), Client(REMOTE_ADDR="127.0.3.2")


def test_the_form_carries_a_key_issued_by_the_server(client):
    article = make_article()
    first, second = issued_key(client, article), issued_key(client, article)
    assert first != second
    assert "rendered_at" not in client.get(suggest_url(article)).content.decode()


def test_another_readers_key_gets_neither_their_suggestion_nor_a_hint_of_it(readers):
    reader_a, reader_b = readers
    article = make_article()
    key = issued_key(reader_a, article)
    data = post_data(article, explanation="A: private source", idempotency_key=key)
    created = reader_a.post(suggest_url(article), data, headers=HTMX)
    assert created.status_code == 201
    token = Suggestion.objects.get().token

    stolen = post_data(article, replacement="B's text", idempotency_key=key)
    response = reader_b.post(suggest_url(article), stolen, headers=HTMX)
    html = response.content.decode()
    assert response.status_code == 409
    assert token not in html and "private source" not in html and "/corrections/s/" not in html
    assert "reload" in html
    assert "B&#x27;s text" in html  # the reader's own text is kept
    assert Suggestion.objects.count() == 1


def test_a_key_on_another_article_answers_the_same_whether_it_was_used_or_not(readers):
    # It answered 409 when the key existed, which confirmed the key.
    reader_a, reader_b = readers
    article, other = make_article(), make_article()
    used = issued_key(reader_a, article)
    reader_a.post(suggest_url(article), post_data(article, idempotency_key=used))
    unused = issued_key(reader_a, article)
    answers = []
    for key in (used, unused):
        response = reader_b.post(suggest_url(other), post_data(other, idempotency_key=key))
        answers.append((response.status_code, response.content.decode().count("another article")))
    assert answers[0] == answers[1]
    assert answers[0][0] == 422 and answers[0][1] >= 1
    assert Suggestion.objects.count() == 1


def test_one_issued_form_makes_at_most_one_suggestion(readers):
    # The issue: one GET, then 10 POSTs with the same render time and new keys: ten rows.
    reader, _ = readers
    article = make_article()
    key = issued_key(reader, article)
    statuses = [
        reader.post(
            suggest_url(article), post_data(article, explanation=f"Report {n}", idempotency_key=key)
        ).status_code
        for n in range(10)
    ]
    made_up = [
        reader.post(
            suggest_url(article),
            post_data(article, explanation=f"Forged {n}", idempotency_key=f"{n:032x}"),
        ).status_code
        for n in range(10)
    ]
    assert statuses == [201] + [409] * 9
    assert made_up == [422] * 10
    assert Suggestion.objects.count() == 1


def test_a_retry_of_the_same_post_gets_the_same_thank_you(readers):
    # After a network error or a database restart the browser sends the same form again.
    reader, _ = readers
    article = make_article()
    data = post_data(article, idempotency_key=issued_key(reader, article))
    first = reader.post(suggest_url(article), data, headers=HTMX)
    again = reader.post(suggest_url(article), data, headers=HTMX, REMOTE_ADDR="198.51.100.7")
    assert (first.status_code, again.status_code) == (201, 200)
    token = Suggestion.objects.get().token
    assert f"/corrections/s/{token}/" in first.content.decode()
    assert f"/corrections/s/{token}/" in again.content.decode()


def test_two_readers_behind_one_address_never_share_a_status_page(settings):
    settings.CORRECTIONS_MIN_SUBMIT_SECONDS = 0
    office = "192.0.2.44"
    first, second = Client(REMOTE_ADDR=office), Client(REMOTE_ADDR=office)
    article = make_article()
    words = {"replacement": "sea wall", "explanation": "It is the sea wall."}
    with_consent = post_data(
        article,
        **words,
        email="a@example.org",
        notify_consent="on",
        idempotency_key=issued_key(first, article),
    )
    without = post_data(article, **words, idempotency_key=issued_key(second, article))
    answers = [
        first.post(suggest_url(article), with_consent, headers=HTMX),
        second.post(suggest_url(article), without, headers=HTMX),
    ]
    assert [answer.status_code for answer in answers] == [201, 201]
    a, b = Suggestion.objects.order_by("pk")
    assert a.token != b.token
    assert (a.email, b.email) == ("a@example.org", "")
    assert a.token not in answers[1].content.decode()


@pytest.mark.parametrize("prefix", ["/", "/news&views/"])
@pytest.mark.parametrize("language", ["en", "uk"])
@pytest.mark.parametrize(("stored", "created"), [(True, True), (True, False), (False, False)])
def test_the_dialogs_thank_you_is_the_templates_partial_with_this_reports_addresses(
    language, stored, created, prefix
):
    # The dialog's answer is rendered once per language and filled in per report: it must
    # read exactly as the template renders it for this report, addresses escaped.
    from django.template.loader import render_to_string
    from django.test import RequestFactory
    from django.test.utils import override_script_prefix
    from django.utils import translation
    from django.utils.html import escape
    from django_htmx.middleware import HtmxDetails

    from corrections.views import _render_thanks

    article = make_article(language=language)
    suggestion = make_suggestion(article=article) if stored else None
    request = RequestFactory().post("/", headers=HTMX)
    request.htmx = HtmxDetails(request)
    # A site served below a prefix with "&" in it: its addresses must come out escaped.
    with translation.override(language), override_script_prefix(prefix):
        response = _render_thanks(request, article=article, suggestion=suggestion, created=created)
        status_url = f"{prefix}corrections/s/{suggestion.token}/" if stored else ""
        expected = render_to_string(
            "corrections/suggest.html#thanks",
            {
                "created": created,
                "stored": stored,
                "article_url": article.get_absolute_url(),
                "status_url": status_url,
                "status_address": f"http://testserver{status_url}" if stored else "",
            },
        )
    assert response.status_code == (201 if created else 200)
    assert response.content.decode() == expected
    if stored:
        assert f'href="{escape(status_url)}"' in expected
        assert f"http://testserver{escape(status_url)}</a>" in expected
    assert ("&amp;" in expected) == ("&" in prefix)
    assert "\x00" not in expected
