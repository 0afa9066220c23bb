"""The decision services: allowed and refused transitions, permissions, rollback."""

from unittest import mock

import pytest
from desk_users import make_author_user, make_editor, make_user
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from corrections import services
from corrections.models import ChangeNote, Suggestion
from factories import edit_article, make_article, make_author, make_suggestion

pytestmark = pytest.mark.django_db

CORRECTION = ChangeNote.Kind.CORRECTION
CLARIFICATION = ChangeNote.Kind.CLARIFICATION


def accept(suggestion, editor, **kwargs):
    kwargs.setdefault("note_kind", CLARIFICATION)
    kwargs.setdefault("note_text", "We misreported the cost.")
    return services.suggestion_accept(suggestion=suggestion, editor=editor, **kwargs)


# --------------------------------------------------------------------------- accept


def test_accept_publishes_a_note_and_links_the_suggestion_to_it():
    editor = make_editor()
    suggestion = make_suggestion(quote="£2.4m", replacement="£4.2m")

    note = accept(suggestion, editor)

    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.ACCEPTED
    assert suggestion.change_note == note
    assert suggestion.decided_by == editor
    assert suggestion.decided_at is not None
    assert note.kind == CLARIFICATION
    assert note.text == "We misreported the cost."
    assert note.editor == editor
    assert note.revision_after == suggestion.article.current_revision
    assert note.revision_before is None


def test_accept_with_apply_replaces_the_quote_and_records_both_revisions():
    editor = make_editor()
    suggestion = make_suggestion(quote="£2.4m", replacement="£4.2m")
    article = suggestion.article
    before = article.current_revision

    note = accept(suggestion, editor, apply_replacement=True)

    article.refresh_from_db()
    assert "£4.2m" in article.body and "£2.4m" not in article.body
    assert article.current_revision.number == before.number + 1
    assert "The work will cost £4.2m and start in March." in article.current_revision.canonical_text
    assert note.revision_before == before
    assert note.revision_after == article.current_revision


@pytest.mark.parametrize(
    ("body", "message"),
    [
        # The passage occurs twice: the fix could land on the wrong one.
        ("The harbour wall is old.\n\nThe harbour wall is long.", "2 times"),
        # Formatting inside the passage: the reader's text is not in the Markdown source.
        ("Councillors voted to repair the *harbour* wall.", "Markdown source"),
    ],
)
def test_apply_refuses_an_ambiguous_or_unmappable_passage(body, message):
    editor = make_editor()
    article = make_article(body=body)
    suggestion = make_suggestion(article=article, quote="harbour wall", replacement="sea wall")
    revisions = article.revisions.count()

    with pytest.raises(services.ReplacementNotApplicable, match=message):
        accept(suggestion, editor, apply_replacement=True)

    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.NEW
    assert article.revisions.count() == revisions
    assert not ChangeNote.objects.exists()


def test_apply_refuses_a_passage_that_is_gone():
    editor = make_editor()
    suggestion = make_suggestion(quote="£2.4m", replacement="£4.2m")
    edit_article(suggestion.article, body="The work will cost a lot.")

    with pytest.raises(services.ReplacementNotApplicable, match="no longer"):
        accept(suggestion, editor, apply_replacement=True)
    assert not ChangeNote.objects.exists()


def test_apply_refuses_a_suggestion_without_replacement():
    suggestion = make_suggestion(quote="£2.4m", replacement="")
    with pytest.raises(services.ReplacementNotApplicable, match="did not suggest"):
        accept(suggestion, make_editor(), apply_replacement=True)


def test_a_failure_midway_leaves_nothing_changed():
    editor = make_editor()
    suggestion = make_suggestion(quote="£2.4m", replacement="£4.2m")
    article = suggestion.article
    body, revisions = article.body, article.revisions.count()

    with (
        mock.patch.object(
            Suggestion.objects, "bulk_update", side_effect=IntegrityError("disk full")
        ),
        pytest.raises(IntegrityError),
    ):
        accept(suggestion, editor, apply_replacement=True)

    article.refresh_from_db()
    suggestion.refresh_from_db()
    assert article.body == body
    assert article.revisions.count() == revisions
    assert not ChangeNote.objects.exists()
    assert suggestion.status == Suggestion.Status.NEW


# --------------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "decide",
    [
        lambda s, e: accept(s, e),
        lambda s, e: services.suggestion_reject(suggestion=s, editor=e, reason="No."),
        lambda s, e: services.suggestion_mark_spam(suggestion=s, editor=e),
        lambda s, e: services.suggestion_mark_duplicate(
            suggestion=s, editor=e, original=make_suggestion(article=s.article, quote="Tuesday")
        ),
    ],
    ids=["accept", "reject", "spam", "duplicate"],
)
def test_only_new_suggestions_can_be_decided(decide):
    editor = make_editor()
    suggestion = make_suggestion()
    services.suggestion_reject(suggestion=suggestion, editor=editor, reason="Not an error.")

    with pytest.raises(services.InvalidTransition, match="already decided"):
        decide(suggestion, editor)
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.REJECTED


@pytest.mark.parametrize("make_someone", [make_author_user, make_user, lambda: None])
def test_people_who_are_not_editors_cannot_decide(make_someone):
    someone = make_someone()
    suggestion = make_suggestion()
    for decide in (
        lambda: accept(suggestion, someone),
        lambda: services.suggestion_reject(suggestion=suggestion, editor=someone, reason="No"),
        lambda: services.suggestion_mark_spam(suggestion=suggestion, editor=someone),
    ):
        with pytest.raises(PermissionDenied):
            decide()
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.NEW


def test_superusers_can_decide():
    admin = make_user(is_superuser=True)
    note = accept(make_suggestion(), admin)
    assert note.editor == admin


# ----------------------------------------------------------------- reject, spam, duplicate


def test_reject_records_the_public_reason():
    editor = make_editor()
    suggestion = make_suggestion()
    services.suggestion_reject(suggestion=suggestion, editor=editor, reason="  It is correct. ")
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.REJECTED
    assert suggestion.public_reason == "It is correct."
    assert suggestion.change_note is None


def test_reject_needs_a_reason():
    with pytest.raises(ValueError, match="reason"):
        services.suggestion_reject(suggestion=make_suggestion(), editor=make_editor(), reason=" ")


def test_mark_duplicate_names_the_original():
    editor = make_editor()
    original = make_suggestion()
    repeat = make_suggestion(article=original.article)
    services.suggestion_mark_duplicate(suggestion=repeat, editor=editor, original=original)
    repeat.refresh_from_db()
    assert repeat.status == Suggestion.Status.DUPLICATE
    assert repeat.duplicate_of == original


def test_duplicate_must_be_of_another_suggestion_about_the_same_article():
    editor = make_editor()
    suggestion = make_suggestion()
    with pytest.raises(services.InvalidTransition, match="itself"):
        services.suggestion_mark_duplicate(
            suggestion=suggestion, editor=editor, original=suggestion
        )
    with pytest.raises(services.InvalidTransition, match="same article"):
        services.suggestion_mark_duplicate(
            suggestion=suggestion, editor=editor, original=make_suggestion()
        )


def test_mark_spam():
    suggestion = make_suggestion()
    services.suggestion_mark_spam(suggestion=suggestion, editor=make_editor())
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.SPAM


# --------------------------------------------------------------------------- groups


def test_overlapping_suggestions_form_a_group_and_can_be_decided_together():
    editor = make_editor()
    article = make_article()
    first = make_suggestion(article=article, quote="repair the harbour wall")
    second = make_suggestion(article=article, quote="harbour wall before")
    third = make_suggestion(article=article, quote="wall")
    elsewhere = make_suggestion(article=article, quote="Tuesday")

    group = set(services.suggestion_group(first))
    assert group == {first, second, third}

    note = accept(first, editor, group=True)

    assert set(note.suggestions.all()) == {first, second, third}
    elsewhere.refresh_from_db()
    assert elsewhere.status == Suggestion.Status.NEW


def test_rejecting_a_group_rejects_every_open_member_once():
    editor = make_editor()
    article = make_article()
    first = make_suggestion(article=article, quote="harbour wall")
    second = make_suggestion(article=article, quote="the harbour")
    decided = make_suggestion(article=article, quote="harbour")
    services.suggestion_mark_spam(suggestion=decided, editor=editor)

    rejected = services.suggestion_reject(
        suggestion=first, editor=editor, reason="It is right.", group=True
    )

    assert {s.pk for s in rejected} == {first.pk, second.pk}
    decided.refresh_from_db()
    assert decided.status == Suggestion.Status.SPAM


def test_bulk_accept_needs_suggestions_of_one_article():
    editor = make_editor()
    with pytest.raises(services.InvalidTransition, match="one article"):
        services.suggestions_accept(
            suggestions=[make_suggestion(), make_suggestion()],
            editor=editor,
            note_kind=CORRECTION,
            note_text="Fixed.",
        )


def test_change_note_publish_checks_permission_and_kind():
    article = make_article()
    with pytest.raises(PermissionDenied):
        services.change_note_publish(
            article=article, editor=make_author_user(), kind=CORRECTION, text="x"
        )
    with pytest.raises(ValueError, match="public text"):
        services.change_note_publish(
            article=article, editor=make_editor(), kind=CORRECTION, text="  "
        )


# --------------------------------------------------------------------------- honest record


@pytest.mark.parametrize("kind", [CORRECTION, ChangeNote.Kind.MINOR_FIX])
def test_a_correction_without_a_text_change_is_refused(kind):
    # Issue 9: "more than 60 events" → "70", accepted as a correction without applying it,
    # published a note while the article still said 60.
    suggestion = make_suggestion(quote="£2.4m", replacement="£4.2m", kind="typo")
    article = suggestion.article
    revisions = article.revisions.count()

    with pytest.raises(services.DishonestRecord, match="published only with that change"):
        accept(suggestion, make_editor(), note_kind=kind, apply_replacement=False)

    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.NEW
    assert not ChangeNote.objects.exists()
    assert article.revisions.count() == revisions


@pytest.mark.parametrize(
    "kind",
    [CLARIFICATION, ChangeNote.Kind.EDITORS_NOTE, ChangeNote.Kind.UPDATE],
)
def test_a_clarification_may_stand_without_a_text_change(kind):
    suggestion = make_suggestion(quote="£2.4m", replacement="£4.2m")
    before = suggestion.article.current_revision

    note = accept(suggestion, make_editor(), note_kind=kind, note_text="The cost is disputed.")

    assert note.kind == kind
    assert note.revision_before is None
    assert note.revision_after == before
    suggestion.article.refresh_from_db()
    assert suggestion.article.current_revision == before


def test_a_correction_published_by_hand_needs_its_revision():
    article = make_article()
    with pytest.raises(services.DishonestRecord):
        services.change_note_publish(
            article=article, editor=make_editor(), kind=CORRECTION, text="We erred."
        )
    same = article.current_revision
    with pytest.raises(services.DishonestRecord):
        services.change_note_publish(
            article=article,
            editor=make_editor(),
            kind=ChangeNote.Kind.MINOR_FIX,
            text="Typo.",
            revision_before=same,
            revision_after=same,
        )
    assert not ChangeNote.objects.exists()


def test_a_bulk_correction_cannot_be_published_without_its_change():
    article = make_article()
    with pytest.raises(services.DishonestRecord):
        services.suggestions_accept(
            suggestions=[make_suggestion(article=article), make_suggestion(article=article)],
            editor=make_editor(),
            note_kind=CORRECTION,
            note_text="Fixed.",
        )


# --------------------------------------------------------------------------- fixes stay inside


@pytest.mark.parametrize(
    ("body", "quote", "replacement"),
    [
        # Issue 11, item 1, as found: the rest of the line became a code block.
        ("Ellis Yeo scored twice.", "Ellis Yeo", "Ellis Yeo\n\n    indented code block"),
        # …and a paragraph split by a script tag.
        (
            "The match drew 612 spectators on Saturday.",
            "612 spectators",
            "612 spectators\n\n<script>alert(1)</script>",
        ),
        ("The match drew 612 spectators.", "612", "612\n\n<b>x</b>"),
        ("Ellis Yeo scored twice.", "Ellis Yeo", "    Ellis Yeo"),
        ("Ellis Yeo scored twice.", "Ellis Yeo", "\tEllis Yeo"),
        ("Ellis Yeo scored twice.", "Ellis", "# Ellis"),
        ("Ellis Yeo scored twice.", "Ellis", "> Ellis"),
        ("Ellis Yeo scored twice.", "Ellis", "- Ellis"),
        ("Ellis Yeo scored twice.", "Ellis", "* Ellis"),
        ("Ellis Yeo scored twice.", "Ellis", "+ Ellis"),
        ("Ellis Yeo scored twice.", "Ellis", "1. Ellis"),
        ("Ellis Yeo scored twice.", "Ellis", "2) Ellis"),
        ("Ellis Yeo scored twice.", "Ellis", "```Ellis"),
        ("Ellis Yeo scored twice.", "Ellis Yeo scored twice.", "---"),
        ("Ellis Yeo scored twice.", "Ellis Yeo scored twice.", "| a | b |"),
        # Markers after a single line break: lists and headings interrupt a paragraph.
        ("Ellis Yeo scored twice.", "twice.", "twice.\n- thrice"),
        ("Ellis Yeo scored twice.", "twice.", "twice.\n# Heading"),
        ("Ellis Yeo scored twice.", "twice.", "twice.\r\n\r\nNew paragraph"),
        ("Ellis Yeo scored twice.", "twice.", "twice.\u2029New paragraph"),
        # Raw HTML, anywhere in the line.
        ("Ellis Yeo scored twice.", "Yeo", "Yeo <img src=x onerror=alert(1)>"),
        ("Ellis Yeo scored twice.", "Yeo", "Yeo<!-- hidden -->"),
        ("Ellis Yeo scored twice.", "Yeo", "Yeo</p><p>"),
        # Invisible direction controls and format characters.
        ("Craig Dunmore scored.", "Craig Dunmore", "Craig \u202eeromnuD giarC\u202c"),
        ("Craig Dunmore scored.", "Dunmore", "Dun\u200bmore"),
        # Inline Markdown: the reader would see other characters than were approved.
        ("Ellis Yeo scored twice.", "twice", "*twice*"),
        ("Ellis Yeo scored twice.", "twice", "[twice](https://evil.example)"),
        ("Ellis Yeo scored twice.", "twice", "twice &amp; more"),
        ("Ellis Yeo scored twice.", "twice", "`twice`"),
    ],
)
def test_an_applied_fix_changes_nothing_outside_its_passage(body, quote, replacement):
    article = make_article(body=body)
    suggestion = make_suggestion(article=article, quote=quote, replacement=replacement)
    before = article.current_revision

    with pytest.raises(services.ReplacementNotApplicable, match=r"edit the article by hand|Edit"):
        accept(suggestion, make_editor(), note_kind=CORRECTION, apply_replacement=True)

    article.refresh_from_db()
    assert article.body == body
    assert article.current_revision == before
    assert not ChangeNote.objects.exists()
    suggestion.refresh_from_db()
    assert suggestion.status == Suggestion.Status.NEW


@pytest.mark.parametrize(
    ("body", "quote", "replacement", "expected"),
    [
        ("Ellis Yeo scored twice.", "twice", "three times", "Ellis Yeo scored three times."),
        # A passage in the middle of a line may begin with a space: it stays inline.
        ("Ellis Yeo scored twice.", "scored", " scored", "Ellis Yeo scored twice."),
        (
            "The cost is £2.4m.\n\n- first item\n- second item",
            "second",
            "third",
            "The cost is £2.4m.\nfirst item\nthird item",
        ),
        ("## Ellis Yeo scores\n\nText.", "Ellis Yeo", "Ellis Yoe", "Ellis Yoe scores\nText."),
    ],
)
def test_a_fix_inside_its_passage_is_applied(body, quote, replacement, expected):
    article = make_article(body=body)
    suggestion = make_suggestion(article=article, quote=quote, replacement=replacement)

    note = accept(suggestion, make_editor(), note_kind=CORRECTION, apply_replacement=True)

    article.refresh_from_db()
    assert article.current_revision.canonical_text == expected
    assert note.revision_after == article.current_revision


# ------------------------------------------------------------------- the note the desk proposes


@pytest.mark.parametrize(
    ("kind", "quote", "replacement", "expected"),
    [
        # Issue 9: a reader's "typo" that changes a figure is a correction.
        ("typo", "more than 60 events", "more than 70 events", CORRECTION),
        ("typo", "£2.4m", "£4.2m", CORRECTION),
        ("typo", "Tuesday", "Wednesday", CORRECTION),
        ("typo", "recieved", "received", ChangeNote.Kind.MINOR_FIX),
        ("typo", "harbour wal", "harbour wall", ChangeNote.Kind.MINOR_FIX),
        ("factual", "recieved", "received", CORRECTION),
        ("unclear", "harbour wall", "sea wall", CORRECTION),
    ],
)
def test_the_note_kind_follows_the_change_not_the_readers_label(kind, quote, replacement, expected):
    suggestion = Suggestion(kind=kind, quote=quote, replacement=replacement)
    assert services.note_kind_default(suggestion, applies=True) == expected
    assert services.note_kind_default(suggestion, applies=False) == CLARIFICATION


def test_a_draft_that_stands_alone_does_not_claim_a_change():
    suggestion = Suggestion(kind="factual", quote="60 events", replacement="70 events")
    correction = services.note_draft(suggestion, kind=CORRECTION)
    assert "corrected" in correction and "70 events" in correction
    for kind in (CLARIFICATION, ChangeNote.Kind.EDITORS_NOTE, ChangeNote.Kind.UPDATE):
        draft = services.note_draft(suggestion, kind=kind)
        assert "corrected" not in draft
        assert "70 events" not in draft


# --------------------------------------------------------------------------- article_revise


def revise(article, editor=None, **kwargs):
    return services.article_revise(article=article, editor=editor or make_editor(), **kwargs)


def test_a_published_text_changed_without_a_kind_is_refused():
    article = make_article()
    article.body = "The council met on Monday."
    with pytest.raises(services.RevisionRefused, match="say what kind") as refused:
        revise(article)
    assert refused.value.field == "change_kind"
    assert article.revisions.count() == 1


def test_a_published_text_changed_by_someone_who_cannot_publish_notes_is_refused():
    article = make_article()
    article.body = "The council met on Monday."
    with pytest.raises(services.RevisionRefused, match="Only editors"):
        revise(article, editor=make_author_user(), change_kind=CORRECTION, note_text="We erred.")


def test_a_revision_gets_its_note_linked_to_it():
    article = make_article()
    before = article.current_revision
    article.body = "The council met on Monday."

    revision, note = revise(article, change_kind=CORRECTION, note_text="Wrong day.")

    assert revision.number == 2
    assert (note.revision_before, note.revision_after) == (before, revision)


def test_an_edit_that_changes_no_visible_text_cannot_carry_a_correction():
    article = make_article(body="The council met on *Tuesday*.")
    article.body = "The council met on _Tuesday_."
    with pytest.raises(services.RevisionRefused, match="changes nothing they see"):
        revise(article, change_kind=CORRECTION, note_text="Fixed the day.")
    revision, note = revise(article, change_kind=CLARIFICATION, note_text="It was Tuesday.")
    assert revision is None
    assert note.kind == CLARIFICATION
    assert note.revision_before is None


def test_a_byline_change_alone_needs_a_kind_and_can_be_a_correction():
    article = make_article(authors=[make_author(name="Ann Lee")])
    credited = [make_author(name="Bo Chan")]
    with pytest.raises(services.RevisionRefused, match="say what kind"):
        revise(article, authors=credited)
    assert article.author_names == ["Ann Lee"]
    assert article.revisions.count() == 1

    revision, note = revise(
        article, authors=credited, change_kind=CORRECTION, note_text="Wrong reporter named."
    )

    assert revision.byline == article.author_names == ["Bo Chan"]
    assert note.revision_after == revision


def test_an_edit_resolving_a_group_accepts_it_with_the_note_of_its_revision():
    article = make_article()
    first = make_suggestion(article=article, quote="harbour wall", replacement="sea wall")
    second = make_suggestion(article=article, quote="the harbour", replacement="the sea")
    article.body = article.body.replace("harbour wall", "sea wall")

    revision, note = revise(
        article,
        change_kind=CORRECTION,
        note_text="We named the wrong wall.",
        suggestions=services.suggestion_group_open(first),
    )

    for suggestion in (first, second):
        suggestion.refresh_from_db()
        assert suggestion.status == Suggestion.Status.ACCEPTED
        assert suggestion.change_note == note
    assert note.revision_after == revision


# --------------------------------------------------------------------------- the queue's groups


def test_groups_follow_decisions_and_edits():
    editor = make_editor()
    article = make_article()
    first = make_suggestion(article=article, quote="harbour wall", kind="typo")
    second = make_suggestion(article=article, quote="the harbour", kind="factual")
    third = make_suggestion(article=article, quote="harbour wall before", kind="typo")
    alone = make_suggestion(article=article, quote="Tuesday")

    leads = list(Suggestion.objects.group_leads().by_triage())
    assert leads == [first, alone]
    first.refresh_from_db()
    assert (first.group_size, first.group_rank) == (3, 0)  # a factual report in the group

    services.suggestion_mark_spam(suggestion=first, editor=editor)
    second.refresh_from_db()
    assert (second.group_lead_id, second.group_size) == (None, 2)
    third.refresh_from_db()
    assert third.group_lead_id == second.pk

    # An edit re-anchors the open suggestions, and their groups are worked out again.
    Suggestion.objects.filter(pk=third.pk).update(group_lead=None, group_size=7)
    edit_article(article, body="A new first paragraph.\n\n" + article.body)
    third.refresh_from_db()
    assert (third.group_lead_id, third.group_size) == (second.pk, 1)


# --------------------------------------------------------------------------- parts


def parted_article():
    return make_article(
        title="Harbour wall repairs approved",
        standfirst="The harbour wall will be repaired.",
        lead_image_caption="The harbour wall at low tide",
        lead_image_credit="Ann Vale",
    )


@pytest.mark.parametrize(
    ("part", "field", "quote", "replacement", "expected"),
    [
        ("headline", "title", "repairs approved", "repairs agreed", "Harbour wall repairs agreed"),
        (
            "standfirst",
            "standfirst",
            "will be repaired",
            "is to be rebuilt",
            "The harbour wall is to be rebuilt.",
        ),
        (
            "caption",
            "lead_image_caption",
            "low tide",
            "high tide",
            "The harbour wall at high tide",
        ),
        ("credit", "lead_image_credit", "Ann Vale", "Anne Vale", "Anne Vale"),
    ],
)
def test_apply_writes_the_fix_into_the_field_of_its_part(part, field, quote, replacement, expected):
    editor = make_editor()
    article = parted_article()
    body = article.body
    # "harbour wall" is in every part: the fix must land only where the reader pointed.
    suggestion = make_suggestion(article=article, part=part, quote=quote, replacement=replacement)

    note = accept(suggestion, editor, apply_replacement=True)

    article.refresh_from_db()
    assert getattr(article, field) == expected
    assert article.body == body
    after = article.current_revision
    assert note.revision_after == after and after.number == 2
    assert after.part_text(part) == expected
    assert after.body_diff_html == ""


def test_apply_to_a_headline_quote_also_in_the_body_changes_only_the_headline():
    editor = make_editor()
    article = make_article(title="Harbour wall repairs approved")
    assert "harbour wall" in article.body
    suggestion = make_suggestion(
        article=article, part="headline", quote="wall repairs", replacement="wall works"
    )
    accept(suggestion, editor, apply_replacement=True)
    article.refresh_from_db()
    assert article.title == "Harbour wall works approved"
    assert "harbour wall before winter" in article.body


@pytest.mark.parametrize("replacement", ["repairs\napproved", "repairs\r\n\r\n# approved"])
def test_apply_refuses_a_line_break_in_a_one_line_part(replacement):
    editor = make_editor()
    article = parted_article()
    suggestion = make_suggestion(
        article=article, part="headline", quote="repairs approved", replacement=replacement
    )
    with pytest.raises(services.ReplacementNotApplicable, match="line break"):
        accept(suggestion, editor, apply_replacement=True)
    article.refresh_from_db()
    assert article.title == "Harbour wall repairs approved"
    assert article.revisions.count() == 1


def test_apply_refuses_a_fix_that_would_overflow_the_field():
    editor = make_editor()
    article = parted_article()
    suggestion = make_suggestion(
        article=article, part="credit", quote="Ann Vale", replacement="V" * 151
    )
    with pytest.raises(services.ReplacementNotApplicable, match="longer than 150"):
        accept(suggestion, editor, apply_replacement=True)
    assert article.revisions.count() == 1


def test_apply_refuses_a_caption_quote_the_stored_caption_spells_differently():
    # The page collapses the double space, so the reader's quote is not in the field.
    editor = make_editor()
    article = make_article(lead_image_caption="The harbour  wall at low tide")
    suggestion = make_suggestion(
        article=article, part="caption", quote="harbour wall", replacement="sea wall"
    )
    with pytest.raises(services.ReplacementNotApplicable, match="picture caption"):
        accept(suggestion, editor, apply_replacement=True)


def test_reports_on_different_parts_are_never_one_group():
    article = make_article(title="Harbour wall repairs approved")
    # Both spans start at offset 0 of their own part's text.
    in_headline = make_suggestion(article=article, part="headline", quote="Harbour wall")
    in_body = make_suggestion(article=article, quote="The council met")
    assert (in_headline.anchor_start, in_body.anchor_start) == (0, 0)
    assert list(services.suggestion_group(in_headline)) == [in_headline]
    assert list(services.suggestion_group(in_body)) == [in_body]
    for suggestion in (in_headline, in_body):
        suggestion.refresh_from_db()
        assert (suggestion.group_lead_id, suggestion.group_size) == (None, 1)
