"""The decision services: allowed and refused transitions, permissions, rollback."""

from unittest import mock

import pytest
from desk_users import make_author_user, make_editor, make_user
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from corrections import services
from corrections.models import ChangeNote, Suggestion
from factories import edit_article, make_article, make_suggestion

pytestmark = pytest.mark.django_db

CORRECTION = ChangeNote.Kind.CORRECTION


def accept(suggestion, editor, **kwargs):
    kwargs.setdefault("note_kind", CORRECTION)
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
    assert note.kind == CORRECTION
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
    sizes = services.suggestion_group_sizes([in_headline, in_body])
    assert sizes == {in_headline.pk: 1, in_body.pk: 1}
