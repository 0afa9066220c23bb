"""Issue 10: re-anchoring never lands on the wrong twin, measured on a seeded generator.

``anchoring_cases`` builds newsroom-like articles (key points repeating body sentences,
recaps verbatim or with one word changed, original and revised lists, stock phrases,
look-alike names, numbers) and edits them in the ways the issue lists, with known answers.
A wrong anchor is worse than none (an editor would act on the wrong sentence), so the
tests allow none at all; an orphaned passage only costs the desk a manual look, so each
kind has a floor on passages re-found instead. ``MAIN`` is what the rules were built on;
``HELD_OUT`` (other names, sentences, layout and seed) was only ever measured.
"""

from collections import Counter

import pytest

from corrections import anchoring
from corrections.anchoring import reanchor
from tests.corrections.anchoring_cases import HELD_OUT, KINDS, MAIN, generate, outcome

PER_KIND = 60

# Share of cases re-found at the right place (for a passage that is gone: orphaned). The
# measured figures (seed 10 / held-out) are 100 % except where noted; the floors leave a
# little room for a different but equally right rule, not for a wrong anchor.
FLOORS = {
    "no_edit": 1.0,
    "typo_fixed": 0.95,
    "word_replaced": 0.95,
    "inserted_before": 0.95,
    "deleted_before": 0.95,
    "paragraph_moved": 0.95,  # 98 / 100 %: a one-word quote in a moved paragraph may orphan
    "surroundings_rewritten": 0.9,  # 95 / 95 %: a short quote with nothing around it left
    "many_small_edits": 0.95,
    "sentence_deleted_twin_survives": 1.0,
    "paragraph_deleted": 1.0,
    "heavily_rewritten": 0.9,  # 93 / 98 %: a whole rewritten block or text orphans
    "moved_and_edited": 0.7,  # 78 / 87 %: a short quote both moved and edited may orphan
    "sentence_deleted_twin_moved": 0.95,
    "edited_among_many_edits": 0.9,  # 95 / 95 %
}


def run(templates, seed):
    cases = generate(templates, seed=seed, per_kind=PER_KIND)
    rows = []
    # The diff gives up after DIFF_TIMEOUT seconds of wall time; on a busy machine that
    # would make the figures depend on the load. Without the deadline they are exact.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(anchoring, "DIFF_TIMEOUT", 0)
        anchoring.clear_diff_cache()
        for case in cases:
            anchor = reanchor(case.old, case.new, **case.arguments())
            rows.append((case, anchor, outcome(case, anchor.start, anchor.end)))
    anchoring.clear_diff_cache()
    return rows


@pytest.fixture(scope="module")
def main_rows():
    return run(MAIN, 10)


@pytest.fixture(scope="module")
def held_out_rows():
    return run(HELD_OUT, 7_777)


def describe(case, anchor) -> str:
    got = None if anchor.start is None else case.new[anchor.start : anchor.end]
    want = None if case.expected is None else case.new[slice(*case.expected)]
    return f"{case.kind} ({case.note}): quote {case.quote!r} -> {got!r}, want {want!r}"


def test_generator_covers_every_kind_the_issue_lists():
    required = {
        "typo_fixed",
        "word_replaced",
        "inserted_before",
        "deleted_before",
        "paragraph_moved",
        "surroundings_rewritten",
        "many_small_edits",
        "sentence_deleted_twin_survives",
        "paragraph_deleted",
        "heavily_rewritten",
        "no_edit",
    }
    assert required <= set(KINDS)
    assert set(FLOORS) == set(KINDS)


def test_generator_is_seeded_and_answers_are_consistent():
    first, again = generate(MAIN, seed=3, per_kind=2), generate(MAIN, seed=3, per_kind=2)
    assert first == again
    for case in first:
        assert case.old[case.start : case.end] == case.quote
        if case.kind == "no_edit":
            assert case.new == case.old and case.expected == (case.start, case.end)
        if case.kind in ("sentence_deleted_twin_survives", "paragraph_deleted"):
            assert case.expected is None


def test_generator_builds_the_repetitions_that_fool_matchers(main_rows):
    cases = [case for case, _, _ in main_rows]
    with_twin = sum(case.old.count(case.quote) > 1 for case in cases)
    assert with_twin > len(cases) // 3
    deleted = [case for case in cases if case.kind == "sentence_deleted_twin_survives"]
    assert all(case.quote in case.new for case in deleted)  # the twin is still there


@pytest.mark.parametrize("rows", ["main_rows", "held_out_rows"])
def test_no_wrong_anchor_at_all(rows, request):
    wrong = [
        describe(case, a) for case, a, result in request.getfixturevalue(rows) if result == "wrong"
    ]
    assert wrong == []


@pytest.mark.parametrize("rows", ["main_rows", "held_out_rows"])
def test_each_kind_refinds_its_passages_above_the_floor(rows, request):
    right, total = Counter(), Counter()
    for case, _, result in request.getfixturevalue(rows):
        total[case.kind] += 1
        right[case.kind] += result == "right"
    below = {
        kind: f"{right[kind]}/{total[kind]}"
        for kind in KINDS
        if right[kind] < FLOORS[kind] * total[kind]
    }
    assert below == {}
