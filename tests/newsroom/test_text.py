import pytest

from newsroom.text import PART_TEXTS, canonical_text, part_text


def test_blocks_are_separated_by_one_newline():
    html = "<h2>Heading</h2>\n\n<p>First paragraph.</p>\n<p>Second.</p>"
    assert canonical_text(html) == "Heading\nFirst paragraph.\nSecond."


def test_nested_blocks_make_no_empty_lines():
    html = "<ul><li><p>One</p></li><li><p>Two</p></li></ul><blockquote><p>Said</p></blockquote>"
    assert canonical_text(html) == "One\nTwo\nSaid"


def test_inline_elements_do_not_split_words():
    assert canonical_text("<p>A <em>very</em> <strong>bold</strong>claim</p>") == (
        "A very boldclaim"
    )


def test_br_counts_as_a_space():
    assert canonical_text("<p>line one<br>line two<br/>three</p>") == "line one line two three"


def test_br_at_block_edges_is_trimmed():
    assert canonical_text("<p><br>text<br></p>") == "text"


def test_non_breaking_and_other_unicode_spaces_become_plain_spaces():
    html = "<p>12\u00a0metres\u2009wide,\u202fthen\u3000more\tand\nmore</p>"
    assert canonical_text(html) == "12 metres wide, then more and more"


def test_entities_are_decoded():
    assert canonical_text("<p>Fish &amp; chips&nbsp;&mdash; &lt;cheap&gt;</p>") == (
        "Fish & chips — <cheap>"
    )


def test_runs_of_whitespace_collapse_and_blocks_are_trimmed():
    assert canonical_text("<p>  many    spaces\n\n here  </p>") == "many spaces here"


def test_soft_hyphens_and_zero_width_characters_are_removed():
    html = "<p>re\u00adconstruction of the\u200b bridge\u2060 and\ufeff quay</p>"
    assert canonical_text(html) == "reconstruction of the bridge and quay"


def test_text_is_normalised_to_nfc():
    decomposed = "cafe\u0301"
    assert canonical_text(f"<p>{decomposed}</p>") == "caf\u00e9"
    assert len(canonical_text(f"<p>{decomposed}</p>")) == 4


def test_curly_quotes_are_kept():
    assert canonical_text("<p>\u201cYes,\u201d she said, \u2018it\u2019s done.\u2019</p>") == (
        "\u201cYes,\u201d she said, \u2018it\u2019s done.\u2019"
    )


def test_emoji_is_one_code_point():
    text = canonical_text("<p>Waves \U0001f30a here</p>")
    assert text == "Waves \U0001f30a here"
    assert text.index("here") == 8


def test_scripts_and_styles_contribute_no_text():
    assert canonical_text("<p>a</p><script>var x = 1;</script><style>p{}</style><p>b</p>") == (
        "a\nb"
    )


def test_empty_blocks_are_dropped():
    assert canonical_text("<p></p><p> \u00a0 </p><p>x</p><hr><p>y</p>") == "x\ny"


def test_text_outside_blocks_is_its_own_block():
    assert canonical_text("loose <p>inside</p> tail") == "loose\ninside\ntail"


@pytest.mark.parametrize("part", ["headline", "standfirst", "caption", "credit"])
def test_plain_parts_are_one_block_normalised_like_the_body(part):
    raw = "  Cafe\u0301\u00a0owner\u00ad’s   <b>view</b>\r\nof the\u200b quay  "
    assert part_text(part, raw) == "Café owner’s <b>view</b> of the quay"
    assert "\n" not in part_text(part, "one\n\ntwo")


def test_the_body_part_is_the_rendered_bodys_canonical_text():
    html = "<p>One</p><p>Two &amp; three</p>"
    assert part_text("body", html) == canonical_text(html) == "One\nTwo & three"


def test_every_part_a_reader_can_report_has_a_text_function():
    assert list(PART_TEXTS) == ["headline", "standfirst", "caption", "credit", "body"]
