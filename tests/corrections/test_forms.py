import re
import time

import pytest

from corrections.forms import SuggestionForm, form_key_issue, looks_like_typo
from factories import issued_form_key, make_article

pytestmark = pytest.mark.django_db


def valid_data(article, /, **changes):
    data = {
        "article": article.pk,
        "revision": article.current_revision_id,
        "quote": "harbour wall",
        "explanation": "It is the sea wall.",
        "kind": "typo",
        "input_method": "keyboard",
        "idempotency_key": issued_form_key(article, age=60),
    }
    return data | changes


def form_for(article, /, **changes):
    form = SuggestionForm(valid_data(article, **changes), article=article)
    form.is_valid()
    return form


def test_a_complete_suggestion_is_valid_and_finds_its_revision():
    article = make_article()
    form = form_for(article)
    assert form.errors == {}
    assert form.revision == article.current_revision


def test_an_explanation_is_needed_unless_a_correction_is_suggested():
    article = make_article()
    assert "explanation" in form_for(article, explanation="").errors
    assert form_for(article, explanation="", replacement="sea wall").errors == {}


def test_consent_needs_an_email():
    article = make_article()
    form = form_for(article, notify_consent="on")
    assert "Give an email address" in form.errors["email"][0]
    assert form_for(article, notify_consent="on", email="r@example.org").errors == {}


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("quote", "x" * 1001),
        ("explanation", "x" * 2001),
        ("replacement", "x" * 2001),
        ("source_url", "not a link at all"),
        ("email", "not-an-email"),
        ("kind", "rant"),
        ("explanation", "bell\x07"),
        ("explanation", "nul\x00byte"),
        ("quote", "escape\x1b[31m"),
    ],
)
def test_bad_values_are_refused_with_a_message(field, value):
    article = make_article()
    form = form_for(article, **{field: value})
    assert field in form.errors
    assert all(len(message) > 10 for message in form.errors[field])


def test_newlines_and_tabs_are_fine():
    article = make_article()
    assert form_for(article, explanation="Line one\n\tLine two").errors == {}


def test_a_revision_of_another_article_is_unknown():
    article, other = make_article(), make_article()
    form = form_for(article, revision=other.current_revision_id)
    assert "could not find the version" in form.hidden_errors[0]


def test_a_form_for_another_article_is_refused():
    article, other = make_article(), make_article()
    form = SuggestionForm(valid_data(article, article=other.pk), article=article)
    assert not form.is_valid()
    assert "another article" in form.hidden_errors[0]


def test_a_form_sent_quicker_than_a_person_types_is_refused(settings):
    settings.CORRECTIONS_MIN_SUBMIT_SECONDS = 3
    article = make_article()
    form = form_for(article, idempotency_key=issued_form_key(article, age=1))
    assert form.hidden_errors == ["That was quicker than a person types; please try again."]
    assert form_for(article, idempotency_key=issued_form_key(article, age=4)).errors == {}


def test_a_form_older_than_a_week_is_refused():
    article = make_article()
    form = form_for(article, idempotency_key=issued_form_key(article, age=8 * 24 * 3600))
    assert form.hidden_errors == ["This form is too old. Please reload the page and try again."]


def test_the_issued_key_is_what_is_stored_and_every_form_gets_its_own(settings):
    settings.CORRECTIONS_MIN_SUBMIT_SECONDS = 0
    article = make_article()
    first, second = SuggestionForm(article=article), SuggestionForm(article=article)
    assert first.initial["idempotency_key"] != second.initial["idempotency_key"]
    form = form_for(article, idempotency_key=first.initial["idempotency_key"])
    assert re.fullmatch(r"[0-9a-f]{32}", form.cleaned_data["idempotency_key"])


@pytest.mark.parametrize(
    "key",
    [
        "1700000000",
        "0b6c7a1e-0000-4000-8000-000000000000",  # a key the browser made up
        "",
        "x" * 301,
    ],
)
def test_a_key_the_server_did_not_issue_is_refused(key):
    article = make_article()
    form = form_for(article, idempotency_key=key)
    assert not form.is_valid()
    assert form.hidden_errors
    assert all("reload" in error for error in form.hidden_errors)


def test_a_key_signed_for_something_else_is_refused():
    from django.core import signing

    article = make_article()
    for payload in (
        time.time() - 60,  # the old signed render time alone
        {"a": article.pk, "t": time.time() - 60, "k": "short"},
        {"a": article.pk, "t": "yesterday", "k": "0" * 32},
        [article.pk, time.time() - 60, "0" * 32],
    ):
        key = signing.dumps(payload, salt="corrections.suggestion-form.key")
        assert "too old" in form_for(article, idempotency_key=key).hidden_errors[0], payload
    other_salt = signing.dumps({"a": article.pk, "t": time.time() - 60, "k": "0" * 32})
    assert "too old" in form_for(article, idempotency_key=other_salt).hidden_errors[0]


def test_a_key_issued_for_another_article_is_refused():
    article, other = make_article(), make_article()
    form = form_for(article, idempotency_key=issued_form_key(other))
    assert form.hidden_errors == ["This form belongs to another article. Please reload the page."]


def test_a_re_dated_key_is_refused():
    article = make_article()
    key = form_key_issue(article_id=article.pk)
    head, _, signature = key.rpartition(":")
    tampered = head.replace(head[:5], head[:4] + ("A" if head[4] != "A" else "B"), 1)
    assert (
        "too old" in form_for(article, idempotency_key=f"{tampered}:{signature}").hidden_errors[0]
    )


def test_browser_context_is_trimmed_not_refused():
    article = make_article()
    form = form_for(article, prefix="p" * 500, suffix="s" * 500)
    assert form.errors == {}
    assert len(form.cleaned_data["prefix"]) == len(form.cleaned_data["suffix"]) == 200


def test_a_blank_quote_means_the_whole_article():
    article = make_article()
    assert form_for(article, quote="  \n ").cleaned_data["quote"] == ""


def test_the_honeypot_is_noticed():
    article = make_article()
    assert form_for(article, website="http://spam.example").is_honeypot_filled
    assert not form_for(article).is_honeypot_filled


@pytest.mark.parametrize(
    ("pasted", "expected"),
    [
        ("harbour  wall", "harbour wall"),
        ("harbour\u00a0wall", "harbour wall"),
        ("re\u00adpair", "repair"),
        ("evening.\r\n\r\nCouncillors", "evening.\nCouncillors"),
        ("  \n ", ""),
    ],
)
def test_a_pasted_quote_is_normalised_like_the_canonical_text(pasted, expected):
    form = form_for(make_article(), quote=pasted)
    assert form.cleaned_data["quote"] == expected


def test_an_email_longer_than_the_database_allows_is_a_field_error():
    long_email = "r" * 250 + "@example.org"
    form = form_for(make_article(), email=long_email, notify_consent="on")
    assert "email" in form.errors


@pytest.mark.parametrize(
    ("quote", "replacement", "typo"),
    [
        ("teh", "the", True),
        ("recieve", "receive", True),
        ("harbour wal", "harbour wall", True),
        ("harbourwall", "harbour wall", True),
        ("Kyiv", "Kyїv", True),
        ("£2.4m", "£2.6m", False),
        ("in 1999", "in 1998", False),
        ("٣ ships", "٤ ships", False),
        ("harbour wall", "sea wall", False),
        ("Tuesday", "Monday", False),
        ("teh cat sat on teh mat", "the cat sat on the mat", False),
        ("harbour wall", "harbour wall", False),
        ("", "sea wall", False),
        ("harbour wall", "", False),
    ],
)
def test_a_typo_is_a_letter_or_two_and_never_a_figure(quote, replacement, typo):
    assert looks_like_typo(quote, replacement) is typo


def test_without_a_kind_a_typo_is_inferred_from_a_letter_or_two():
    article = make_article()
    form = form_for(article, kind="", quote="harbour wal", replacement="harbour wall")
    assert form.errors == {}
    assert form.cleaned_data["kind"] == "typo"


@pytest.mark.parametrize(
    "changes",
    [
        {"quote": "£2.4m", "replacement": "£2.6m"},
        {"quote": "harbour wall", "replacement": "sea wall"},
        {"quote": "", "replacement": "", "explanation": "The photo is of another town."},
    ],
    ids=["a figure", "new words", "whole article"],
)
def test_without_a_kind_anything_else_asks_the_reader_to_choose(changes):
    form = form_for(make_article(), kind="", **changes)
    assert form.errors["kind"] == ["Choose what kind of problem this is."]


def test_the_kind_is_not_preset():
    form = SuggestionForm(article=make_article())
    assert form["kind"].value() in {None, ""}
    assert form.fields["kind"].choices[0][0] == ""


@pytest.mark.parametrize(
    ("field", "limit"), [("explanation", 2000), ("replacement", 2000), ("quote", 1000)]
)
def test_a_text_over_the_limit_gets_one_clear_message_and_is_not_cut(field, limit):
    article = make_article()
    changes = {field: "y" * 5000}
    if field == "replacement":
        changes["explanation"] = ""  # the refused replacement is not also "missing"
    form = form_for(article, **changes)
    assert form.errors[field] == [form.errors[field][0]]
    message = form.errors[field][0]
    assert f"is 5,000 characters long and the limit is {limit:,}." in message
    assert "Ensure this value" not in message
    assert "explanation" not in form.errors or field == "explanation"
    assert len(form.errors.as_data()[field]) == 1
    assert form[field].value() == "y" * 5000


def test_no_field_truncates_silently_in_the_browser():
    html = str(SuggestionForm(article=make_article()))
    assert "maxlength" not in html
    assert 'data-limit="2000"' in html
    assert 'data-limit="1000"' in html


def test_what_one_form_changes_of_its_fields_is_its_own():
    article = make_article()
    whole = SuggestionForm(article=article, whole_article=True)
    passage = SuggestionForm(article=article)
    assert "replacement" not in whole.fields and "replacement" in passage.fields
    assert whole.fields["explanation"].help_text != passage.fields["explanation"].help_text
    assert str(passage["explanation"].help_text) == (
        "Needed unless you suggest a correction above."
    )
    # The class's own fields (shared by its forms, not copied for each) are untouched.
    assert "replacement" in SuggestionForm.base_fields
    assert SuggestionForm.base_fields["explanation"].help_text == (
        passage.fields["explanation"].help_text
    )
    # Every form, the first or the hundredth, renders the same limits.
    for _ in range(3):
        html = str(SuggestionForm(article=article))
        assert "maxlength" not in html
        assert html.count('data-limit="2000"') == 2


def test_a_newline_counts_as_one_character_as_the_reader_sees_it():
    article = make_article()
    text = "line\r\n" * 333  # 1,998 characters with CRLF sent as the browser does
    assert form_for(article, explanation=text).errors == {}
    assert form_for(article, explanation=text).cleaned_data["explanation"] == text.replace(
        "\r\n", "\n"
    ).rstrip("\n")


def test_an_email_without_consent_is_refused_not_dropped():
    article = make_article()
    form = form_for(article, email="reader@example.org")
    assert "did not tick the box" in form.errors["email"][0]
    assert form["email"].value() == "reader@example.org"
    assert form_for(article, email="reader@example.org", notify_consent="on").errors == {}


def test_a_replacement_left_as_the_quote_suggests_nothing():
    article = make_article()
    form = form_for(article, replacement="harbour wall", explanation="")
    assert "explanation" in form.errors
    form = form_for(article, replacement="harbour wall", explanation="Which wall?")
    assert form.errors == {}
    assert form.cleaned_data["replacement"] == ""


def test_the_whole_article_form_asks_only_what_is_wrong():
    article = make_article()
    form = SuggestionForm(article=article, whole_article=True)
    assert "replacement" not in form.fields
    assert "above" not in str(form["explanation"].help_text)
    data = valid_data(article, quote="", explanation="", replacement="ignored")
    bound = SuggestionForm(data, article=article, whole_article=True)
    assert not bound.is_valid()
    assert bound.errors["explanation"] == ["Write what is wrong before sending."]


# Characters that change the order or look of text without being seen. The issue's
# example went into the article: "Craig \u202eeromnuD giarC\u202c" reads "Craig Craig Dunmore".
REORDERING = [
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",  # embeddings, overrides, pop
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",  # isolates
    "\u206a",
    "\u206b",
    "\u206c",
    "\u206d",
    "\u206e",
    "\u206f",  # deprecated shaping controls
    "\u200b",
    "\u2060",
    "\u2062",
    "\ufeff",
    "\u180e",  # invisible spaces and operators
    "\ufff9",
    "\ufffb",  # interlinear annotation: hides text
    "\U000e0041",
    "\U000e0001",  # tag characters outside an emoji flag: hidden text
    "\u2028",
    "\u2029",  # line and paragraph separators
]
# Needed by real writing: ZWNJ/ZWJ (Persian, Indic scripts, emoji), the direction marks
# that place punctuation in right-to-left text, the soft hyphen, a subdivision flag.
ALLOWED = [
    "می\u200cخواهم",
    "क्\u200dष",
    "👩\u200d🔬",
    "(שלום)\u200f.",
    "\u200eABC",
    "العدد\u061c 5",
    "news\u00adpaper",
    "🏴\U000e0067\U000e0062\U000e0077\U000e006c\U000e0073\U000e007f Wales",
]
READER_FIELDS = ["quote", "replacement", "explanation"]


@pytest.mark.parametrize("character", REORDERING)
@pytest.mark.parametrize("field", READER_FIELDS)
def test_characters_that_change_how_text_reads_are_refused_with_a_message(field, character):
    article = make_article()
    form = form_for(article, **{field: f"Craig {character}eromnuD giarC"})
    assert "change how text reads" in form.errors[field][0]


def test_the_issues_reversed_name_is_refused():
    article = make_article()
    form = form_for(article, replacement="Craig \u202eeromnuD giarC\u202c")
    assert "change how text reads" in form.errors["replacement"][0]


@pytest.mark.parametrize("character", ["\u202e", "\u2066", "\u200b"])
def test_the_source_link_and_email_refuse_them_too(character):
    article = make_article()
    assert form_for(article, source_url=f"https://example.org/{character}a").errors
    assert form_for(article, email=f"r{character}@example.org", notify_consent="on").errors


@pytest.mark.parametrize("text", ALLOWED)
@pytest.mark.parametrize("field", ["replacement", "explanation"])
def test_characters_that_real_writing_needs_are_kept(field, text):
    article = make_article()
    form = form_for(article, **{field: text})
    assert form.errors == {}
    assert form.cleaned_data[field] == text


def test_browser_context_loses_them_silently():
    # prefix and suffix are the page's own text around the passage, a hint only.
    article = make_article()
    form = form_for(article, prefix="the \u202eharbour", suffix="\u2066wall")
    assert form.errors == {}
    assert form.cleaned_data["prefix"] == "the harbour"
    assert form.cleaned_data["suffix"] == "wall"
