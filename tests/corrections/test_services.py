from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from corrections import services, tasks
from corrections.models import Suggestion
from corrections.ratelimits import RateLimited
from factories import edit_article, make_article

pytestmark = pytest.mark.django_db

REPEATED = (
    "The second harbour bridge was proposed in 1987.\n\n"
    "Engineers say the second harbour bridge could sit lower."
)


def submit(article, **fields):
    fields.setdefault("revision", article.current_revision)
    fields.setdefault("ip_hash", services.ip_address_hash(ip="192.0.2.1"))
    fields.setdefault("explanation", "Looks wrong.")
    return services.suggestion_submit(article=article, **fields)


def test_the_server_recomputes_offsets_and_context_from_the_revision():
    article = make_article()
    text = article.current_revision.canonical_text
    suggestion, created = submit(
        article, quote="harbour wall", start_hint=0, prefix="x", suffix="y"
    )
    assert created
    assert text[suggestion.start : suggestion.end] == "harbour wall"
    assert suggestion.prefix == text[: suggestion.start][-len(suggestion.prefix) :]
    assert text[suggestion.end :].startswith(suggestion.suffix)
    assert suggestion.anchor_state == Suggestion.AnchorState.EXACT
    assert suggestion.anchor_revision == article.current_revision
    assert (suggestion.anchor_start, suggestion.anchor_end) == (suggestion.start, suggestion.end)


def test_a_repeated_phrase_is_told_apart_by_the_readers_context_and_hint():
    article = make_article(body=REPEATED)
    text = article.current_revision.canonical_text
    second = text.index("the second harbour bridge")
    suggestion, _ = submit(
        article,
        quote="second harbour bridge",
        prefix="Engineers say the ",
        suffix=" could sit",
        start_hint=second + 4,
    )
    assert suggestion.start == second + 4


def test_a_quote_not_in_the_revision_is_kept_and_flagged():
    article = make_article()
    suggestion, created = submit(article, quote="words that never appeared", prefix="p")
    assert created
    assert suggestion.anchor_state == Suggestion.AnchorState.NOT_FOUND
    assert (suggestion.start, suggestion.end) == (None, None)
    assert suggestion.quote == "words that never appeared"
    assert suggestion.anchor_revision == article.current_revision


def test_an_empty_quote_is_about_the_whole_article():
    article = make_article()
    suggestion, _ = submit(article, quote="")
    assert suggestion.anchor_state == Suggestion.AnchorState.WHOLE_ARTICLE
    assert suggestion.start is None


def test_offsets_refer_to_the_revision_the_reader_saw():
    article = make_article(body="Alpha beta gamma.")
    seen = article.current_revision
    edit_article(article, body="New first line.\n\nAlpha beta gamma.")
    suggestion, _ = submit(article, revision=seen, quote="beta")
    assert suggestion.revision == seen
    assert suggestion.start == seen.canonical_text.index("beta")


def test_a_revision_of_another_article_is_refused():
    article, other = make_article(), make_article()
    with pytest.raises(ValueError):
        submit(article, revision=other.current_revision, quote="harbour wall")


def test_a_retried_post_returns_the_same_suggestion():
    article = make_article()
    first, created = submit(article, quote="harbour wall", idempotency_key="dialog-1234")
    again, created_again = submit(article, quote="harbour wall", idempotency_key="dialog-1234")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Suggestion.objects.count() == 1


def test_a_retry_from_another_network_is_still_a_retry():
    # A reader whose phone moved from wifi to mobile data between the POST and its retry.
    article = make_article()
    first, _ = submit(article, quote="harbour wall", idempotency_key="dialog-1234")
    again, created = submit(
        article, quote="harbour wall", idempotency_key="dialog-1234", ip_hash="elsewhere"
    )
    assert (again.pk, created) == (first.pk, False)


@pytest.mark.parametrize(
    "change",
    [
        {"explanation": "Other text."},
        {"replacement": "sea wall"},
        {"email": "b@example.org", "notify_consent": True},
        {"quote": "Tuesday evening"},
        {"kind": Suggestion.Kind.FACTUAL},
        {"source_url": "https://example.org/"},
    ],
)
def test_other_content_sent_with_a_used_form_is_a_conflict_not_its_suggestion(change):
    # The issue: reader B posting other text with reader A's key got A's status link.
    article = make_article()
    submit(article, quote="harbour wall", idempotency_key="dialog-1234")
    with pytest.raises(services.SuggestionConflict):
        submit(article, **{"quote": "harbour wall", "idempotency_key": "dialog-1234"} | change)
    assert Suggestion.objects.count() == 1


def test_the_same_words_from_two_forms_on_one_address_are_two_suggestions():
    # Two browsers behind one office address, the first with email consent: each has its
    # own status page, and the second never sees the first reader's address.
    article = make_article()
    first, _ = submit(
        article,
        quote="harbour wall",
        email="a@example.org",
        notify_consent=True,
        idempotency_key="dialog-aaaa",
    )
    second, created = submit(article, quote="harbour wall", idempotency_key="dialog-bbbb")
    assert created
    assert second.token != first.token
    assert (second.email, second.notify_consent) == ("", False)


def test_another_reader_or_passage_is_another_suggestion():
    article = make_article()
    submit(article, quote="harbour wall")
    _, other_reader = submit(article, quote="harbour wall", ip_hash="other")
    _, other_passage = submit(article, quote="Tuesday evening")
    assert other_reader and other_passage
    assert Suggestion.objects.count() == 3


def test_readers_sharing_an_address_are_never_merged_into_each_other():
    article = make_article()
    first, _ = submit(article, quote="harbour wall", explanation="Reader A: it is a quay.")
    second, created = submit(article, quote="harbour wall", explanation="Reader B: cost is off.")
    assert created
    assert second.pk != first.pk and second.token != first.token
    assert second.explanation == "Reader B: cost is off."


def test_a_report_from_an_older_page_is_followed_into_the_current_text():
    article = make_article()
    seen = article.current_revision
    current = edit_article(article, body="A new first paragraph.\n\n" + article.body)
    suggestion, _ = submit(article, revision=seen, quote="harbour wall")
    text = current.canonical_text
    assert suggestion.revision == seen
    assert suggestion.anchor_revision == current
    assert suggestion.anchor_state == Suggestion.AnchorState.MOVED
    assert text[suggestion.anchor_start : suggestion.anchor_end] == "harbour wall"


def test_suggestions_are_taken_while_the_cache_is_down(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2},
        }
    }
    _, created = submit(make_article(), quote="harbour wall")
    assert created


def test_email_is_only_kept_with_consent():
    article = make_article()
    without, _ = submit(article, quote="harbour wall", email="r@example.org")
    with_consent, _ = submit(article, quote="Tuesday", email="r@example.org", notify_consent=True)
    assert (without.email, without.notify_consent) == ("", False)
    assert (with_consent.email, with_consent.notify_consent) == ("r@example.org", True)


def test_ip_hash_is_keyed_and_never_the_raw_address():
    digest = services.ip_address_hash(ip="203.0.113.9")
    assert "203.0.113.9" not in digest
    assert len(digest) == 64
    assert digest == services.ip_address_hash(ip="203.0.113.9")
    assert digest != services.ip_address_hash(ip="203.0.113.10")


def test_an_ipv6_reader_is_one_reader_across_their_slash_64():
    same = {services.ip_address_hash(ip=f"2001:db8:1:2::{n:x}") for n in range(1, 20)}
    assert len(same) == 1
    assert same != {services.ip_address_hash(ip="2001:db8:1:3::1")}
    assert services.ip_address_hash(ip="::ffff:203.0.113.9") == services.ip_address_hash(
        ip="203.0.113.9"
    )


def test_new_suggestions_count_against_the_rate_limit_and_retries_do_not(settings):
    settings.CORRECTIONS_RATE_LIMITS = {"ip": (2, 3600), "article": (100, 3600)}
    article = make_article()
    submit(article, quote="harbour wall", idempotency_key="dialog-0001")
    submit(article, quote="harbour wall", idempotency_key="dialog-0001")
    submit(article, quote="Tuesday")
    with pytest.raises(RateLimited):
        submit(article, quote="winter")
    assert Suggestion.objects.count() == 2


def test_losing_an_insert_race_returns_the_winner():
    article = make_article()
    winner, _ = submit(article, quote="harbour wall", idempotency_key="dialog-race")
    # The other request's row is already there when ours is inserted: the insert itself
    # (unique key) finds it, there is no look-up before it to race with.
    found, created = submit(article, quote="harbour wall", idempotency_key="dialog-race")
    assert (found.pk, created) == (winner.pk, False)
    assert Suggestion.objects.count() == 1


def test_a_new_suggestion_costs_no_look_up_before_its_insert():
    article = make_article()
    with CaptureQueriesContext(connection) as queries:
        _, created = submit(article, quote="harbour wall", idempotency_key="dialog-fresh")
    assert created
    statements = [query["sql"] for query in queries.captured_queries]
    first_insert = next(i for i, sql in enumerate(statements) if sql.startswith("INSERT"))
    assert "corrections_suggestion" in statements[first_insert]
    assert not any(
        sql.startswith("SELECT") and "corrections_suggestion" in sql
        for sql in statements[:first_insert]
    ), statements


@pytest.fixture
def database_task_queue():
    """Notifications queued in this database, as in production (django_tasks_db)."""
    backend = DatabaseBackend("default", {})
    with mock.patch.object(type(tasks.notify_new_suggestion), "get_backend", return_value=backend):
        yield


def test_the_notice_is_queued_in_the_suggestions_own_transaction(
    database_task_queue, django_capture_on_commit_callbacks
):
    article = make_article()
    with django_capture_on_commit_callbacks() as callbacks:
        suggestion, _ = submit(article, quote="harbour wall")
    # Nothing is left for after the commit: the task row was written with the suggestion.
    assert callbacks == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == tasks.notify_new_suggestion.module_path
    assert queued.args_kwargs["args"] == [suggestion.pk]


def test_a_suggestion_over_the_limit_leaves_neither_row_nor_task(database_task_queue, settings):
    settings.CORRECTIONS_RATE_LIMITS = {"ip": (1, 3600), "article": (100, 3600)}
    article = make_article()
    submit(article, quote="harbour wall")
    with pytest.raises(RateLimited):
        submit(article, quote="Tuesday")
    assert Suggestion.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


def test_a_repeat_queues_no_second_notice(database_task_queue):
    article = make_article()
    submit(article, quote="harbour wall", idempotency_key="dialog-twice")
    submit(article, quote="harbour wall", idempotency_key="dialog-twice")
    assert Suggestion.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


def test_with_a_queue_elsewhere_the_notice_waits_for_the_commit(
    django_capture_on_commit_callbacks,
):
    # The default test backend runs a task at once: it must not run before the commit.
    article = make_article()
    with django_capture_on_commit_callbacks() as callbacks:
        submit(article, quote="harbour wall")
    assert len(callbacks) == 1


def test_an_idempotency_key_from_another_article_is_a_conflict():
    article, other = make_article(), make_article()
    submit(article, quote="harbour wall", idempotency_key="dialog-shared")
    with pytest.raises(services.SuggestionConflict):
        submit(other, quote="harbour wall", idempotency_key="dialog-shared")


def test_the_user_agent_is_cut_to_its_field():
    article = make_article()
    suggestion, _ = submit(article, quote="harbour wall", user_agent="x" * 1000)
    assert len(suggestion.user_agent) == 300


@pytest.mark.parametrize(
    ("quote", "kind"), [("", "factual"), ("", "typo"), ("words not in the article", "unclear")]
)
def test_a_report_without_a_span_is_grouped_alone_without_reading_the_others(quote, kind):
    article = make_article()
    for _ in range(3):
        submit(article, quote="harbour wall", idempotency_key=None, explanation="Again.")
    with CaptureQueriesContext(connection) as queries:
        suggestion, _ = submit(article, quote=quote, kind=kind, explanation="Whole thing.")
    statements = [query["sql"] for query in queries.captured_queries]
    first_insert = next(i for i, sql in enumerate(statements) if sql.startswith("INSERT"))
    assert not any("corrections_suggestion" in sql for sql in statements[first_insert + 1 :])
    # Exactly what a full regrouping would have given it, and nothing else moves.
    before = list(
        Suggestion.objects.order_by("pk").values_list(
            "pk", "group_lead_id", "group_size", "group_rank"
        )
    )
    services.suggestion_groups_refresh(article_id=article.pk)
    after = list(
        Suggestion.objects.order_by("pk").values_list(
            "pk", "group_lead_id", "group_size", "group_rank"
        )
    )
    assert after == before
    assert suggestion.group_lead_id is None and suggestion.group_size == 1


# --------------------------------------------------------------------------- parts

PARTS = {
    "headline": "Harbour wall repairs approved",
    "standfirst": "Councillors agree a £2.4m plan\nfor the harbour wall.",
    "caption": "The harbour wall at low tide",
    "credit": "Ann Vale / The Chronicle",
}


def article_with_parts(**fields):
    return make_article(
        title=PARTS["headline"],
        standfirst=PARTS["standfirst"],
        lead_image_caption=PARTS["caption"],
        lead_image_credit=PARTS["credit"],
        **fields,
    )


@pytest.mark.parametrize(
    ("part", "quote"),
    [
        ("headline", "repairs approved"),
        ("standfirst", "plan for the harbour"),  # the line break is a space on the page
        ("caption", "at low tide"),
        ("credit", "Ann Vale"),
    ],
)
def test_a_quote_is_anchored_in_the_text_of_its_own_part(part, quote):
    article = article_with_parts()
    text = article.current_revision.part_text(part)
    suggestion, created = submit(article, part=part, quote=quote, start_hint=0)
    assert created
    assert suggestion.part == part
    assert suggestion.anchor_state == Suggestion.AnchorState.EXACT
    assert (suggestion.start, suggestion.end) == (text.index(quote), text.index(quote) + len(quote))
    assert text[suggestion.anchor_start : suggestion.anchor_end] == quote
    # Context comes from the same part, never from the body around other offsets.
    assert suggestion.prefix == text[: suggestion.start][-len(suggestion.prefix) :]
    assert quote not in article.current_revision.canonical_text


def test_the_dialogs_part_is_trusted_words_only_in_the_headline_are_not_in_the_body():
    article = article_with_parts()
    suggestion, _ = submit(article, part="body", quote="repairs approved", input_method="keyboard")
    assert suggestion.anchor_state == Suggestion.AnchorState.NOT_FOUND


def test_the_same_words_in_the_headline_and_the_body_are_two_reports():
    article = article_with_parts()
    in_body, _ = submit(article, part="body", quote="harbour wall")
    in_caption, created = submit(article, part="caption", quote="harbour wall")
    assert created
    assert in_caption.pk != in_body.pk
    assert (in_body.part, in_caption.part) == ("body", "caption")


def test_a_report_about_the_whole_article_is_about_no_part():
    article = article_with_parts()
    suggestion, _ = submit(article, part="headline", quote="")
    assert suggestion.part == Suggestion.Part.BODY
    assert suggestion.anchor_state == Suggestion.AnchorState.WHOLE_ARTICLE


def test_an_unknown_part_is_refused():
    with pytest.raises(ValueError, match="unknown part"):
        submit(article_with_parts(), part="footer", quote="harbour wall")


def test_a_headline_read_before_an_edit_is_followed_into_the_current_headline():
    article = article_with_parts()
    seen = article.current_revision
    edit_article(article, title=f"Breaking: {PARTS['headline']}")
    suggestion, _ = submit(article, revision=seen, part="headline", quote="repairs approved")
    assert (suggestion.start, suggestion.end) == (13, 29)  # where the reader saw it
    current = article.current_revision
    assert suggestion.anchor_revision == current
    assert suggestion.anchor_state in (Suggestion.AnchorState.EXACT, Suggestion.AnchorState.MOVED)
    headline = current.part_text("headline")
    assert headline[suggestion.anchor_start : suggestion.anchor_end] == "repairs approved"


def test_a_pasted_quote_is_placed_in_the_only_part_that_has_it():
    # The form without JavaScript starts its "where" list at the article text.
    article = article_with_parts()
    suggestion, _ = submit(
        article, part="body", quote="repairs approved", input_method=Suggestion.InputMethod.FORM
    )
    assert (suggestion.part, suggestion.anchor_state) == ("headline", "exact")
    assert (suggestion.start, suggestion.end) == (13, 29)


def test_a_pasted_quote_in_several_other_parts_stays_where_the_reader_put_it():
    article = article_with_parts(body="Nothing about walls here.")
    # "harbour wall" is in the standfirst and the caption, not in the text.
    suggestion, _ = submit(
        article, part="body", quote="harbour wall", input_method=Suggestion.InputMethod.FORM
    )
    assert (suggestion.part, suggestion.anchor_state) == ("body", "not_found")


# --------------------------------------------------------------------------- limits
# A report is counted before it is written; a count for one not stored is given back.


def test_retries_of_a_stored_report_do_not_count_against_the_limits(settings):
    settings.CORRECTIONS_RATE_LIMITS = {"ip": (2, 3600), "article": (100, 3600)}
    article = make_article()
    first, _ = submit(article, quote="harbour wall", idempotency_key="dialog-first")
    for _ in range(3):
        again, created = submit(article, quote="harbour wall", idempotency_key="dialog-first")
        assert (again.pk, created) == (first.pk, False)
    # The retries gave their counts back: a second report is still within the two.
    _, created = submit(article, quote="Tuesday", idempotency_key="dialog-second")
    assert created
    with pytest.raises(RateLimited):
        submit(article, quote="bridge", idempotency_key="dialog-third")


def test_a_retry_over_the_limit_is_still_answered_with_its_report(settings):
    settings.CORRECTIONS_RATE_LIMITS = {"ip": (1, 3600), "article": (100, 3600)}
    article = make_article()
    first, _ = submit(article, quote="harbour wall", idempotency_key="dialog-first")
    with pytest.raises(RateLimited):
        submit(article, quote="Tuesday", idempotency_key="dialog-second")
    for _ in range(3):
        again, created = submit(article, quote="harbour wall", idempotency_key="dialog-first")
        assert (again.pk, created) == (first.pk, False)
    # Those retries gave back what they counted: with room for one more, a new report fits.
    settings.CORRECTIONS_RATE_LIMITS = {"ip": (3, 3600), "article": (100, 3600)}
    _, created = submit(article, quote="Tuesday", idempotency_key="dialog-third")
    assert created
    # The same form with other words over the limit is a conflict, as under it.
    with pytest.raises(services.SuggestionConflict):
        submit(article, quote="bridge", idempotency_key="dialog-first")


def test_a_report_the_database_could_not_store_gives_its_count_back(settings):
    from django.db import OperationalError

    settings.CORRECTIONS_RATE_LIMITS = {"ip": (1, 3600), "article": (100, 3600)}
    article = make_article()
    with (
        mock.patch.object(services, "_save_with_notice", side_effect=OperationalError("down")),
        pytest.raises(OperationalError),
    ):
        submit(article, quote="harbour wall", idempotency_key="dialog-outage")
    # The reader sends it again once the database is back: their one report gets through.
    _, created = submit(article, quote="harbour wall", idempotency_key="dialog-outage")
    assert created
    assert Suggestion.objects.count() == 1
