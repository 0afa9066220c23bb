"""Open suggestions follow their passage through edits, and never latch onto the wrong one."""

import pytest
from desk_users import make_editor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corrections import services
from corrections.models import Suggestion
from factories import edit_article, make_article, make_suggestion

pytestmark = pytest.mark.django_db

PARAGRAPHS = [
    "The council met on Tuesday evening.",
    "Councillors voted to repair the harbour wall before winter.",
    "The work will cost £2.4m and start in March.",
    "Fishermen said the repairs were overdue.",
]
TARGET = 1  # the paragraph the reader's passage is in
QUOTE = "repair the harbour wall"


def body(paragraphs):
    return "\n\n".join(paragraphs)


def anchored_passage(suggestion):
    suggestion.refresh_from_db()
    if suggestion.anchor_start is None:
        return None
    text = suggestion.anchor_revision.canonical_text
    return text[suggestion.anchor_start : suggestion.anchor_end]


def test_an_edit_elsewhere_keeps_the_anchor_and_moves_the_revision():
    article = make_article(body=body(PARAGRAPHS))
    suggestion = make_suggestion(article=article, quote=QUOTE)

    revision = edit_article(article, body=body(["A new opening paragraph.", *PARAGRAPHS]))

    suggestion.refresh_from_db()
    assert suggestion.anchor_revision == revision
    assert suggestion.anchor_state == Suggestion.AnchorState.MOVED
    assert anchored_passage(suggestion) == QUOTE
    assert suggestion.anchor_score == 1.0


words = st.sampled_from(["tide", "harbour", "wall", "council", "winter", "the", "£3m", "—"])
paragraph = st.lists(words, min_size=1, max_size=12).map(lambda ws: " ".join(ws).capitalize())


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(["replace", "insert", "delete"]), st.integers(0, 3), paragraph),
        min_size=1,
        max_size=4,
    )
)
def test_edits_of_other_paragraphs_never_lose_or_move_the_passage(edits):
    article = make_article(body=body(PARAGRAPHS))
    suggestion = make_suggestion(article=article, quote=QUOTE)
    paragraphs = list(PARAGRAPHS)
    target = TARGET
    for operation, index, text in edits:
        others = [i for i in range(len(paragraphs)) if i != target]
        if operation == "insert":
            position = index % (len(paragraphs) + 1)
            paragraphs.insert(position, text)
            target += position <= target
        elif others:
            chosen = others[index % len(others)]
            if operation == "replace":
                paragraphs[chosen] = text
            else:
                del paragraphs[chosen]
                target -= chosen < target
        edit_article(article, body=body(paragraphs))

    assert paragraphs[target] == PARAGRAPHS[TARGET]
    suggestion.refresh_from_db()
    assert suggestion.anchor_state in {"exact", "moved"}
    text = suggestion.anchor_revision.canonical_text
    assert suggestion.anchor_revision == article.current_revision
    paragraph_start = text.index(PARAGRAPHS[TARGET])
    assert suggestion.anchor_start == paragraph_start + PARAGRAPHS[TARGET].index(QUOTE)
    assert anchored_passage(suggestion) == QUOTE


def test_deleting_the_passage_orphans_the_suggestion():
    article = make_article(body=body(PARAGRAPHS))
    suggestion = make_suggestion(article=article, quote=QUOTE)

    edit_article(article, body=body([PARAGRAPHS[0], PARAGRAPHS[2], PARAGRAPHS[3]]))

    suggestion.refresh_from_db()
    assert suggestion.anchor_state == Suggestion.AnchorState.ORPHANED
    assert suggestion.anchor_start is None and suggestion.anchor_end is None
    assert suggestion.anchor_revision == article.current_revision


def test_a_duplicate_phrase_elsewhere_never_captures_a_deleted_passage():
    elsewhere = "Last year a plan to repair the harbour wall was dropped for lack of money."
    article = make_article(body=body([*PARAGRAPHS, elsewhere]))
    suggestion = make_suggestion(article=article, quote=QUOTE)
    assert suggestion.start < len(body(PARAGRAPHS[:2]))

    edit_article(article, body=body([PARAGRAPHS[0], PARAGRAPHS[2], PARAGRAPHS[3], elsewhere]))

    suggestion.refresh_from_db()
    assert suggestion.anchor_state == Suggestion.AnchorState.ORPHANED


def test_a_small_edit_inside_the_passage_is_followed_fuzzily():
    article = make_article(body=body(PARAGRAPHS))
    suggestion = make_suggestion(article=article, quote="voted to repair the harbour wall before")

    edit_article(
        article, body=body([p.replace("voted to", "voted on Tuesday to") for p in PARAGRAPHS])
    )

    suggestion.refresh_from_db()
    assert suggestion.anchor_state == Suggestion.AnchorState.FUZZY
    assert "repair the harbour wall before" in anchored_passage(suggestion)
    assert 0 < suggestion.anchor_score < 1


def test_an_orphan_is_found_again_when_the_passage_comes_back():
    article = make_article(body=body(PARAGRAPHS))
    suggestion = make_suggestion(article=article, quote=QUOTE)
    edit_article(article, body=body([PARAGRAPHS[0], PARAGRAPHS[2]]))

    edit_article(article, body=body(PARAGRAPHS))

    assert anchored_passage(suggestion) == QUOTE


def test_decided_and_unspanned_suggestions_are_left_in_place():
    article = make_article(body=body(PARAGRAPHS))
    decided = make_suggestion(article=article, quote=QUOTE)
    services.suggestion_mark_spam(suggestion=decided, editor=make_editor())
    whole = make_suggestion(article=article, quote="")
    old_revision = article.current_revision

    revision = edit_article(article, body=body(["New start.", *PARAGRAPHS]))

    decided.refresh_from_db()
    whole.refresh_from_db()
    assert decided.anchor_revision == old_revision
    assert whole.anchor_revision == revision
    assert whole.anchor_state == Suggestion.AnchorState.WHOLE_ARTICLE


def test_reanchoring_many_suggestions_takes_a_fixed_number_of_queries(
    django_assert_max_num_queries,
):
    article = make_article(body=body(PARAGRAPHS))
    for quote in ("Tuesday", QUOTE, "£2.4m", "March", "overdue") * 10:
        make_suggestion(article=article, quote=quote)

    with django_assert_max_num_queries(12):
        edit_article(article, body=body(["New start.", *PARAGRAPHS]))


# --------------------------------------------------------------------------- parts


def anchored_in_part(suggestion):
    suggestion.refresh_from_db()
    text = suggestion.anchor_revision.part_text(suggestion.part)
    return text[suggestion.anchor_start : suggestion.anchor_end]


def test_each_part_follows_its_passage_in_its_own_text():
    article = make_article(
        title="Harbour wall repairs approved",
        body=body(PARAGRAPHS),
        lead_image_caption="The harbour wall at low tide",
    )
    in_headline = make_suggestion(article=article, part="headline", quote="repairs approved")
    in_caption = make_suggestion(article=article, part="caption", quote="at low tide")
    in_body = make_suggestion(article=article, quote=QUOTE)

    # The body grows a paragraph at the top: offsets shift there and only there.
    revision = edit_article(article, body=body(["A new opening paragraph.", *PARAGRAPHS]))

    for suggestion in (in_headline, in_caption, in_body):
        suggestion.refresh_from_db()
        assert suggestion.anchor_revision == revision
    assert anchored_in_part(in_headline) == "repairs approved"
    assert anchored_in_part(in_caption) == "at low tide"
    assert anchored_in_part(in_body) == QUOTE
    assert (in_headline.anchor_start, in_headline.anchor_end) == (13, 29)


def test_an_edited_caption_moves_its_passage_and_orphans_a_removed_one():
    article = make_article(
        lead_image_caption="The harbour wall at low tide", lead_image_credit="Ann Vale"
    )
    moved = make_suggestion(article=article, part="caption", quote="at low tide")
    removed = make_suggestion(article=article, part="credit", quote="Ann Vale")

    edit_article(
        article,
        lead_image_caption="Divers inspect the harbour wall at low tide",
        lead_image_credit="Chronicle staff",
    )

    assert anchored_in_part(moved) == "at low tide"
    assert moved.anchor_state == Suggestion.AnchorState.MOVED
    removed.refresh_from_db()
    assert removed.anchor_state == Suggestion.AnchorState.ORPHANED


# --------------------------------------------------------------------------- provenance (issue 10)

RECAP = "Recap: councillors voted to repair the harbour wall before winter."


def submit(article, *, revision, quote):
    """A reader's report sent from the page of ``revision``."""
    return services.suggestion_submit(
        article=article,
        revision=revision,
        quote=quote,
        explanation="Looks wrong.",
        ip_hash=services.ip_address_hash(ip="192.0.2.1"),
    )


def test_an_edited_passage_keeps_being_followed_through_later_edits():
    """A fuzzy anchor follows the passage as it now reads, not the reader's old words."""
    article = make_article(body=body(PARAGRAPHS))
    suggestion = make_suggestion(article=article, quote="repair the harbour wall")
    edited = [p.replace("harbour wall", "harbour walls") for p in PARAGRAPHS]
    edit_article(article, body=body(edited))
    assert anchored_passage(suggestion) == "repair the harbour walls"

    edit_article(article, body=body(["A new first paragraph.", *edited]))

    suggestion.refresh_from_db()
    assert suggestion.anchor_state == Suggestion.AnchorState.FUZZY
    assert anchored_passage(suggestion) == "repair the harbour walls"
    assert suggestion.where_now().state == "edited"


def test_a_corrected_quote_is_followed_at_its_place_not_to_the_uncorrected_recap():
    article = make_article(body=body([*PARAGRAPHS, RECAP]))
    suggestion = make_suggestion(article=article, quote="repair the harbour wall before winter")
    fixed = PARAGRAPHS[1].replace("before winter", "before spring")

    revision = edit_article(article, body=body([PARAGRAPHS[0], fixed, *PARAGRAPHS[2:], RECAP]))

    suggestion.refresh_from_db()
    assert anchored_passage(suggestion) == "repair the harbour wall before spring"
    assert suggestion.anchor_start < revision.canonical_text.index("Recap")


def test_an_orphan_records_the_revision_that_removed_its_passage():
    article = make_article(body=body([*PARAGRAPHS, RECAP]))
    suggestion = make_suggestion(article=article, quote="repair the harbour wall")
    edit_article(article, body=body(["New start.", *PARAGRAPHS, RECAP]))
    removing = edit_article(
        article, body=body(["New start.", PARAGRAPHS[0], *PARAGRAPHS[2:], RECAP])
    )
    edit_article(article, body=body(["Newer start.", PARAGRAPHS[0], *PARAGRAPHS[2:], RECAP]))

    suggestion.refresh_from_db()
    assert suggestion.anchor_state == Suggestion.AnchorState.ORPHANED  # the recap is not it
    assert suggestion.anchor_lost_in == removing
    where = suggestion.where_now()
    assert where.state == "removed" and where.lost_in == removing
    assert f"revision {removing.number}" in where.sentence
    assert "harbour wall" in where.lost_diff_html


def test_a_moved_paragraph_is_reported_as_moved():
    article = make_article(body=body(PARAGRAPHS))
    suggestion = make_suggestion(article=article, quote="repair the harbour wall before winter")

    edit_article(article, body=body([PARAGRAPHS[0], PARAGRAPHS[2], PARAGRAPHS[3], PARAGRAPHS[1]]))

    suggestion.refresh_from_db()
    assert anchored_passage(suggestion) == "repair the harbour wall before winter"
    assert suggestion.anchor_relocated
    assert suggestion.where_now().state == "moved"


def test_on_arrival_from_an_older_page_the_removing_revision_is_found():
    article = make_article(body=body([*PARAGRAPHS, RECAP]))
    seen = article.current_revision
    edit_article(article, body=body(["New start.", *PARAGRAPHS, RECAP]))
    removing = edit_article(
        article, body=body(["New start.", PARAGRAPHS[0], *PARAGRAPHS[2:], RECAP])
    )
    edit_article(article, body=body(["Newer start.", PARAGRAPHS[0], *PARAGRAPHS[2:], RECAP]))

    suggestion, _ = submit(article, revision=seen, quote="repair the harbour wall")

    assert suggestion.anchor_state == Suggestion.AnchorState.ORPHANED
    assert suggestion.anchor_lost_in == removing
    assert suggestion.anchor_revision == article.current_revision


def test_on_arrival_a_corrected_passage_is_followed_not_its_recap():
    article = make_article(body=body([*PARAGRAPHS, RECAP]))
    seen = article.current_revision
    fixed = PARAGRAPHS[1].replace("before winter", "before spring")
    revision = edit_article(article, body=body([PARAGRAPHS[0], fixed, *PARAGRAPHS[2:], RECAP]))

    suggestion, _ = submit(article, revision=seen, quote="harbour wall before winter")

    text = revision.canonical_text
    assert suggestion.anchor_state == Suggestion.AnchorState.FUZZY
    assert text[suggestion.anchor_start : suggestion.anchor_end] == "harbour wall before spring"
