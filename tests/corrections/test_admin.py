"""The editors' desk in the admin, driven through the test client as an editor would."""

from datetime import timedelta

import pytest
from desk_users import make_author_user, make_editor, make_user
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from corrections.models import ChangeNote, Suggestion
from factories import (
    edit_article,
    make_article,
    make_author,
    make_change_note,
    make_picture,
    make_section,
    make_suggestion,
)
from newsroom.models import Revision

pytestmark = pytest.mark.django_db

QUEUE = reverse("admin:corrections_suggestion_changelist")


def change_url(suggestion):
    return reverse("admin:corrections_suggestion_change", args=[suggestion.pk])


def queue_rows(response):
    return list(response.context["cl"].result_list)


# --------------------------------------------------------------------------- the queue


def test_queue_opens_on_open_work_oldest_first_and_decided_work_is_one_click_away(editor_client):
    article = make_article()
    old_new = make_suggestion(article=article, quote="Tuesday")
    decided = make_suggestion(article=article, quote="March", status=Suggestion.Status.SPAM)
    newest = make_suggestion(article=article, quote="winter")

    response = editor_client.get(QUEUE)

    assert response.status_code == 200
    assert queue_rows(response) == [old_new, newest]
    assert queue_rows(editor_client.get(f"{QUEUE}?status=all")) == [newest, decided, old_new]
    assert queue_rows(editor_client.get(f"{QUEUE}?status=spam")) == [decided]


def test_queue_shows_the_passage_escaped(editor_client):
    article = make_article(body="Readers wrote <script>alert(1)</script> here, said the mayor.")
    make_suggestion(article=article, quote="<script>alert(1)</script>")

    response = editor_client.get(QUEUE)

    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_queue_shows_group_sizes_for_overlapping_passages(editor_client):
    article = make_article()
    for quote in ("harbour wall", "the harbour", "wall before", "repair the harbour wall"):
        make_suggestion(article=article, quote=quote)
    alone = make_suggestion(article=article, quote="Tuesday")

    response = editor_client.get(QUEUE)
    rows = queue_rows(response)

    # One row per passage group, led by its first report, with the group's size.
    assert [(row.quote, row.group_size) for row in rows] == [("harbour wall", 4), ("Tuesday", 1)]
    assert alone in rows
    html = response.content.decode()
    assert "4 readers" in html and "1 reader<" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=spam", {"spam"}),
        ("kind__exact=factual", {"factual"}),
        ("anchored=no", {"orphaned"}),
        ("anchored=article", {"whole"}),
        ("age=older_week", {"old"}),
        ("q=cost", {"factual"}),
    ],
)
def test_queue_filters(editor_client, query, expected):
    article = make_article()
    labelled = {
        "spam": make_suggestion(article=article, quote="Tuesday", status=Suggestion.Status.SPAM),
        "factual": make_suggestion(
            article=article,
            quote="£2.4m",
            kind=Suggestion.Kind.FACTUAL,
            explanation="The cost was £4.2m.",
        ),
        "orphaned": make_suggestion(
            article=article,
            quote="winter",
            anchor_state=Suggestion.AnchorState.ORPHANED,
            anchor_start=None,
            anchor_end=None,
        ),
        "whole": make_suggestion(article=article, quote=""),
        "old": make_suggestion(article=article, quote="March"),
    }
    Suggestion.objects.filter(pk=labelled["old"].pk).update(
        created_at=timezone.now() - timedelta(days=10)
    )

    rows = queue_rows(editor_client.get(f"{QUEUE}?{query}"))

    assert {name for name, s in labelled.items() if s in rows} == expected


def test_queue_filters_by_section_and_article(editor_client):
    sport = make_section(name="Sport", slug="sport")
    in_sport = make_suggestion(article=make_article(section=sport))
    other_article = make_article()
    elsewhere = make_suggestion(article=other_article)

    assert queue_rows(editor_client.get(f"{QUEUE}?article__section__id__exact={sport.pk}")) == [
        in_sport
    ]
    response = editor_client.get(f"{QUEUE}?article={other_article.pk}")
    assert queue_rows(response) == [elsewhere]
    assert other_article.title in response.content.decode()


def test_article_list_counts_open_suggestions(editor_client, django_assert_max_num_queries):
    article = make_article()
    for quote in ("Tuesday", "winter", "March"):
        make_suggestion(article=article, quote=quote)
    make_suggestion(article=article, quote="harbour", status=Suggestion.Status.SPAM)
    for _ in range(5):
        make_suggestion(article=make_article(), quote="Tuesday")

    with django_assert_max_num_queries(12):
        response = editor_client.get(reverse("admin:newsroom_article_changelist"))

    counts = {a.pk: a.open_suggestion_count for a in response.context["cl"].result_list}
    assert counts[article.pk] == 3
    assert f'?article={article.pk}">3</a>' in response.content.decode()


def _queries_for_queue(client, count, django_assert_max_num_queries):
    articles = [make_article() for _ in range(3)]
    for index in range(count):
        make_suggestion(article=articles[index % 3], quote="harbour wall")
    with django_assert_max_num_queries(12) as captured:
        response = client.get(QUEUE)
    assert response.status_code == 200
    return len(captured.captured_queries)


def test_queue_query_count_is_flat(editor_client, django_assert_max_num_queries):
    few = _queries_for_queue(editor_client, 10, django_assert_max_num_queries)
    many = _queries_for_queue(editor_client, 200, django_assert_max_num_queries)
    assert few == many


# --------------------------------------------------------------------------- the change page


def test_change_page_highlights_the_passage_in_its_paragraph(editor_client):
    article = make_article(body="First <b> paragraph.\n\nThe work will cost £2.4m <i>, they said.")
    suggestion = make_suggestion(article=article, quote="£2.4m", replacement="£4.2m")

    html = editor_client.get(change_url(suggestion)).content.decode()

    assert "The work will cost <mark>£2.4m</mark> &lt;i&gt;, they said." in html
    assert "First" not in html.split("<mark>")[0].rsplit("desk-passage", 1)[-1]
    assert "Unchanged" in html


@pytest.mark.parametrize(
    ("part", "quote", "in_context"),
    [
        ("headline", "repairs approved", "Harbour wall <mark>repairs approved</mark>"),
        ("caption", "low tide", "The quay at <mark>low tide</mark>"),
    ],
)
def test_change_page_shows_a_report_in_its_own_part(editor_client, part, quote, in_context):
    article = make_article(
        title="Harbour wall repairs approved", lead_image_caption="The quay at low tide"
    )
    suggestion = make_suggestion(article=article, part=part, quote=quote)
    edit_article(article, body="A new first paragraph.\n\n" + article.body)

    html = editor_client.get(change_url(suggestion)).content.decode()

    assert html.count(in_context) == 2  # as the reader saw it, and where it is now
    assert suggestion.get_part_display() in html


def test_change_page_shows_where_the_passage_is_now(editor_client):
    article = make_article()
    suggestion = make_suggestion(article=article, quote="£2.4m")
    edit_article(article, body="A new first paragraph.\n\n" + article.body)

    html = editor_client.get(change_url(suggestion)).content.decode()

    assert "Unchanged: the same words, followed through edits around them (revision 2)." in html
    assert html.count("<mark>£2.4m</mark>") == 2


def test_change_page_says_when_the_passage_is_gone(editor_client):
    article = make_article()
    suggestion = make_suggestion(article=article, quote="£2.4m")
    edit_article(article, body="The council met on Tuesday evening.")

    html = editor_client.get(change_url(suggestion)).content.decode()

    assert "Removed in revision 2" in html
    assert "The reader quoted:" in html


def test_change_page_lists_the_group(editor_client):
    article = make_article()
    suggestion = make_suggestion(article=article, quote="harbour wall")
    make_suggestion(article=article, quote="the harbour", replacement="the sea")

    html = editor_client.get(change_url(suggestion)).content.decode()

    assert "2 readers reported this passage" in html
    assert "the sea" in html


def test_change_page_is_titled_as_a_readers_report_in_both_languages(editor_client):
    suggestion = make_suggestion()

    english = editor_client.get(change_url(suggestion)).content.decode()
    ukrainian = editor_client.get(change_url(suggestion), HTTP_ACCEPT_LANGUAGE="uk").content
    ukrainian = ukrainian.decode()

    assert "<h1>A reader’s report</h1>" in english
    # Django's "View %s" would put the model's name in the wrong case: "Переглянути пропозиція".
    assert "<h1>Повідомлення читача</h1>" in ukrainian


def test_change_page_reads_the_suggestion_once(editor_client):
    article = make_article()
    suggestion = make_suggestion(article=article, quote="harbour wall")
    make_suggestion(article=article, quote="the harbour", replacement="the sea")
    editor_client.get(change_url(suggestion))  # the process caches its content types

    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get(change_url(suggestion))

    assert response.status_code == 200
    reads = [query["sql"] for query in queries if 'FROM "corrections_suggestion"' in query["sql"]]
    # The suggestion with everything its page shows, then the other reports in its group.
    assert len(reads) == 2
    assert "group_lead_id" in reads[1]
    # And the session, the editor and their permissions (their own and their groups').
    assert len(queries) == 6


def test_change_page_offers_the_decisions_as_change_form_actions(editor_client):
    html = editor_client.get(change_url(make_suggestion())).content.decode()
    for name in ("accept", "reject", "mark_duplicate", "mark_spam"):
        assert f'value="{name}"' in html
    assert 'name="CHANGE_FORM-action"' in html


# --------------------------------------------------------------------------- actions


def run_on_change_form(client, suggestion, action, **data):
    return client.post(
        change_url(suggestion),
        {"CHANGE_FORM-action": action, "_selected_action": [suggestion.pk], **data},
    )


def test_accept_from_the_change_form_asks_then_acts(editor_client):
    suggestion = make_suggestion(quote="£2.4m", replacement="£4.2m", kind=Suggestion.Kind.FACTUAL)

    form_page = run_on_change_form(editor_client, suggestion, "accept")
    assert form_page.status_code == 200
    form = form_page.context["form"]
    assert form.initial["note_kind"] == ChangeNote.Kind.CORRECTION
    assert "£4.2m" in form.initial["note_text"]
    assert 'name="csrfmiddlewaretoken"' in form_page.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.NEW

    done = run_on_change_form(
        editor_client,
        suggestion,
        "accept",
        confirm="yes",
        note_kind="correction",
        note_text="We gave the wrong cost.",
        apply_replacement="on",
    )

    assert done.status_code == 302
    suggestion.refresh_from_db()
    article = suggestion.article
    article.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ACCEPTED
    assert suggestion.change_note.text == "We gave the wrong cost."
    assert "£4.2m" in article.current_revision.canonical_text


def test_accept_and_apply_a_fix_to_a_caption_from_the_desk(editor_client):
    article = make_article(lead_image_caption="Osgood celebrates his second goal.")
    suggestion = make_suggestion(
        article=article, part="caption", quote="his second goal", replacement="his first goal"
    )

    done = run_on_change_form(
        editor_client,
        suggestion,
        "accept",
        confirm="yes",
        note_kind="correction",
        note_text="The picture showed his first goal.",
        apply_replacement="on",
    )

    assert done.status_code == 302
    article.refresh_from_db()
    assert article.lead_image_caption == "Osgood celebrates his first goal."
    assert article.current_revision.caption_diff_html == (
        "Osgood celebrates his <del>second</del><ins>first</ins> goal."
    )
    suggestion.refresh_from_db()
    assert suggestion.change_note.revision_after == article.current_revision


def test_accept_with_an_ambiguous_passage_links_to_the_article_form(editor_client):
    article = make_article(body="The harbour wall is old.\n\nThe harbour wall is long.")
    suggestion = make_suggestion(article=article, quote="harbour wall", replacement="sea wall")

    response = run_on_change_form(
        editor_client,
        suggestion,
        "accept",
        confirm="yes",
        note_kind="correction",
        note_text="x",
        apply_replacement="on",
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "occurs 2 times" in html
    assert reverse("admin:newsroom_article_change", args=[article.pk]) in html
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.NEW


def test_reject_needs_a_reason(editor_client):
    suggestion = make_suggestion()

    response = run_on_change_form(editor_client, suggestion, "reject", confirm="yes", reason="")
    assert response.status_code == 200
    assert response.context["form"].errors["reason"]

    run_on_change_form(
        editor_client, suggestion, "reject", confirm="yes", reason="The figure is right."
    )
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.REJECTED
    assert suggestion.public_reason == "The figure is right."


def test_mark_duplicate_from_the_change_form(editor_client):
    original = make_suggestion()
    repeat = make_suggestion(article=original.article)

    page = run_on_change_form(editor_client, repeat, "mark_duplicate")
    assert list(page.context["form"].fields["original"].queryset) == [original]
    run_on_change_form(editor_client, repeat, "mark_duplicate", confirm="yes", original=original.pk)

    repeat.refresh_from_db()
    assert repeat.duplicate_of == original


def test_deciding_a_decided_suggestion_shows_an_error(editor_client):
    suggestion = make_suggestion(status=Suggestion.Status.SPAM)
    response = run_on_change_form(editor_client, suggestion, "mark_spam")
    assert response.status_code == 302
    page = editor_client.get(response.url)
    assert "already decided" in page.content.decode()


def test_bulk_spam_and_reject_from_the_queue(editor_client):
    article = make_article()
    spam = [make_suggestion(article=article, quote=q) for q in ("Tuesday", "winter")]
    keep = make_suggestion(article=article, quote="March")

    editor_client.post(QUEUE, {"action": "mark_spam", "_selected_action": [s.pk for s in spam]})
    editor_client.post(
        QUEUE,
        {"action": "reject", "_selected_action": [keep.pk], "confirm": "yes", "reason": "Fine."},
    )

    statuses = dict(Suggestion.objects.values_list("quote", "status"))
    assert statuses == {"Tuesday": "spam", "winter": "spam", "March": "rejected"}


def test_bulk_accept_publishes_one_note_for_the_selection(editor_client):
    article = make_article()
    chosen = [make_suggestion(article=article, quote=q) for q in ("Tuesday", "winter")]

    editor_client.post(
        QUEUE,
        {
            "action": "accept",
            "_selected_action": [s.pk for s in chosen],
            "confirm": "yes",
            "note_kind": "clarification",
            "note_text": "We made the dates clearer.",
        },
    )

    note = ChangeNote.objects.get()
    assert set(note.suggestions.all()) == set(chosen)


def test_group_accept_from_the_change_form(editor_client):
    article = make_article()
    first = make_suggestion(article=article, quote="harbour wall")
    second = make_suggestion(article=article, quote="the harbour")

    run_on_change_form(
        editor_client,
        first,
        "accept",
        confirm="yes",
        note_kind="clarification",
        note_text="Fixed.",
        group="on",
    )

    second.refresh_from_db()
    assert second.status == Suggestion.Status.ACCEPTED


# --------------------------------------------------------------------------- no silent edits


def article_form_data(article, **changes):
    data = {
        "title": article.title,
        "slug": article.slug,
        "standfirst": article.standfirst,
        "body": article.body.replace("\n", "\r\n"),
        "section": article.section_id,
        "authors": [author.pk for author in article.authors.order_by("pk")],
        "status": article.status,
        "language": article.language,
        "published_at_0": timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
        "published_at_1": timezone.localtime(article.published_at).strftime("%H:%M:%S"),
        "revisions-TOTAL_FORMS": "1",
        "revisions-INITIAL_FORMS": "1",
        "revisions-MIN_NUM_FORMS": "0",
        "revisions-MAX_NUM_FORMS": "1000",
        "revisions-0-id": article.current_revision_id or "",
        "revisions-0-article": article.pk,
    }
    return data | changes


def article_url(article):
    return reverse("admin:newsroom_article_change", args=[article.pk])


def test_editing_a_published_text_requires_the_kind_of_change(editor_client):
    article = make_article()

    response = editor_client.post(
        article_url(article), article_form_data(article, body="The council met on Monday.")
    )

    assert response.status_code == 200
    assert "say what kind of change this is" in response.content.decode()
    assert article.revisions.count() == 1


def test_a_change_note_kind_needs_its_public_text(editor_client):
    article = make_article()
    data = article_form_data(article, body="The council met on Monday.", change_kind="correction")
    response = editor_client.post(article_url(article), data)
    assert "Write the public note" in response.content.decode()


def test_a_correction_through_the_form_records_its_note(editor_client):
    article = make_article()
    before = article.current_revision

    response = editor_client.post(
        article_url(article),
        article_form_data(
            article,
            body="The council met on Monday evening.",
            change_kind="correction",
            change_note_text="We gave the wrong day of the meeting.",
        ),
    )

    assert response.status_code == 302
    note = ChangeNote.objects.get()
    article.refresh_from_db()
    assert note.kind == ChangeNote.Kind.CORRECTION
    assert note.revision_before == before
    assert note.revision_after == article.current_revision
    assert note.editor == editor_client.editor


def test_a_minor_fix_also_leaves_a_note(editor_client):
    article = make_article()
    data = article_form_data(
        article, title=article.title + " (typo fixed)", change_kind="minor_fix"
    )

    assert editor_client.post(article_url(article), data).status_code == 302

    note = ChangeNote.objects.get()
    assert note.kind == ChangeNote.Kind.MINOR_FIX
    assert note.revision_after.number == 2


def test_saving_without_text_changes_needs_no_note(editor_client):
    article = make_article()
    data = article_form_data(article)
    assert editor_client.post(article_url(article), data).status_code == 302
    assert not ChangeNote.objects.exists()
    assert article.revisions.count() == 1


@pytest.mark.parametrize("field", ["lead_image_caption", "lead_image_credit", "lead_image_alt"])
def test_a_caption_credit_or_description_edit_needs_a_change_note(editor_client, field):
    # Issue 11, item 8: no silent edits through the lead image's caption, credit or the
    # description a screen reader reads out instead of the picture.
    article = make_article()
    data = article_form_data(article, **{field: "Something else"})
    refused = editor_client.post(article_url(article), data)
    assert refused.status_code == 200
    assert "say what kind of change this is" in refused.content.decode()
    assert article.revisions.count() == 1

    with_note = data | {"change_kind": "minor_fix"}
    assert editor_client.post(article_url(article), with_note).status_code == 302
    note = ChangeNote.objects.get()
    assert note.revision_after.number == 2
    assert getattr(note.revision_after, field) == "Something else"


def byline_section_or_picture_edit(article, what):
    """Form data changing only the byline, the section or the picture, and the change the
    changelog should show for it."""
    if what == "byline":
        ann, cy = article.authors.get(name="Ann Lee"), make_author(name="Cy Day")
        shown = "<del>Ann Lee, Bo Chan</del> → <ins>Ann Lee, Cy Day</ins>"
        return {"authors": [ann.pk, cy.pk]}, shown
    if what == "section":
        city = make_section(name="City")
        return {"section": city.pk}, "<del>Harbour</del> → <ins>City</ins>"
    return {"lead_image": make_picture("another.png", "teal")}, None


@pytest.mark.parametrize("what", ["byline", "section", "picture"])
@pytest.mark.parametrize("language", ["en", "uk"])
def test_a_byline_section_or_picture_edit_needs_a_change_note(editor_client, what, language):
    # Issue 11, item 8: the byline, the section and the picture are read on the page like
    # the headline; changing them on a published article is no silent edit.
    article = make_article(
        section=make_section(name="Harbour"),
        authors=[make_author(name="Ann Lee"), make_author(name="Bo Chan")],
        lead_image=make_picture(),
        language=language,
    )
    before = article.current_revision
    picture = article.lead_image.name
    changes, shown = byline_section_or_picture_edit(article, what)
    data = article_form_data(article, **changes)

    refused = editor_client.post(article_url(article), data)

    assert refused.status_code == 200
    assert "say what kind of change this is" in refused.content.decode()
    article.refresh_from_db()
    assert article.revisions.count() == 1
    assert article.author_names == ["Ann Lee", "Bo Chan"]
    assert article.section.name == "Harbour"
    assert article.lead_image.name == picture

    # Crediting the wrong reporter, or filing under the wrong section, is a correction.
    data |= {
        "change_kind": "correction",
        "change_note_text": "An earlier version credited the wrong reporter.",
    }
    if what == "picture":
        data["lead_image"] = make_picture("another.png", "teal")
    assert editor_client.post(article_url(article), data).status_code == 302

    article.refresh_from_db()
    note = ChangeNote.objects.get()
    assert (note.revision_before, note.revision_after) == (before, article.current_revision)
    after = note.revision_after
    assert after.number == 2
    assert (after.byline, after.section_name, after.lead_image_name) == (
        article.author_names,
        article.section.name,
        article.lead_image.name,
    )
    changed = {
        "byline": after.byline != before.byline,
        "section": after.section_name != before.section_name,
        "picture": after.lead_image_name != before.lead_image_name,
    }
    assert changed == {part: part == what for part in changed}
    html = editor_client.get(f"{article.get_absolute_url()}changes/").content.decode()
    entry = html[html.index('id="revision-2"') :]
    headings = {
        "en": {"byline": "Byline", "section": "Section", "picture": "Picture"},
        "uk": {"byline": "Автори", "section": "Розділ", "picture": "Світлина"},
    }
    assert f"<dt>{headings[language][what]}</dt>" in entry
    if shown:
        assert shown in entry
    else:
        assert {"en": "Replaced", "uk": "Замінено"}[language] in entry


def test_an_article_published_from_the_add_form_is_first_recorded_with_its_byline(
    editor_client,
):
    section = make_section(name="Harbour")
    authors = [make_author(name="Cy Day"), make_author(name="Ann Lee")]
    now = timezone.localtime()
    data = {
        "title": "Harbour wall repairs approved",
        "slug": "harbour-wall-added",
        "body": "The council met.",
        "section": section.pk,
        "authors": [author.pk for author in authors],
        "status": "published",
        "published_at_0": now.strftime("%Y-%m-%d"),
        "published_at_1": now.strftime("%H:%M:%S"),
        "revisions-TOTAL_FORMS": "0",
        "revisions-INITIAL_FORMS": "0",
    }

    response = editor_client.post(reverse("admin:newsroom_article_add"), data)

    assert response.status_code == 302
    [first] = Revision.objects.filter(article__slug="harbour-wall-added")
    assert (first.byline, first.section_name) == (["Ann Lee", "Cy Day"], "Harbour")


def test_a_drafts_byline_and_section_change_freely(editor_client):
    article = make_article(published=False, authors=[make_author(name="Ann Lee")])
    city = make_section(name="City")
    data = article_form_data(
        article,
        authors=[make_author(name="Cy Day").pk],
        section=city.pk,
        published_at_0="",
        published_at_1="",
    )
    data |= {"revisions-TOTAL_FORMS": "0", "revisions-INITIAL_FORMS": "0"}

    assert editor_client.post(article_url(article), data).status_code == 302

    article.refresh_from_db()
    assert (article.author_names, article.section) == (["Cy Day"], city)
    assert not article.revisions.exists()


def test_saving_an_article_with_a_byline_and_a_picture_unchanged_makes_no_revision(
    editor_client,
):
    article = make_article(authors=[make_author(), make_author()], lead_image=make_picture())
    data = article_form_data(article)
    assert editor_client.post(article_url(article), data).status_code == 302
    assert article.revisions.count() == 1
    assert not ChangeNote.objects.exists()


def test_taking_an_article_offline_to_edit_it_still_needs_a_note(editor_client):
    article = make_article()
    offline = article_form_data(article, status="draft", body="The council did NOT meet.")
    assert editor_client.post(article_url(article), offline).status_code == 302
    article.refresh_from_db()

    back_online = article_form_data(article, status="published")
    refused = editor_client.post(article_url(article), back_online)

    assert refused.status_code == 200
    assert "say what kind of change this is" in refused.content.decode()
    assert article.revisions.count() == 1
    with_note = back_online | {"change_kind": "correction", "change_note_text": "We erred."}
    assert editor_client.post(article_url(article), with_note).status_code == 302
    assert ChangeNote.objects.get().revision_after.number == 2


def test_a_note_written_with_an_invisible_markdown_change_is_still_published(editor_client):
    article = make_article(body="The council met on *Tuesday*.")
    data = article_form_data(
        article,
        body="The council met on _Tuesday_.",
        change_kind="clarification",
        change_note_text="The meeting was on Tuesday, not Monday as first said.",
    )
    assert editor_client.post(article_url(article), data).status_code == 302
    note = ChangeNote.objects.get()
    assert note.kind == ChangeNote.Kind.CLARIFICATION
    assert article.revisions.count() == 1


def test_drafts_are_edited_freely(editor_client):
    article = make_article(published=False)
    data = article_form_data(article, body="Draft text.", published_at_0="", published_at_1="")
    data |= {"revisions-TOTAL_FORMS": "0", "revisions-INITIAL_FORMS": "0"}
    response = editor_client.post(article_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.body == "Draft text."


def test_an_editor_can_publish_a_note_by_hand(editor_client):
    article = make_article()
    response = editor_client.post(
        reverse("admin:corrections_changenote_add"),
        {
            "article": article.pk,
            "kind": "update",
            "text": "The council has since confirmed the start date.",
        },
    )
    assert response.status_code == 302
    note = ChangeNote.objects.get()
    assert note.editor == editor_client.editor
    assert note.revision_after == article.current_revision


def test_a_published_note_cannot_be_rewritten_downgraded_or_moved(editor_client):
    note = make_change_note(kind=ChangeNote.Kind.CORRECTION, text="The cost was £4.2m.")
    other = make_article()
    change = reverse("admin:corrections_changenote_change", args=[note.pk])

    page = editor_client.get(change)
    response = editor_client.post(
        change, {"article": other.pk, "kind": "minor_fix", "text": "Nothing to see."}
    )

    assert page.status_code == 200
    assert 'name="text"' not in page.content.decode()
    assert response.status_code == 403
    original_article = note.article_id
    note.refresh_from_db()
    assert note.article_id == original_article != other.pk
    assert (note.kind, note.text) == (ChangeNote.Kind.CORRECTION, "The cost was £4.2m.")


def test_article_editors_who_cannot_publish_notes_cannot_change_a_published_text(client):
    user = make_user()
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_article", "change_article"])
    )
    client.force_login(user)
    article = make_article()
    data = article_form_data(
        article, body="Changed.", change_kind="correction", change_note_text="Fixed."
    )

    response = client.post(article_url(article), data)

    assert response.status_code == 200
    assert "Only editors who may publish change notes" in response.content.decode()
    assert article.revisions.count() == 1


# --------------------------------------------------------------------------- the desk as an inbox

EVENTS_BODY = "The festival drew more than 60 events this year.\n\nTickets sold out on Friday."


def test_the_queue_puts_the_most_serious_first_then_the_oldest(editor_client):
    article = make_article(body=EVENTS_BODY)
    typo = make_suggestion(article=article, quote="Tickets", kind=Suggestion.Kind.TYPO)
    factual = make_suggestion(article=article, quote="Friday", kind=Suggestion.Kind.FACTUAL)
    # A group of three typo reports, one of them factual: the group counts as factual.
    group = [
        make_suggestion(article=article, quote="60 events", kind=kind)
        for kind in (Suggestion.Kind.TYPO, Suggestion.Kind.FACTUAL, Suggestion.Kind.TYPO)
    ]
    older_typo = make_suggestion(article=make_article(), quote="Tuesday")
    Suggestion.objects.filter(pk=older_typo.pk).update(
        created_at=timezone.now() - timedelta(days=2)
    )

    response = editor_client.get(QUEUE)

    assert queue_rows(response) == [group[0], factual, older_typo, typo]
    html = response.content.decode()
    first_row = html.split("<tbody>")[1].split("</tr>")[0]
    assert "Factual error" in first_row and "Typo" not in first_row
    assert "3 readers" in html
    assert "2 d" in html
    assert "Django administration" not in html


def test_the_queue_row_shows_old_and_new_and_the_first_explanation(editor_client):
    make_suggestion(
        article=make_article(body=EVENTS_BODY),
        quote="60 events",
        replacement="70 events",
        explanation="The programme lists seventy.",
    )

    html = editor_client.get(QUEUE).content.decode()

    assert "<del>60 events</del> → <ins>70 events</ins>" in html
    assert "The programme lists seventy." in html
    assert '<span class="desk-where desk-where--unchanged">Unchanged</span>' in html


def test_the_queue_row_says_when_a_report_is_not_about_the_text(editor_client):
    article = make_article(lead_image_caption="The quay at low tide")
    make_suggestion(article=article, part="caption", quote="low tide", replacement="high tide")
    make_suggestion(article=article, quote="harbour wall", replacement="sea wall")

    html = editor_client.get(QUEUE).content.decode()

    assert "<strong>Picture caption:</strong> <del>low tide</del> → <ins>high tide</ins>" in html
    assert '<span class="desk-passage-cell"><del>harbour wall</del>' in html


def test_the_admin_speaks_as_the_newsroom_and_leads_with_the_queue(editor_client, settings):
    article = make_article()
    make_suggestion(article=article, quote="harbour wall")
    make_suggestion(article=article, quote="the harbour")
    make_suggestion(article=article, quote="Tuesday")

    html = editor_client.get(reverse("admin:index")).content.decode()

    assert "The Harbour Chronicle · corrections desk" in html
    assert "2 passages wait for a decision · 3 open reports" in html
    assert html.index("Open the queue") < html.index("Change notes")


def test_the_suggestion_page_shows_decisions_every_report_and_shortcuts(editor_client):
    article = make_article()
    first = make_suggestion(article=article, quote="harbour wall", replacement="sea wall")
    make_suggestion(
        article=article,
        quote="the harbour",
        replacement="the  sea\n\n    wall",
        explanation="It is <b>the sea</b>.",
        source_url="https://example.org/source",
    )

    html = editor_client.get(change_url(first)).content.decode()

    for label, key in (("Accept…", "a"), ("Reject…", "r"), ("Duplicate…", "d"), ("Spam", "s")):
        assert f'data-shortcut="{key}">{label}</button>' in html
    assert "<kbd>A</kbd>" in html
    assert 'src="/static/corrections/desk.js"' in html
    assert "2 readers reported this passage" in html
    assert "It is &lt;b&gt;the sea&lt;/b&gt;." in html
    assert "https://example.org/source" in html
    # A line break and the indentation that would make a code block are shown, not hidden.
    assert 'title="line break">↵</span><br>' in html
    assert html.count('title="space">·</span>') >= 5
    assert "Delete" not in html


def test_accepting_with_the_defaults_applies_the_fix_and_lands_on_the_next(editor_client):
    # Issue 9, item 1: a "typo" report of a changed figure, accepted with the defaults.
    article = make_article(body=EVENTS_BODY)
    suggestion = make_suggestion(
        article=article, quote="more than 60 events", replacement="more than 70 events"
    )
    following = make_suggestion(article=article, quote="Friday", kind=Suggestion.Kind.FACTUAL)

    page = run_on_change_form(editor_client, suggestion, "accept")
    form = page.context["form"]
    assert form.initial["apply_replacement"] is True
    assert form.initial["note_kind"] == ChangeNote.Kind.CORRECTION
    html = page.content.decode()
    assert "<del>60</del>" in html and "<ins>70</ins>" in html  # the changelog's diff
    assert 'class="change-note change-note--correction"' in html  # the article's note

    data = {name: form.initial[name] for name in ("note_kind", "note_text")}
    done = run_on_change_form(
        editor_client, suggestion, "accept", confirm="yes", apply_replacement="on", **data
    )

    assert done.status_code == 302
    assert done.url == change_url(following)
    article.refresh_from_db()
    assert "more than 70 events" in article.current_revision.canonical_text
    suggestion.refresh_from_db()
    assert suggestion.change_note.revision_after == article.current_revision
    assert "Accepted 1 suggestion" in editor_client.get(done.url).content.decode()


def test_the_last_decision_lands_on_the_queue(editor_client):
    suggestion = make_suggestion()
    done = run_on_change_form(editor_client, suggestion, "reject", confirm="yes", reason="Right.")
    assert done.status_code == 302
    assert done.url == QUEUE


def test_without_a_fix_the_desk_offers_only_notes_that_stand_alone(editor_client):
    article = make_article(body="The harbour wall is old.\n\nThe harbour wall is long.")
    suggestion = make_suggestion(article=article, quote="harbour wall", replacement="sea wall")

    page = run_on_change_form(editor_client, suggestion, "accept")
    form = page.context["form"]

    assert "apply_replacement" not in form.fields
    assert ChangeNote.Kind.CORRECTION not in dict(form.fields["note_kind"].choices)
    assert form.initial["note_kind"] == ChangeNote.Kind.CLARIFICATION
    assert "corrected" not in form.initial["note_text"]
    assert f"?resolves={suggestion.pk}" in page.content.decode()

    forced = run_on_change_form(
        editor_client, suggestion, "accept", confirm="yes", note_kind="correction", note_text="x"
    )
    assert forced.status_code == 200
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.NEW
    assert not ChangeNote.objects.exists()


def test_unticking_apply_keeps_no_correction_and_no_claim_of_one(editor_client):
    suggestion = make_suggestion(quote="£2.4m", replacement="£4.2m", kind=Suggestion.Kind.FACTUAL)
    page = run_on_change_form(editor_client, suggestion, "accept")
    claim = page.context["form"].initial["note_text"]

    as_correction = run_on_change_form(
        editor_client, suggestion, "accept", confirm="yes", note_kind="correction", note_text=claim
    )
    as_clarification = run_on_change_form(
        editor_client,
        suggestion,
        "accept",
        confirm="yes",
        note_kind="clarification",
        note_text=claim,
    )

    assert "A correction or minor fix says the text was changed" in as_correction.content.decode()
    assert "nothing is applied: reword it" in as_clarification.content.decode()
    assert not ChangeNote.objects.exists()


def test_an_edit_with_the_suggestion_attached_publishes_its_note_with_the_revision(editor_client):
    article = make_article(body="The harbour wall is old.\n\nThe harbour wall is long.")
    suggestion = make_suggestion(article=article, quote="harbour wall", replacement="sea wall")
    url = f"{article_url(article)}?resolves={suggestion.pk}"

    page = editor_client.get(url)
    assert page.context["adminform"].form.initial["change_kind"] == "correction"
    assert "Resolving a reader’s report" in page.content.decode()

    done = editor_client.post(
        url,
        article_form_data(
            article,
            body="The sea wall is old.\n\nThe harbour wall is long.",
            change_kind="correction",
            change_note_text="We named the wrong wall.",
            resolves=suggestion.pk,
        ),
    )

    assert done.status_code == 302
    article.refresh_from_db()
    suggestion.refresh_from_db()
    note = ChangeNote.objects.get()
    assert article.revisions.count() == 2
    assert note.revision_after == article.current_revision
    assert suggestion.status == Suggestion.Status.ACCEPTED
    assert suggestion.change_note == note


def test_an_edit_that_changes_nothing_cannot_carry_a_correction(editor_client):
    article = make_article()
    suggestion = make_suggestion(article=article, quote="harbour wall", replacement="sea wall")

    response = editor_client.post(
        f"{article_url(article)}?resolves={suggestion.pk}",
        article_form_data(
            article, change_kind="correction", change_note_text="Fixed.", resolves=suggestion.pk
        ),
    )

    assert response.status_code == 200
    assert "this edit changes nothing they see" in response.content.decode()
    assert not ChangeNote.objects.exists()
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.NEW


def test_a_note_by_hand_cannot_be_a_correction(editor_client):
    article = make_article()
    response = editor_client.post(
        reverse("admin:corrections_changenote_add"),
        {"article": article.pk, "kind": "correction", "text": "We erred."},
    )
    assert response.status_code == 200
    assert not ChangeNote.objects.exists()


def test_the_desk_shows_one_date_format(editor_client):
    suggestion = make_suggestion()
    Suggestion.objects.filter(pk=suggestion.pk).update(
        created_at=timezone.make_aware(timezone.datetime(2026, 11, 26, 0, 34))
    )
    html = editor_client.get(change_url(suggestion)).content.decode()
    assert "26 Nov 2026, 00:34" in html
    assert "2026-11-26 00:34" not in html


def test_a_search_finds_any_open_report_not_only_each_groups_first(editor_client):
    article = make_article()
    first = make_suggestion(article=article, quote="harbour wall", explanation="Wrong wall.")
    second = make_suggestion(article=article, quote="the harbour", explanation="It is the quay.")

    assert queue_rows(editor_client.get(QUEUE)) == [first]
    assert queue_rows(editor_client.get(f"{QUEUE}?q=quay")) == [second]


# --------------------------------------------------------------------------- where it is now

PARAGRAPHS = [
    "The council met on Tuesday evening.",
    "Councillors voted to repair the harbour wall before winter.",
    "The work will cost £2.4m and start in March.",
    "Fishermen said the repairs were overdue.",
]


def paragraphs(*texts):
    return "\n\n".join(texts)


def where_cell(html):
    """The queue's "passage now" cells, in row order."""
    return [cell.split("</td>")[0] for cell in html.split('class="field-where_now">')[1:]]


def orphan(article, *, quote="repair the harbour wall"):
    """A report whose passage revision 3 deletes (revision 2 edits elsewhere)."""
    suggestion = make_suggestion(article=article, quote=quote)
    edit_article(article, body=paragraphs("New start.", *PARAGRAPHS))
    removing = edit_article(article, body=paragraphs("New start.", PARAGRAPHS[0], *PARAGRAPHS[2:]))
    suggestion.refresh_from_db()
    assert suggestion.anchor_state == Suggestion.AnchorState.ORPHANED
    assert suggestion.anchor_lost_in == removing
    return suggestion, removing


def test_an_orphaned_report_says_in_the_queue_which_revision_removed_its_passage(editor_client):
    article = make_article(body=paragraphs(*PARAGRAPHS))
    orphan(article)

    cells = where_cell(editor_client.get(QUEUE).content.decode())

    assert len(cells) == 1
    assert "Removed in revision 3" in cells[0] and "desk-where--removed" in cells[0]


def test_an_orphaned_reports_page_shows_the_revision_and_the_diff_that_removed_it(editor_client):
    article = make_article(body=paragraphs(*PARAGRAPHS))
    suggestion, removing = orphan(article)
    # The diff as stored: the deleted paragraph struck through, nothing else invented.
    assert "<del>" in removing.body_diff_html and "harbour wall" in removing.body_diff_html

    html = editor_client.get(change_url(suggestion)).content.decode()

    assert "Removed in revision 3: that edit deleted or rewrote the passage" in html
    assert "The change in revision 3" in html
    assert f'<div class="desk-lost__diff diff__text">{removing.body_diff_html}</div>' in html


def test_the_removing_diff_stays_escaped_on_the_change_page(editor_client):
    risky = "Councillors voted to repair the <script>alert(1)</script> harbour wall."
    article = make_article(body=paragraphs(PARAGRAPHS[0], risky, PARAGRAPHS[2]))
    suggestion = make_suggestion(article=article, quote="repair the")
    edit_article(article, body=paragraphs(PARAGRAPHS[0], PARAGRAPHS[2]))
    suggestion.refresh_from_db()
    assert suggestion.anchor_lost_in is not None

    html = editor_client.get(change_url(suggestion)).content.decode()

    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html.split('class="desk-lost"')[1]


def test_an_orphan_without_a_known_removing_revision_says_so_without_a_diff(editor_client):
    article = make_article(body=paragraphs(*PARAGRAPHS))
    suggestion = make_suggestion(article=article, quote="harbour wall")
    Suggestion.objects.filter(pk=suggestion.pk).update(
        anchor_state=Suggestion.AnchorState.ORPHANED, anchor_start=None, anchor_end=None
    )

    queue = editor_client.get(QUEUE).content.decode()
    page = editor_client.get(change_url(suggestion)).content.decode()

    assert ">Removed</span>" in where_cell(queue)[0]
    assert "The passage is no longer in the article." in page
    assert 'class="desk-lost"' not in page


def test_an_edited_passage_says_edited_here_and_how_it_reads(editor_client):
    article = make_article(body=paragraphs(*PARAGRAPHS))
    suggestion = make_suggestion(article=article, quote="repair the harbour wall")
    edit_article(article, body=paragraphs(*PARAGRAPHS).replace("harbour wall", "sea wall"))

    cells = where_cell(editor_client.get(QUEUE).content.decode())
    page = editor_client.get(change_url(suggestion)).content.decode()

    assert "Edited here (revision 2)" in cells[0]
    assert "Edited here since the reader saw it: in revision 2 it reads “repair the sea wall”." in (
        page
    )
    assert "<mark>repair the sea wall</mark>" in page


def test_a_moved_passage_says_moved(editor_client):
    article = make_article(body=paragraphs(*PARAGRAPHS))
    suggestion = make_suggestion(article=article, quote="repair the harbour wall before winter")
    edit_article(article, body=paragraphs(PARAGRAPHS[0], *PARAGRAPHS[2:], PARAGRAPHS[1]))
    suggestion.refresh_from_db()
    assert suggestion.anchor_relocated

    cells = where_cell(editor_client.get(QUEUE).content.decode())
    page = editor_client.get(change_url(suggestion)).content.decode()

    assert "Moved (revision 2)" in cells[0]
    assert "Moved: the same words are now in another place, in revision 2." in page


def test_an_edited_headline_is_followed_in_the_queue_too(editor_client):
    article = make_article(title="Council backs harbour wall repair")
    make_suggestion(article=article, part="headline", quote="harbour wall")
    edit_article(article, title="Council backs harbour walls repair")

    cells = where_cell(editor_client.get(QUEUE).content.decode())

    assert "Edited here (revision 2)" in cells[0]


def _queries_for_followed_queue(client, count, django_assert_max_num_queries):
    """``count`` open reports on passages that later edits changed, moved or removed."""
    for index in range(count):
        article = make_article(body=paragraphs(*PARAGRAPHS))
        quote = ["repair the harbour wall", "£2.4m", "Fishermen said"][index % 3]
        make_suggestion(article=article, quote=quote)
        edit_article(
            article,
            body=paragraphs(
                "New start.", PARAGRAPHS[0], PARAGRAPHS[2].replace("£2.4m", "£2.5m"), PARAGRAPHS[3]
            ),
        )
    with django_assert_max_num_queries(12) as captured:
        response = client.get(QUEUE)
    assert response.status_code == 200
    cells = where_cell(response.content.decode())
    assert len(cells) == Suggestion.objects.open().count()
    assert all(any(word in cell for cell in cells) for word in ("Removed in", "Edited", "text"))
    # Never a revision's whole text or diff for the queue: only the anchored passage.
    for query in captured.captured_queries:
        assert "canonical_text" not in query["sql"].split("SUBSTR", 1)[0]
        assert "body_diff_html" not in query["sql"]
    return len(captured.captured_queries)


def test_the_queue_reads_where_now_without_a_query_per_row(
    editor_client, django_assert_max_num_queries
):
    few = _queries_for_followed_queue(editor_client, 3, django_assert_max_num_queries)
    many = _queries_for_followed_queue(editor_client, 30, django_assert_max_num_queries)
    assert few == many


# --------------------------------------------------------------------------- dashboard and exports

INDEX = reverse("admin:index")
STANDARDS = reverse("admin:corrections_suggestion_standards")
SUGGESTION_EXPORT = reverse("admin:corrections_suggestion_export")
NOTE_EXPORT = reverse("admin:corrections_changenote_export")
NOTES = reverse("admin:corrections_changenote_changelist")


def export_href(html):
    """The href of the page's "Export CSV" link, or None."""
    for chunk in html.split("<a ")[1:]:
        tag, _, text = chunk.partition(">")
        if text.startswith("Export CSV</a>"):
            return tag.split('href="')[1].split('"')[0].replace("&amp;", "&")
    return None


@pytest.fixture
def author_client(client):
    user = make_author_user()
    author = make_author(user=user)
    client.force_login(user)
    client.article = make_article(authors=[author])
    return client


def test_the_exports_keep_their_addresses_and_the_dashboards_old_one_redirects(editor_client):
    assert SUGGESTION_EXPORT == "/admin/corrections/suggestion/export.csv"
    assert NOTE_EXPORT == "/admin/corrections/changenote/export.csv"

    response = editor_client.get("/admin/corrections/standards/?days=7")

    assert response.status_code == 301
    assert response.url == f"{STANDARDS}?days=7"


def test_the_desks_own_pages_send_a_logged_out_visitor_to_the_admin_login(client):
    for url in (STANDARDS, SUGGESTION_EXPORT, NOTE_EXPORT):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login") + "?next=")


def test_the_index_links_the_standards_dashboard_for_an_editor(editor_client):
    html = editor_client.get(INDEX).content.decode()

    assert f'href="{STANDARDS}"' in html and "Standards dashboard" in html
    assert editor_client.get(STANDARDS).status_code == 200


def test_the_index_hides_the_dashboard_from_an_author_it_would_refuse(author_client):
    html = author_client.get(INDEX).content.decode()

    assert author_client.get(STANDARDS).status_code == 403
    assert STANDARDS not in html and "Standards dashboard" not in html
    assert "Open the queue" in html


def test_the_queue_export_link_carries_the_queue_filters_but_not_its_page(editor_client):
    article = make_article()
    wanted = make_suggestion(article=article, quote="harbour wall", kind=Suggestion.Kind.FACTUAL)
    make_suggestion(article=article, quote="Tuesday", kind=Suggestion.Kind.TYPO)

    html = editor_client.get(f"{QUEUE}?status=all&kind__exact=factual&q=harbour&p=1").content
    href = export_href(html.decode())

    assert href == f"{SUGGESTION_EXPORT}?status=all&kind__exact=factual&q=harbour"
    rows = editor_client.get(href).getvalue().decode("utf-8-sig").splitlines()
    assert len(rows) == 2 and str(wanted.pk) in rows[1]  # the heading and the one report


def test_the_open_queue_export_link_has_no_query_string(editor_client):
    href = export_href(editor_client.get(QUEUE).content.decode())

    assert href == SUGGESTION_EXPORT
    assert editor_client.get(href).status_code == 200


def test_an_author_may_export_their_own_queue(author_client):
    own = make_suggestion(article=author_client.article)
    make_suggestion()  # about someone else's article

    href = export_href(author_client.get(f"{QUEUE}?status=all").content.decode())

    assert href == f"{SUGGESTION_EXPORT}?status=all"
    response = author_client.get(href)
    assert response.status_code == 200
    rows = response.getvalue().decode("utf-8-sig").splitlines()
    assert len(rows) == 2 and rows[1].startswith(f"{own.pk},")  # the heading and their own


def test_the_change_note_list_export_link_carries_its_filters(editor_client):
    wanted = make_change_note(kind=ChangeNote.Kind.CORRECTION, text="The cost was £2.4m.")
    make_change_note(kind=ChangeNote.Kind.CLARIFICATION, text="The plan is a draft.")

    html = editor_client.get(f"{NOTES}?kind__exact=correction").content.decode()
    href = export_href(html)

    assert href == f"{NOTE_EXPORT}?kind__exact=correction"
    response = editor_client.get(href)
    assert response.status_code == 200
    rows = response.getvalue().decode("utf-8-sig").splitlines()
    assert len(rows) == 2 and rows[1].startswith(f"{wanted.pk},")  # the heading and one note


def test_no_export_link_where_the_export_would_refuse(rf):
    from django.contrib import admin

    from corrections.admin import export_url

    request = rf.get(f"{QUEUE}?status=all")
    request.user = make_user()  # staff, without any desk permission
    model_admin = admin.site.get_model_admin(ChangeNote)

    assert export_url(request, model_admin) is None
    request.user = make_editor()
    assert export_url(request, model_admin) == (f"{NOTE_EXPORT}?status=all")


def test_the_queue_cuts_the_passage_by_characters_not_bytes(editor_client):
    """The SQL substring must agree with Python's offsets after non-ASCII text."""
    body = paragraphs("It costs £2.4m — the council’s “biggest” bill 🌊.", *PARAGRAPHS)
    article = make_article(body=body)
    make_suggestion(article=article, quote="repair the harbour wall")
    edit_article(article, body="Ça commence ici…\n\n" + body)

    cells = where_cell(editor_client.get(QUEUE).content.decode())

    assert "Unchanged, text around it edited (revision 2)" in cells[0]


def test_an_admin_edit_of_the_byline_saves_it_once(editor_client):
    article = make_article(authors=[make_author(name="Ann Lee")])
    other = make_author(name="Bo Chan")
    data = article_form_data(
        article, authors=[other.pk], change_kind="correction", change_note_text="Bo wrote it."
    )
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.post(article_url(article), data)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.author_names == ["Bo Chan"]
    # The byline is compared with the one stored (what set() reads first) once: written
    # with the revision, not a second time by the form after it.
    byline_reads = [
        query["sql"]
        for query in queries
        if query["sql"].startswith('SELECT "newsroom_author"."id" AS "id" FROM "newsroom_author"')
        and '"newsroom_article_authors"' in query["sql"]
    ]
    assert len(byline_reads) == 1, byline_reads
