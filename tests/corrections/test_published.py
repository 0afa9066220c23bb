"""A suggestion POST answered from the article as an earlier POST read it
(corrections/published.py), and only while a fresh read would give the same."""

import re
from datetime import timedelta
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import DataError, ProgrammingError, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from corrections import published, services
from corrections.models import Suggestion
from corrections.published import RECENT_REVISIONS, RecentRevisions
from corrections.services import ip_address_hash
from factories import (
    about_a_passage,
    about_the_whole_article,
    edit_article,
    make_article,
    make_section,
)
from newsroom.models import Article, Revision, Section
from newsroom.prepared import Condition, ConditionFailed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_in_the_database")]

HTMX = {"HX-Request": "true"}


def post(client, url, data):
    return client.post(url, data, headers=HTMX, REMOTE_ADDR="198.51.100.20")


@pytest.fixture
def reads(monkeypatch):
    """The fresh reads of suggestion POSTs (article and revision), as their values."""
    made = []
    fetch = published.PUBLISHED_REVISION.fetch

    def counting(**values):
        made.append(values)
        return fetch(**values)

    monkeypatch.setattr(published.PUBLISHED_REVISION, "fetch", counting)
    return made


def answer(response) -> tuple[int, str]:
    """A response's status and body, each report's own address and form key left out."""
    body = re.sub(r"/corrections/s/[\w-]+/", "/corrections/s/<token>/", response.content.decode())
    body = re.sub(r'(name="(?:csrfmiddlewaretoken|idempotency_key)" value=)"[^"]*"', r"\1", body)
    return response.status_code, body


def test_a_second_report_reads_nothing_before_its_write(client, reads):
    article = make_article()
    url = article.get_absolute_url() + "suggest/"
    assert post(client, url, about_the_whole_article(article)).status_code == 201
    assert len(reads) == 1
    with CaptureQueriesContext(connection) as queries:
        response = post(client, url, about_the_whole_article(article))
    assert response.status_code == 201
    assert len(reads) == 1
    statements = [query["sql"] for query in queries.captured_queries]
    if connection.vendor == "postgresql":
        # The check that the article still reads the same is part of the write itself.
        [write] = [sql for sql in statements if "SAVEPOINT" not in sql]
        assert write.startswith('WITH saved AS (INSERT INTO "corrections_suggestion"')
        assert "WHERE EXISTS (SELECT" in write
    else:
        # Elsewhere the check is a read in the write's transaction, instead of the read.
        assert [sql.split()[0] for sql in statements if "SAVEPOINT" not in sql] == [
            "SELECT",
            "INSERT",
            "INSERT",
        ]
    assert Suggestion.objects.count() == DBTaskResult.objects.count() == 2


def _later_date(article):
    earlier = article.published_at - timedelta(days=3)
    Article.objects.filter(pk=article.pk).update(published_at=earlier)


def _not_yet(article):
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() + timedelta(days=1))


def _withdrawn(article):
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)


def _retitled(article):
    Article.objects.filter(pk=article.pk).update(title="Harbour wall repairs delayed")


def _renamed(article):
    Article.objects.filter(pk=article.pk).update(slug=article.slug + "-renamed")


def _moved(article):
    Article.objects.filter(pk=article.pk).update(section=make_section(slug="elsewhere"))


def _in_ukrainian(article):
    Article.objects.filter(pk=article.pk).update(language="uk")


def _edited(article):
    edit_article(article, body=article.body.replace("harbour wall", "harbour wall at last"))


def _section_renamed(article):
    Section.objects.filter(pk=article.section_id).update(slug="harbours", name="Harbours")


def _section_retitled(article):
    Section.objects.filter(pk=article.section_id).update(name="Harbours and quays")


def _revision_changed(**values):
    def change(article):
        Revision.objects.filter(pk=article.current_revision_id).update(**values)

    return change


def _revision_moved(article):
    other = make_article()
    Revision.objects.filter(pk=article.current_revision_id).update(article=other, number=99)


# Every column the POST reads, changed behind the app's back (by another server, a
# migration, or straight in the database).
CHANGES = {
    "published_at earlier": _later_date,
    "published_at in the future": _not_yet,
    "status": _withdrawn,
    "title": _retitled,
    "slug": _renamed,
    "section": _moved,
    "language": _in_ukrainian,
    "current_revision": _edited,
    "section slug": _section_renamed,
    "section name": _section_retitled,
    "revision article": _revision_moved,
    "revision title": _revision_changed(title="Harbour wall repairs delayed"),
    "revision standfirst": _revision_changed(standfirst="The council changed its mind."),
    "revision sha256": _revision_changed(
        canonical_text="The council met on Monday.", sha256="0" * 64
    ),
    "revision lead_image_caption": _revision_changed(lead_image_caption="The quay at dawn."),
    "revision lead_image_credit": _revision_changed(lead_image_credit="A. Reader"),
}


def test_every_column_compared_is_changed_by_one_case():
    # A column added to what the POST reads needs a case here (and is checked by the write).
    def named(prefix):
        return {name.split()[1] for name in CHANGES if name.startswith(prefix + " ")}

    article = {name.split()[0] for name in CHANGES if " " not in name or "published_at" in name}
    assert article == set(published.SUGGESTION_ARTICLE_FIELDS)
    assert named("section") == set(published.SUGGESTION_SECTION_FIELDS)
    assert named("revision") == set(published.COMPARED_REVISION_FIELDS)
    assert set(published.SUGGESTION_REVISION_FIELDS) - set(published.COMPARED_REVISION_FIELDS) == {
        "canonical_text"  # compared by its SHA-256
    }


@pytest.mark.parametrize("report", [about_the_whole_article, about_a_passage])
@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_an_article_changed_since_it_was_kept_is_answered_as_a_fresh_read_would(
    client, reads, change, report
):
    article = make_article()
    url = article.get_absolute_url() + "suggest/"  # the page the reader has open
    assert post(client, url, report(article)).status_code == 201
    change(article)
    kept = post(client, url, report(article))
    assert len(reads) == 2, "read afresh"
    RECENT_REVISIONS.clear()
    fresh = post(client, url, report(article))
    assert answer(kept) == answer(fresh)
    stored = 1 + (2 if kept.status_code == 201 else 0)
    assert Suggestion.objects.count() == DBTaskResult.objects.count() == stored


@pytest.mark.parametrize("change", [_withdrawn, _not_yet])
def test_a_withdrawn_article_takes_no_report_and_shows_nothing_of_itself(client, change):
    article = make_article(title="Harbour wall repairs approved")
    url = article.get_absolute_url() + "suggest/"
    assert post(client, url, about_the_whole_article(article)).status_code == 201
    change(article)
    for data in (
        # Input the form refuses is not answered from what was kept (nor is a bot's).
        about_the_whole_article(article, explanation="", kind="nonsense"),
        about_the_whole_article(article, website="https://spam.example"),  # honeypot
        about_the_whole_article(article),
    ):
        response = post(client, url, data)
        assert response.status_code == 404
        assert "Harbour wall repairs" not in response.content.decode()
    assert Suggestion.objects.count() == DBTaskResult.objects.count() == 1


def test_a_moved_article_thanks_with_its_new_address(client):
    article = make_article()
    url = article.get_absolute_url() + "suggest/"
    post(client, url, about_the_whole_article(article))
    _section_renamed(article)
    response = post(client, url, about_the_whole_article(article))
    assert response.status_code == 201
    html = response.content.decode()
    assert f'href="/harbours/{article.published_at:%Y/%m/%d}/{article.slug}/"' in html


def test_what_a_failed_check_counted_is_given_back(client, settings):
    settings.CORRECTIONS_RATE_LIMITS = {"ip": (10, 3600), "article": (200, 3600)}
    article = make_article()
    url = article.get_absolute_url() + "suggest/"
    post(client, url, about_the_whole_article(article))
    _retitled(article)
    assert post(client, url, about_the_whole_article(article)).status_code == 201
    bucket = int(timezone.now().timestamp() // 3600)
    ip_hash = ip_address_hash(ip="198.51.100.20")
    assert cache.get(f"corrections:rate:ip:{ip_hash}:{bucket}") == 2
    assert cache.get(f"corrections:rate:article:{article.pk}:{bucket}") == 2


def test_a_limit_reached_with_the_article_kept_counts_once(client, settings):
    settings.CORRECTIONS_RATE_LIMITS = {"ip": (2, 3600), "article": (200, 3600)}
    article = make_article()
    url = article.get_absolute_url() + "suggest/"
    statuses = [post(client, url, about_the_whole_article(article)).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]
    bucket = int(timezone.now().timestamp() // 3600)
    ip_hash = ip_address_hash(ip="198.51.100.20")
    # The refused report is counted once, as without anything kept; the article's limit
    # is not reached by a reader the address limit stopped.
    assert cache.get(f"corrections:rate:ip:{ip_hash}:{bucket}") == 3
    assert cache.get(f"corrections:rate:article:{article.pk}:{bucket}") == 2
    assert Suggestion.objects.count() == 2


def test_a_retry_and_a_reused_form_are_answered_with_the_article_kept(client):
    article = make_article()
    url = article.get_absolute_url() + "suggest/"
    data = about_the_whole_article(article)
    assert post(client, url, data).status_code == 201
    again = post(client, url, data)
    assert again.status_code == 200
    assert Suggestion.objects.get().token in again.content.decode()
    other = post(client, url, data | {"explanation": "Another text with the same form."})
    assert other.status_code == 409
    assert Suggestion.objects.count() == DBTaskResult.objects.count() == 1
    # Neither the retry nor the reused form counts against the reader's limit.
    bucket = int(timezone.now().timestamp() // 3600)
    ip_hash = ip_address_hash(ip="198.51.100.20")
    assert cache.get(f"corrections:rate:ip:{ip_hash}:{bucket}") == 1


def test_an_unknown_revision_is_not_kept(client):
    article, other = make_article(), make_article()
    url = article.get_absolute_url() + "suggest/"
    data = about_the_whole_article(article, revision=other.current_revision_id)
    assert post(client, url, data).status_code == 422
    assert len(RECENT_REVISIONS) == 0


def kept(article):
    """Keep ``article``'s current pair as a stored report would, and give what is kept."""
    found, revision = published.published_article_and_revision(
        article.slug, article.current_revision_id
    )
    RECENT_REVISIONS.remember(article.slug, found, revision)
    return RECENT_REVISIONS.seen(article.slug, revision.pk)


def test_what_is_kept_is_never_handed_out():
    article = make_article()
    found, revision = published.published_article_and_revision(
        article.slug, article.current_revision_id
    )
    # What the request that read it loaded or changed on it is not kept.
    assert found.current_revision.pk == revision.pk
    found.title = "Changed by the request that read it"
    RECENT_REVISIONS.remember(article.slug, found, revision)
    kept_article, kept_revision, _ = RECENT_REVISIONS.seen(article.slug, revision.pk)
    assert "current_revision" not in kept_article._state.fields_cache
    assert kept_article.get_deferred_fields() >= {"body", "lead_image_alt"}
    kept_article.language = "uk"
    kept_article.section.name = "Changed by a later request"
    kept_revision.canonical_text = ""
    again, again_revision, _ = RECENT_REVISIONS.seen(article.slug, revision.pk)
    assert again.language == article.language != "uk"
    assert again.section.name == article.section.name
    assert again_revision.canonical_text == revision.canonical_text
    assert again_revision.article is again
    assert again is not kept_article and again.section is not kept_article.section


def test_only_the_most_recently_used_are_kept():
    articles = [make_article() for _ in range(3)]
    recent = RecentRevisions(size=2)
    for article in articles:
        recent.remember(article.slug, article, article.current_revision)
    first, second, third = ((a.slug, a.current_revision_id) for a in articles)
    assert recent.seen(*first) is None
    assert recent.seen(*second) is not None  # now the most recently used
    recent.remember(articles[0].slug, articles[0], articles[0].current_revision)
    assert recent.seen(*third) is None
    assert recent.seen(*second) is not None and recent.seen(*first) is not None
    recent.forget(*second)
    assert recent.seen(*second) is None
    assert len(recent) == 1


def test_the_check_holds_exactly_while_the_article_reads_the_same():
    article = make_article()
    *_, unchanged = kept(article)
    unchanged.check("default")
    _retitled(article)
    with pytest.raises(ConditionFailed):
        unchanged.check("default")
    Article.objects.filter(pk=article.pk).update(title=article.title)
    unchanged.check("default")
    with pytest.raises(ValueError, match="checked for 'other'"):
        unchanged.check("other")


def test_a_revision_id_no_column_holds_is_checked_as_false():
    article = make_article()
    *_, unchanged = kept(article)
    beyond = Condition(unchanged.query, unchanged.values | {"revision": 2**63})
    assert beyond.exists_sql(connection) == ("FALSE", [])
    with pytest.raises(ConditionFailed):
        beyond.check("default")
    assert unchanged.exists_sql(connection)[0].startswith("EXISTS (SELECT")


def test_a_kept_pair_is_given_only_for_its_slug_and_revision():
    article = make_article()
    kept(article)
    assert published.seen_article_and_revision(article.slug, str(article.current_revision_id))
    assert published.seen_article_and_revision("another-slug", article.current_revision_id) is None
    assert published.seen_article_and_revision(article.slug, "not a number") is None
    assert published.seen_article_and_revision(article.slug, None) is None


def test_a_kept_report_is_answered_as_a_fresh_read_would(client, reads):
    article = make_article()
    url = article.get_absolute_url() + "suggest/"
    post(client, url, about_a_passage(article))
    kept_answer = post(client, url, about_a_passage(article))
    assert len(reads) == 1
    RECENT_REVISIONS.clear()
    assert answer(kept_answer) == answer(post(client, url, about_a_passage(article)))


@pytest.mark.parametrize(
    ("changes", "status"),
    [
        ({"website": "https://spam.example"}, 200),  # the honeypot
        ({"explanation": "", "kind": "nonsense"}, 422),
        ({"revision": "12345678"}, 422),
    ],
)
def test_input_not_stored_is_answered_from_a_fresh_read_and_counts_nothing(
    client, reads, changes, status
):
    article = make_article()
    url = article.get_absolute_url() + "suggest/"
    post(client, url, about_the_whole_article(article))
    response = post(client, url, about_the_whole_article(article, **changes))
    assert response.status_code == status
    assert len(reads) == 2
    assert Suggestion.objects.count() == 1
    bucket = int(timezone.now().timestamp() // 3600)
    ip_hash = ip_address_hash(ip="198.51.100.20")
    assert cache.get(f"corrections:rate:ip:{ip_hash}:{bucket}") == 1
    # An answer that stored nothing keeps nothing.
    RECENT_REVISIONS.clear()
    post(client, url, about_the_whole_article(article, **changes))
    assert len(RECENT_REVISIONS) == 0


def test_a_report_on_an_older_version_is_followed_into_the_current_one(client):
    article = make_article()
    older = article.current_revision_id
    edit_article(article, body=article.body.replace("The council", "The town council"))
    url = article.get_absolute_url() + "suggest/"
    data = {"revision": older, "start": "", "end": "", "prefix": "", "suffix": ""}
    post(client, url, about_a_passage(article, **data))
    kept_answer = post(client, url, about_a_passage(article, **data))
    assert kept_answer.status_code == 201
    first, second = Suggestion.objects.order_by("pk")
    assert (first.revision_id, second.revision_id) == (older, older)
    assert (first.anchor_revision_id, first.start, first.end) == (
        second.anchor_revision_id,
        second.start,
        second.end,
    )
    assert second.anchor_revision_id == article.current_revision_id


@pytest.mark.parametrize("error", [DataError, ProgrammingError])
def test_a_database_error_on_a_kept_report_is_answered_from_a_fresh_read(
    client, reads, error, caplog
):
    article = make_article()
    url = article.get_absolute_url() + "suggest/"
    post(client, url, about_the_whole_article(article))
    submit = services.suggestion_submit

    def failing_once(**kwargs):
        if kwargs["only_if"] is not None:
            raise error("refused")
        return submit(**kwargs)

    with mock.patch.object(services, "suggestion_submit", failing_once):
        response = post(client, url, about_the_whole_article(article))
    assert response.status_code == 201
    assert len(reads) == 2
    assert Suggestion.objects.count() == 2
    # The reader's input is not worth an alarm; a failing write of a kept pair is.
    assert ("failed" in caplog.text) is (error is ProgrammingError)
