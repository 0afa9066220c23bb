from newsroom.diffing import Op, Segment, diff_html, tokenize, word_diff

LONG_PARAGRAPH = " ".join(f"word{number}" for number in range(40))


def test_tokens_join_back_into_the_text():
    text = "The harbour’s wall, 2.4m long — well-known!\nNext line."
    assert "".join(tokenize(text)) == text


def test_equal_texts_have_no_diff():
    assert word_diff("Same text.", "Same text.") == []
    assert diff_html("Same text.", "Same text.") == ""


def test_a_changed_word_is_deleted_and_inserted():
    assert word_diff("It cost £2.4m in March.", "It cost £3.1m in March.") == [
        Segment(Op.EQUAL, "It cost £"),
        Segment(Op.DELETE, "2.4m"),
        Segment(Op.INSERT, "3.1m"),
        Segment(Op.EQUAL, " in March."),
    ]


def test_neighbouring_changed_words_read_as_one_change():
    html = diff_html("the old red boat sails", "a new blue boat sails")
    assert html == "<del>the old red</del><ins>a new blue</ins> boat sails"


def test_punctuation_changes_alone():
    assert diff_html("Hello, world", "Hello world") == "Hello<del>,</del> world"


def test_long_unchanged_runs_collapse_to_a_little_context():
    old = f"{LONG_PARAGRAPH} Tuesday {LONG_PARAGRAPH}"
    new = f"{LONG_PARAGRAPH} Wednesday {LONG_PARAGRAPH}"
    html = diff_html(old, new, context=5)
    assert html == (
        '<span class="diff__gap">…</span>word35 word36 word37 word38 word39 '
        "<del>Tuesday</del><ins>Wednesday</ins>"
        ' word0 word1 word2 word3 word4<span class="diff__gap">…</span>'
    )


def test_distant_changes_keep_context_around_each_and_skip_the_middle():
    old = f"First one. {LONG_PARAGRAPH} Last one."
    new = f"First two. {LONG_PARAGRAPH} Last two."
    html = diff_html(old, new, context=3)
    assert html.startswith("First <del>one</del><ins>two</ins>. word0 word1")
    assert '<span class="diff__gap">…</span>' in html
    assert html.endswith("word38 word39 Last <del>one</del><ins>two</ins>.")
    assert "word20" not in html


def test_context_stops_at_a_paragraph_break():
    old = "An untouched paragraph.\nThe vote was 5 to 4."
    new = "An untouched paragraph.\nThe vote was 6 to 3."
    html = diff_html(old, new, context=8)
    assert "untouched" not in html
    assert html.startswith('<span class="diff__gap">…</span>The vote was')


def test_markup_in_either_text_is_escaped():
    html = diff_html("Safe text.", "Safe <script>alert(1)</script> & text.")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&amp;" in html


def test_added_and_removed_paragraphs():
    assert word_diff("One.", "One.\nTwo.") == [
        Segment(Op.EQUAL, "One."),
        Segment(Op.INSERT, "\nTwo."),
    ]
    assert word_diff("One.\nTwo.", "One.") == [
        Segment(Op.EQUAL, "One."),
        Segment(Op.DELETE, "\nTwo."),
    ]


def test_marks_start_and_end_on_words():
    assert (
        diff_html("survey means", "survey means (updated)") == "survey means <ins>(updated)</ins>"
    )
    assert diff_html("x y z", "x q z") == "x <del>y</del><ins>q</ins> z"
