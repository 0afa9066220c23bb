"""`manage.py seed_demo` shows the whole corrections loop, and running it twice changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from corrections import demo
from corrections.models import ChangeNote, Suggestion
from corrections.services import suggestion_group, suggestion_replacement_check
from newsroom.models import Article, Author, Revision, Section
from newsroom.services import article_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("seed_demo", stdout=StringIO())


def counts():
    return (
        Article.objects.count(),
        Revision.objects.count(),
        ChangeNote.objects.count(),
        Suggestion.objects.count(),
    )


def test_running_it_again_changes_nothing(seeded):
    before = counts()
    texts = dict(Article.objects.values_list("slug", "body"))
    call_command("seed_demo", stdout=StringIO())
    assert counts() == before
    assert dict(Article.objects.values_list("slug", "body")) == texts


def test_the_demo_editor_cannot_log_in(seeded, client):
    editor = demo.demo_editor()
    assert not editor.has_usable_password()
    assert not client.login(username=demo.DEMO_EDITOR, password="")


def test_the_first_version_dates_from_the_publication(seeded):
    for article in Article.objects.all():
        assert article.revisions.get(number=1).created_at == article.published_at


def test_every_recorded_edit_has_its_revisions_and_a_stored_diff(seeded):
    notes = ChangeNote.objects.select_related("revision_before", "revision_after")
    assert {note.kind for note in notes} >= {
        ChangeNote.Kind.CORRECTION,
        ChangeNote.Kind.UPDATE,
        ChangeNote.Kind.MINOR_FIX,
    }
    for note in notes:
        assert note.revision_before is not None
        assert note.revision_after.number == note.revision_before.number + 1
        assert note.revision_after.body_diff_html


def test_reader_suggestions_in_every_state(seeded):
    by_key = {s.idempotency_key: s for s in Suggestion.objects.all()}
    accepted = by_key[demo.COUNCIL_REPORT["key"]]
    assert accepted.status == Suggestion.Status.ACCEPTED
    assert accepted.change_note.kind == ChangeNote.Kind.CORRECTION
    rejected = by_key[demo.REJECTED_REPORT["key"]]
    assert rejected.status == Suggestion.Status.REJECTED
    assert rejected.public_reason == demo.REJECTED_REASON
    assert by_key["demo-tide-tables-missing-quote"].anchor_state == (
        Suggestion.AnchorState.NOT_FOUND
    )
    festival = [by_key[f"demo-festival-lanterns-{n}"] for n in (1, 2, 3)]
    assert [set(suggestion_group(member)) for member in festival] == [set(festival)] * 3
    assert [member.group_size for member in festival] == [3, 1, 1]
    one_click = by_key["demo-football-attendance"]
    assert one_click.status == Suggestion.Status.NEW
    suggestion_replacement_check(one_click)  # raises when it cannot be applied
    caption = by_key["demo-football-caption"]
    assert (caption.part, caption.anchor_state) == ("caption", "exact")
    text = caption.revision.part_text("caption")
    assert text[caption.start : caption.end] == "his second goal"
    suggestion_replacement_check(caption)


def test_a_rerun_keeps_an_edited_caption(seeded):
    # The demo's captions are public text too: once edited, a rerun must not undo them.
    article = Article.objects.get(slug=demo.FOOTBALL)
    article.lead_image_caption = "Kieran Osgood celebrates his first goal."
    article_save(article=article)
    before = counts()
    call_command("seed_demo", stdout=StringIO())
    article.refresh_from_db()
    assert article.lead_image_caption == "Kieran Osgood celebrates his first goal."
    assert counts() == before


def test_a_rerun_keeps_an_edited_byline_and_section(seeded):
    article = Article.objects.get(slug=demo.FOOTBALL)
    section = Section.objects.exclude(pk=article.section_id).first()
    credited = Author.objects.exclude(articles=article).first()
    article.section = section
    article_save(article=article, authors=[credited])
    before = counts()
    call_command("seed_demo", stdout=StringIO())
    article.refresh_from_db()
    assert (article.section, article.author_names) == (section, [credited.name])
    assert counts() == before


def test_every_demo_article_was_first_published_with_its_byline_and_section(seeded):
    for article in Article.objects.select_related("section"):
        first = article.revisions.get(number=1)
        assert first.byline == article.author_names != []
        assert first.section_name == article.section.name


def test_the_article_shows_its_correction_and_update(seeded, client):
    article = Article.objects.get(slug=demo.COUNCIL)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "£7.48 a year" in html
    assert html.index("The correct figure is £7.48") < html.index("Council leader Morwenna Hale")
    assert html.index("confirm the budget") > html.index("Council leader Morwenna Hale")


def test_the_changelog_shows_the_diffs(seeded, client):
    article = Article.objects.get(slug=demo.COUNCIL)
    html = client.get(article.get_absolute_url() + "changes/").content.decode()
    assert "<del>7.84</del>" in html
    assert "<ins>7.48</ins>" in html
    minor = Article.objects.get(slug=demo.LIBRARY)
    html = client.get(minor.get_absolute_url() + "changes/").content.decode()
    assert demo.MINOR_FIX_TEXT in html


def test_the_status_pages_show_the_decisions(seeded, client):
    rejected = Suggestion.objects.get(idempotency_key=demo.REJECTED_REPORT["key"])
    html = client.get(reverse("corrections:status", args=[rejected.token])).content.decode()
    assert "one has moved away since" in html
    accepted = Suggestion.objects.get(idempotency_key=demo.COUNCIL_REPORT["key"])
    html = client.get(reverse("corrections:status", args=[accepted.token])).content.decode()
    assert f"#note-{accepted.change_note_id}" in html
