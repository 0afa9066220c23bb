"""Tests for corrections.anchoring (pure Python; no database or Django needed)."""

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from corrections.anchoring import (
    CONTEXT_MIN_WIDTH,
    MIN_QUOTE_SIMILARITY,
    Anchor,
    AnchorState,
    context,
    locate,
    reanchor,
)

ARTICLE = (
    "The city council met on Tuesday to discuss the budget. "
    "Mayor Jane Alvarez said the proposal would cut library hours by ten percent. "
    "Residents packed the hall for three hours.\n\n"
    "Council member Omar Reyes disagreed, arguing that the cuts were unnecessary. "
    "He said the city had a surplus last year.\n\n"
    "A final vote is expected next month, after a public hearing."
)


def stored(text: str, quote: str, occurrence: int = 0) -> dict:
    """Selector fields as the server would store them for the n-th occurrence of quote."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(quote, start + 1)
    end = start + len(quote)
    prefix, suffix = context(text, start, end)
    return {"start": start, "end": end, "quote": quote, "prefix": prefix, "suffix": suffix}


def span(text: str, anchor: Anchor) -> str:
    assert anchor.start is not None and anchor.end is not None
    return text[anchor.start : anchor.end]


# --------------------------------------------------------------------------- locate


def test_locate_unique_quote_returns_exact_offsets():
    quote = "cut library hours by ten percent"
    anchor = locate(ARTICLE, quote=quote)
    assert anchor == Anchor(AnchorState.EXACT, ARTICLE.index(quote), ARTICLE.index(quote) + 32, 1.0)


def test_locate_repeated_quote_disambiguated_by_prefix():
    text = "Alpha said yes. Beta said yes. Gamma said yes."
    anchor = locate(text, quote="said yes", prefix="Beta ")
    assert anchor is not None and anchor.start == text.index("Beta said") + 5


def test_locate_repeated_quote_disambiguated_by_suffix():
    text = "the vote passed today; the vote failed later; the vote was close"
    anchor = locate(text, quote="the vote", suffix=" failed")
    assert anchor is not None and anchor.start == text.index("the vote failed")


def test_locate_context_outweighs_a_wrong_hint():
    text = "Alpha said yes. Beta said yes. Gamma said yes."
    anchor = locate(text, quote="said yes", prefix="Gamma ", hint=0)
    assert anchor is not None and anchor.start == text.index("Gamma said") + 6


def test_locate_repeated_quote_without_context_uses_hint():
    text = "said yes. said yes. said yes."
    anchor = locate(text, quote="said yes", hint=11)
    assert anchor is not None and anchor.start == 10


def test_locate_repeated_quote_without_context_or_hint_picks_first():
    text = "said yes. said yes."
    anchor = locate(text, quote="said yes")
    assert anchor is not None and anchor.start == 0


def test_locate_missing_quote_returns_none():
    assert locate(ARTICLE, quote="the mayor resigned", hint=10) is None


def test_locate_empty_quote_means_whole_article_and_returns_none():
    assert locate(ARTICLE, quote="") is None


def test_locate_counts_emoji_as_one_code_point():
    text = "Fans cheered 🎉🎉 when “the Reds” won — café open late."
    anchor = locate(text, quote="“the Reds”")
    assert anchor is not None
    assert anchor.start == text.index("“the Reds”") and anchor.end - anchor.start == 10
    assert text.index("“") == 21  # "Fans cheered " + 2 emoji (one code point each) + " when "


def test_locate_nfc_combining_text():
    text = "Le président a visité São Paulo et Zürich."
    anchor = locate(text, quote="São Paulo", prefix="visité ")
    assert anchor is not None and span(text, anchor) == "São Paulo"


# --------------------------------------------------------------------------- context


def test_context_cuts_at_word_boundaries_within_width():
    start = ARTICLE.index("cut library")
    end = start + len("cut library hours")
    prefix, suffix = context(ARTICLE, start, end, width=48)
    assert CONTEXT_MIN_WIDTH <= len(prefix) <= 48
    assert CONTEXT_MIN_WIDTH <= len(suffix) <= 48
    assert ARTICLE[:start].endswith(prefix) and ARTICLE[end:].startswith(suffix)
    assert ARTICLE[start - len(prefix) - 1].isspace()  # prefix begins at a word
    assert ARTICLE[end + len(suffix)].isspace()  # suffix ends at a word


@pytest.mark.parametrize("width", [10, 32, 48, 64, 200])
def test_context_width_is_clamped_between_32_and_64(width):
    text = "x" * 500
    prefix, suffix = context(text, 200, 210, width=width)
    expected = max(32, min(64, width))
    assert len(prefix) == len(suffix) == expected  # no spaces: hard cut


def test_context_at_start_and_end_of_text():
    text = "Short article text."
    assert context(text, 0, 5) == ("", " article text.")
    assert context(text, 14, len(text)) == ("Short article ", "")


def test_context_rejects_invalid_span():
    with pytest.raises(ValueError):
        context("abc", 2, 1)


# --------------------------------------------------------------------------- reanchor


def test_reanchor_unchanged_text_is_exact():
    sel = stored(ARTICLE, "cut library hours by ten percent")
    anchor = reanchor(ARTICLE, ARTICLE, **sel)
    assert anchor == Anchor(AnchorState.EXACT, sel["start"], sel["end"], 1.0)


def test_reanchor_edit_elsewhere_keeps_exact():
    sel = stored(ARTICLE, "cut library hours by ten percent")
    new = ARTICLE.replace("next month", "next week")
    assert reanchor(ARTICLE, new, **sel).state is AnchorState.EXACT


def test_reanchor_insertion_before_passage_is_moved_with_shifted_offsets():
    sel = stored(ARTICLE, "cut library hours by ten percent")
    insert = "Update: this story has been revised. "
    new = insert + ARTICLE
    anchor = reanchor(ARTICLE, new, **sel)
    assert anchor == Anchor(
        AnchorState.MOVED, sel["start"] + len(insert), sel["end"] + len(insert), 1.0
    )


def test_reanchor_one_word_changed_inside_passage_is_fuzzy_with_right_span():
    sel = stored(ARTICLE, "cut library hours by ten percent")
    new = ARTICLE.replace("by ten percent", "by twelve percent")
    anchor = reanchor(ARTICLE, new, **sel)
    assert anchor.state is AnchorState.FUZZY
    assert span(new, anchor) == "cut library hours by twelve percent"
    assert MIN_QUOTE_SIMILARITY <= anchor.score <= 1.0


def test_reanchor_deleted_passage_is_orphaned():
    sel = stored(ARTICLE, "He said the city had a surplus last year.")
    new = ARTICLE.replace("He said the city had a surplus last year.", "")
    assert reanchor(ARTICLE, new, **sel) == Anchor(AnchorState.ORPHANED, None, None, 0.0)


def test_reanchor_deleted_passage_does_not_capture_same_phrase_with_other_context():
    old = (
        "The fire started in the kitchen around noon. Officials said the damage was extensive "
        "and the family was relocated.\n\n"
        "Elsewhere, the school board approved a new calendar. Parents said the damage was "
        "extensive in earlier years too."
    )
    sel = stored(old, "said the damage was extensive", occurrence=0)
    new = old.replace("Officials said the damage was extensive and the family", "The family")
    assert "said the damage was extensive" in new  # the duplicate survives
    assert reanchor(old, new, **sel).state is AnchorState.ORPHANED


def test_reanchor_edited_passage_does_not_capture_exact_duplicate_elsewhere():
    old = ARTICLE + " Critics said the proposal would cut library hours by ten percent too."
    sel = stored(old, "the proposal would cut library hours by ten percent", occurrence=0)
    new = old.replace(
        "Mayor Jane Alvarez said the proposal would cut library hours by ten",
        ("Mayor Jane Alvarez said the proposal would cut library hours by eight"),
    )
    anchor = reanchor(old, new, **sel)
    assert anchor.state is AnchorState.FUZZY
    assert anchor.start is not None and anchor.start < new.index("Critics")
    assert span(new, anchor) == "the proposal would cut library hours by eight percent"


def test_reanchor_passage_moved_to_another_paragraph():
    sentence = "He said the city had a surplus last year. "
    sel = stored(ARTICLE, sentence.strip())
    without = ARTICLE.replace(sentence.strip(), "")
    new = without.replace("A final vote", sentence + "A final vote")
    anchor = reanchor(ARTICLE, new, **sel)
    assert anchor.state in {AnchorState.MOVED, AnchorState.FUZZY}
    assert anchor.start == new.index(sentence.strip())
    assert span(new, anchor) == sentence.strip()


def test_reanchor_paragraph_moved_far_and_edited_is_found_by_full_text_search():
    filler = " ".join(f"Background sentence number {i} adds detail." for i in range(80))
    moving = "Council member Omar Reyes disagreed, arguing that the cuts were unnecessary."
    old = moving + "\n\n" + filler + "\n\nThe end."
    sel = stored(old, "arguing that the cuts were unnecessary")
    edited = moving.replace("unnecessary", "needless")
    new = filler + "\n\nThe end.\n\n" + edited
    anchor = reanchor(old, new, **sel)
    assert anchor.state is AnchorState.FUZZY
    assert span(new, anchor) == "arguing that the cuts were needless"


def test_reanchor_duplicate_quote_follows_the_right_occurrence():
    old = "Alpha said yes. Beta said yes. Gamma said yes."
    sel = stored(old, "said yes", occurrence=1)
    new = "Intro. " + old
    anchor = reanchor(old, new, **sel)
    assert anchor.state is AnchorState.MOVED
    assert anchor.start == new.index("Beta said") + 5


def test_reanchor_stale_offsets_are_repaired_from_old_text():
    sel = stored(ARTICLE, "cut library hours by ten percent")
    sel["start"], sel["end"] = 0, 10  # wrong offsets from a buggy client
    anchor = reanchor(ARTICLE, ARTICLE, **sel)
    assert anchor.state is AnchorState.EXACT
    assert span(ARTICLE, anchor) == "cut library hours by ten percent"


def test_reanchor_empty_quote_is_orphaned():
    assert reanchor(ARTICLE, ARTICLE, start=0, end=0, quote="").state is AnchorState.ORPHANED


def test_reanchor_short_quote_without_context_support_is_orphaned():
    old = "The vote was held on Tuesday in the main hall. Results came on Tuesday night."
    sel = stored(old, "Tuesday")
    new = "The vote was held in the main hall. Results came on Tuesday night."
    assert reanchor(old, new, **sel).state is AnchorState.ORPHANED


# --------------------------------------------------------------------------- unicode / edlib

HANZI = [chr(0x4E00 + i * 7) for i in range(400)]  # 400 distinct CJK ideographs


def chinese_text(seed: int, length: int) -> str:
    rng = random.Random(seed)
    return "".join(rng.choice(HANZI) for _ in range(length)) + "。"


def test_locate_in_chinese_text_with_many_distinct_characters():
    text = chinese_text(1, 3000)
    assert len(set(text)) > 256
    quote = text[1200:1230]
    anchor = locate(text, quote=quote, hint=1200)
    assert anchor is not None and (anchor.start, anchor.end) == (1200, 1230)


def test_reanchor_fuzzy_in_chinese_text_with_many_distinct_characters():
    old = chinese_text(2, 3000)
    quote = old[1500:1540]
    prefix, suffix = context(old, 1500, 1540)
    # Replace two characters inside the quote and insert text before it.
    changed = quote[:10] + "改正" + quote[12:]
    new = "新增内容" * 5 + old[:1500] + changed + old[1540:]
    anchor = reanchor(old, new, start=1500, end=1540, quote=quote, prefix=prefix, suffix=suffix)
    assert anchor.state is AnchorState.FUZZY
    assert span(new, anchor) == changed


def test_reanchor_quote_with_more_than_255_distinct_characters():
    old = chinese_text(3, 2000)
    quote = old[500:1000]
    assert len(set(quote)) > 255
    prefix, suffix = context(old, 500, 1000)
    new = old[:500] + quote[:100] + "错" + quote[101:] + old[1000:]
    anchor = reanchor(old, new, start=500, end=1000, quote=quote, prefix=prefix, suffix=suffix)
    assert anchor.state is AnchorState.FUZZY
    assert (anchor.start, anchor.end) == (500, 1000)


def test_reanchor_emoji_and_curly_quotes_offsets_are_code_points():
    old = "Intro 🎉 text. She called it “a disgrace” on air. End 🎉."
    sel = stored(old, "“a disgrace”")
    new = "🎉🎉 " + old
    anchor = reanchor(old, new, **sel)
    assert anchor.state is AnchorState.MOVED
    assert anchor.start == sel["start"] + 3 and span(new, anchor) == "“a disgrace”"


# --------------------------------------------------------------------------- properties

# Common words for the surroundings, and a passage spelled with letters they barely use, so
# that the passage (unique in the text) cannot fuzzily match its own surroundings.
VOCAB_TEXT = (
    "the of and to in a is that for it as was with be by on not he this are or his from at "
    "which but have an they said city council mayor police report year new people state"
)
OTHER_VOCAB_TEXT = (
    "garden river mountain orchard violin painter harbour meadow lantern compass feather "
    "thunder silver marble copper candle"
)
VOCAB = tuple(VOCAB_TEXT.split())
OTHER_VOCAB = tuple(OTHER_VOCAB_TEXT.split())
PASSAGE = "Quixotic zebras vex jumbled wizards"

EDITS = st.lists(
    st.tuples(
        st.booleans(),  # edit before (True) or after (False) the passage
        st.booleans(),  # insert (True) or delete (False) a word
        st.integers(min_value=0, max_value=10_000),  # where (modulo the list length)
        st.sampled_from(VOCAB),
    ),
    max_size=8,
)


def check_edits_outside_keep_anchor(before, after, edits, quote_words, keep):
    """Apply word edits outside the passage, sparing the ``keep`` nearest words on each side,
    and check the passage is found at its new offset with its exact text."""
    passage = " ".join(PASSAGE.split()[:quote_words])
    old = " ".join([*before, passage, *after])
    start = len(" ".join(before)) + (1 if before else 0)
    end = start + len(passage)
    prefix, suffix = context(old, start, end)
    far_b, near_b = before[: max(0, len(before) - keep)], before[max(0, len(before) - keep) :]
    near_a, far_a = after[:keep], after[keep:]
    for on_before, insert, idx, word in edits:
        words = far_b if on_before else far_a
        if insert:
            words.insert(idx % (len(words) + 1), word)
        elif words:
            del words[idx % len(words)]
    b, a = far_b + near_b, near_a + far_a
    new = " ".join([*b, passage, *a])
    anchor = reanchor(old, new, start=start, end=end, quote=passage, prefix=prefix, suffix=suffix)
    assert anchor.state in {AnchorState.EXACT, AnchorState.MOVED}
    assert span(new, anchor) == passage
    assert anchor.start == len(" ".join(b)) + (1 if b else 0)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=st.lists(st.sampled_from(VOCAB), max_size=60),
    after=st.lists(st.sampled_from(VOCAB), max_size=60),
    edits=EDITS,
    quote_words=st.integers(min_value=4, max_value=5),
)
def test_property_edits_outside_long_passage_keep_it_anchored(before, after, edits, quote_words):
    """Long passages (>= MIN_MOVE_QUOTE_LENGTH) survive any word edits around them, even
    edits that wipe out all of their stored context."""
    check_edits_outside_keep_anchor(before, after, edits, quote_words, keep=0)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=st.lists(st.sampled_from(VOCAB), max_size=60),
    after=st.lists(st.sampled_from(VOCAB), max_size=60),
    edits=EDITS,
    quote_words=st.integers(min_value=1, max_value=3),
)
def test_property_edits_outside_short_passage_keep_it_anchored(before, after, edits, quote_words):
    """Short passages need some context: edits anywhere but the two words next to the
    passage on each side keep it anchored."""
    check_edits_outside_keep_anchor(before, after, edits, quote_words, keep=2)


# Enough words that a stored context (<= 64 chars) never reaches the next paragraph.
SIDE_WORDS = st.lists(st.sampled_from(VOCAB), min_size=20, max_size=40).filter(
    lambda words: len(" ".join(words)) > 64
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    left=SIDE_WORDS,
    right=SIDE_WORDS,
    other_left=st.lists(st.sampled_from(OTHER_VOCAB), min_size=3, max_size=30),
    other_right=st.lists(st.sampled_from(OTHER_VOCAB), min_size=3, max_size=30),
    dup_first=st.booleans(),
    quote_words=st.integers(min_value=1, max_value=5),
)
def test_property_deleted_passage_never_captures_duplicate_with_unrelated_context(
    left, right, other_left, other_right, dup_first, quote_words
):
    """The passage is deleted from its paragraph; the same phrase survives in another
    paragraph where at least three words on each side come from a vocabulary disjoint from
    the passage's own surroundings. The passage's paragraph is long enough on both sides that
    its stored prefix/suffix stay inside it, so they are unrelated to the duplicate's
    surroundings. The result must be ORPHANED: no anchor may point at the duplicate."""
    passage = " ".join(PASSAGE.split()[:quote_words])
    para_a = " ".join([*left, passage, *right])
    para_a_new = " ".join([*left, *right])
    para_b = " ".join([*other_left, passage, *other_right])
    if dup_first:
        old, new = para_b + "\n\n" + para_a, para_b + "\n\n" + para_a_new
        base = len(para_b) + 2
    else:
        old, new = para_a + "\n\n" + para_b, para_a_new + "\n\n" + para_b
        base = 0
    start = base + len(" ".join(left)) + 1
    end = start + len(passage)
    assert old[start:end] == passage and new.count(passage) == 1
    prefix, suffix = context(old, start, end)
    anchor = reanchor(old, new, start=start, end=end, quote=passage, prefix=prefix, suffix=suffix)
    assert anchor.state is AnchorState.ORPHANED


# --------------------------------------------------------------------------- provenance (issue 10)

KEY_POINTS_ARTICLE = (
    "Councillors met on Tuesday to vote on the harbour wall.\n"
    "Key points\n"
    "The motion passed by a margin of 6 to 1 after a long debate.\n"
    "Work starts in March.\n"
    "The meeting began late because the chair was stuck in traffic. "
    "The motion passed by a margin of 6 to 1 after a long debate. "
    "Residents in the public gallery applauded.\n"
    "Recap: The motion passed by a margin of 6 to 1 after a long debate."
)


def body_occurrence(text: str, quote: str) -> dict:
    """The copy of ``quote`` in the body paragraph (the one after 'stuck in traffic')."""
    return stored(text, quote, occurrence=1)


def test_deleted_sentence_does_not_move_onto_its_key_points_twin():
    sentence = "The motion passed by a margin of 6 to 1 after a long debate. "
    sel = body_occurrence(KEY_POINTS_ARTICLE, sentence.strip())
    new = KEY_POINTS_ARTICLE.replace("traffic. " + sentence, "traffic. ")
    assert new.count(sentence.strip()) == 2  # key point and recap survive
    assert reanchor(KEY_POINTS_ARTICLE, new, **sel).state is AnchorState.ORPHANED


def test_quote_corrected_in_place_beats_the_uncorrected_recap():
    sel = body_occurrence(KEY_POINTS_ARTICLE, "of 6 to 1")
    body = "traffic. The motion passed by a margin of 6 to 1"
    new = KEY_POINTS_ARTICLE.replace(body, body.replace("6 to 1", "6 to 4"))
    anchor = reanchor(KEY_POINTS_ARTICLE, new, **sel)
    assert anchor.state is AnchorState.FUZZY and not anchor.relocated
    assert anchor.start == new.index("of 6 to 4") and span(new, anchor) == "of 6 to 4"


def test_rewritten_list_item_is_not_matched_to_the_revised_list():
    old = (
        "Original plan\nHarbour wall: £2.4m, 9 months\nBus lane: £1.1m, 4 months\n"
        "Revised plan\nHarbour wall: £2.9m, 9 months\nBus lane: £1.1m, 4 months\n"
        "The council will vote again in June."
    )
    sel = stored(old, "Harbour wall: £2.4m, 9 months")
    new = old.replace("Harbour wall: £2.4m, 9 months", "Harbour wall: £2.4m, 12 months")
    anchor = reanchor(old, new, **sel)
    assert anchor.start == 14 and span(new, anchor) == "Harbour wall: £2.4m, 12 months"
    # And when the original list's item is deleted, the revised one never stands in for it.
    gone = old.replace("Harbour wall: £2.4m, 9 months\n", "", 1)
    assert reanchor(old, gone, **sel).state is AnchorState.ORPHANED


def test_paragraph_moved_away_does_not_leave_its_prefix_to_a_look_alike():
    old = (
        "The council met on Tuesday.\n"
        "Alvarez said the plan was behind schedule and over budget by £2m.\n"
        "Alvarez said the plan was sound and the budget was fine.\n"
        "The vote is next month."
    )
    sel = stored(old, "Alvarez said the plan was behind schedule")
    moved = "Alvarez said the plan was behind schedule and over budget by £2m."
    new = old.replace(moved + "\n", "").replace("next month.", "next month.\n" + moved)
    anchor = reanchor(old, new, **sel)
    assert anchor.state is AnchorState.MOVED and anchor.relocated
    assert anchor.start == new.index(moved)


def test_paragraph_deleted_and_the_look_alike_after_it_is_not_taken():
    old = (
        "The council met on Tuesday.\n"
        "Alvarez said the plan was behind schedule.\n"
        "Alvarado said the plan was behind schedule too.\n"
        "The vote is next month."
    )
    sel = stored(old, "Alvarez said the plan was behind schedule")
    new = old.replace("Alvarez said the plan was behind schedule.\n", "")
    assert reanchor(old, new, **sel).state is AnchorState.ORPHANED


@pytest.mark.parametrize(
    ("typo", "fixed"),
    [("palce", "place"), ("Ramesy", "Ramsey"), ("the right palce", "the right place")],
)
def test_transposition_in_a_short_quote_is_followed(typo, fixed):
    old = f"Residents said Ramsey Street was {typo} for it. Ramsey agreed on Monday."
    old = old.replace("Ramsey Street", "Ramesy Street") if typo == "Ramesy" else old
    quote = typo
    sel = stored(old, quote)
    new = old.replace(typo, fixed, 1)
    anchor = reanchor(old, new, **sel)
    assert anchor.state is AnchorState.FUZZY and span(new, anchor) == fixed


def test_one_word_fixed_in_a_short_quote_with_both_neighbours_unchanged():
    old = "Officials said the library extension was behind schedule, according to the report."
    sel = stored(old, "was behind schedule")
    new = old.replace("behind schedule", "behind budget")
    anchor = reanchor(old, new, **sel)
    assert anchor.state is AnchorState.FUZZY and span(new, anchor) == "was behind budget"


def test_a_heavily_rewritten_quote_between_surviving_neighbours_is_edited_there():
    old = "The mayor said the harbour wall would cost £2.4m and take nine months to finish."
    sel = stored(old, "would cost £2.4m and take nine months")
    new = old.replace("would cost £2.4m and take nine months", "is now expected to run late")
    anchor = reanchor(old, new, **sel)
    assert anchor.state is AnchorState.FUZZY and not anchor.relocated
    assert span(new, anchor) == "is now expected to run late"


def test_a_replacement_spanning_into_another_paragraph_is_not_the_passage():
    old = "Intro.\nThe mayor said yes on Monday.\nThe vote followed."
    sel = stored(old, "yes")
    new = old.replace("yes on Monday.\nThe vote", "nothing.\nA long new paragraph.\nThe vote")
    anchor = reanchor(old, new, **sel)
    assert anchor.state is AnchorState.ORPHANED or "\n" not in span(new, anchor)


def test_moved_paragraph_whose_stored_context_crossed_the_block_boundary():
    # The quote ends its paragraph, so its stored suffix is mostly the next paragraph.
    old = (
        "First paragraph about the weather.\n"
        "The ferry terminal will close for repairs on Monday, the port authority said.\n"
        "Second paragraph about the harbour.\n"
        "Third paragraph about the market."
    )
    quote = "the port authority said."
    sel = stored(old, quote)
    assert sel["suffix"].startswith("\n")
    moved = "The ferry terminal will close for repairs on Monday, the port authority said."
    new = old.replace(moved + "\n", "") + "\n" + moved
    anchor = reanchor(old, new, **sel)
    assert anchor.state is AnchorState.MOVED and anchor.start == new.index(quote)


def test_identical_text_at_the_same_offsets_after_a_deletion_is_not_trusted_blindly():
    # The body sentence is deleted; the key point that repeats it slides into its offsets
    # with the same stored context: the diff says it is the key point, not the passage.
    sentence = "Work starts in March."
    old = f"Key points\n{sentence}\nKey points\n{sentence}\nEnd."
    sel = stored(old, sentence, occurrence=0)
    new = f"Key points\n{sentence}\nEnd."
    anchor = reanchor(old, new, **sel)
    # Either copy could be the one deleted: the texts cannot say, and both answers are
    # the same place; what matters is that a distinct later copy is never chosen.
    assert anchor.state is AnchorState.ORPHANED or anchor.start == new.index(sentence)


def test_a_copy_that_also_left_its_place_makes_a_candidate_ambiguous():
    # Both copies of the sentence disappear from their paragraphs, one reappears at the
    # end: it could be either, and the contexts do not tell them apart.
    sentence = "The council said the plan was behind schedule."
    old = (
        f"Alpha paragraph opens here. {sentence}\n"
        "Beta paragraph in the middle.\n"
        f"Alpha paragraph opens here. {sentence}\n"
        "Gamma paragraph at the end."
    )
    sel = stored(old, sentence, occurrence=0)
    new = (
        "Alpha paragraph opens here.\nBeta paragraph in the middle.\n"
        "Alpha paragraph opens here.\nGamma paragraph at the end.\n"
        f"Alpha paragraph opens here. {sentence}"
    )
    assert reanchor(old, new, **sel).state is AnchorState.ORPHANED


def test_stale_offsets_for_a_quote_never_in_the_old_text_orphan():
    anchor = reanchor(ARTICLE, ARTICLE + " More.", start=0, end=5, quote="not in the text")
    assert anchor.state is AnchorState.ORPHANED


def test_edits_across_two_paragraphs_do_not_carry_the_passage_into_the_next():
    old = (
        "The council met on Monday.\n"
        "Alvarez said the bus lane would cost £6.2m and take 12 months. "
        "Cheng said the plan was behind schedule and over budget.\n"
        "Okoro said the plan was behind schedule and over budget. "
        "About 600 residents signed a petition.\n"
        "The vote is next month."
    )
    sel = stored(old, "schedule and")
    new = (
        "The council met on Monday.\n"
        "Alvarez said the bus lane would cost £6.2m and take 12 months. "
        "Cheng said the plan was behind budget and local budget.\n"
        "Ramsay said the plan was behind schedule and over budget. "
        "Okoro new the plan was behind schedule and over budget. "
        "About 600 residents signed a petition.\n"
        "The vote is next month."
    )
    anchor = reanchor(old, new, **sel)
    second_paragraph_end = new.index("\nRamsay")
    assert anchor.state is AnchorState.ORPHANED or anchor.start < second_paragraph_end


def test_every_paragraph_edited_in_place_still_follows_the_passage():
    paragraphs = [f"Paragraph {i} says the harbour wall needs work number {i}." for i in range(60)]
    old = "\n".join(paragraphs)
    sel = stored(old, "needs work number 30")
    new = "\n".join("Edited: " + p for p in paragraphs)
    anchor = reanchor(old, new, **sel)
    assert anchor.state is AnchorState.MOVED and not anchor.relocated
    assert anchor.start == new.index("needs work number 30")
