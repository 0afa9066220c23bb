import copy
import re
import secrets
import time
import unicodedata

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from newsroom.models import Article, Revision
from newsroom.text import normalise_block

from .models import (
    QUOTE_MAX_LENGTH,
    STANDALONE_NOTE_KINDS,
    TEXT_CHANGE_NOTE_KINDS,
    TEXT_MAX_LENGTH,
    ChangeNote,
    Suggestion,
)

FORM_KEY_SALT = "corrections.suggestion-form.key"
# A form older than this is stale (the reader left the tab open for days): reload it.
FORM_MAX_AGE = 7 * 24 * 3600
# The server issues 32 hex digits; load tests sign labelled keys of their own with the bench
# server's secret (bench/loadgen.py), to find their rows again.
IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9-]{8,64}")
# Control characters a reader cannot type on purpose; newline and tab are fine.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Invisible format characters (Unicode category Cf) that real writing needs: the soft hyphen;
# ZWNJ and ZWJ (Persian, Indic scripts, emoji sequences); the direction marks LRM, RLM and
# ALM, which only settle where punctuation and digits sit in right-to-left text and cannot
# reverse a word; Arabic-script number signs, which are visible. Every other Cf character
# is refused: embeddings, overrides and isolates (U+202A–202E, U+2066–2069) reorder
# letters ("Craig \u202eeromnuD" reads "Craig Dunmore"), the deprecated controls
# U+206A–206F reshape them, and invisible spaces, joiners, annotations and tag characters
# make text that looks the same differ, or hide text.
ALLOWED_FORMAT_CHARACTERS = frozenset(
    "\u00ad\u200c\u200d\u200e\u200f\u061c"
    "\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u08e2\U000110bd\U000110cd"
)
# Tag characters are allowed only where they make a subdivision flag (🏴 + tags + cancel).
EMOJI_FLAG_SEQUENCE = re.compile("\U0001f3f4[\U000e0020-\U000e007e]{1,7}\U000e007f")
# Line and paragraph separators break lines the form cannot show.
MISLEADING_CATEGORIES = frozenset({"Cf", "Zl", "Zp"})
# Browser context is only a hint for telling repeats apart; longer is trimmed, not refused.
BROWSER_CONTEXT_LENGTH = 200


class GroupedNumbers:
    """A too-long message whose numbers are grouped as the page's language writes them
    ("5,000"), as the widget's counter writes them."""

    def __init__(self, message):
        self.message = message

    def __mod__(self, params: dict) -> str:
        count, limit = params["show_value"], params["limit_value"]
        return self.message % {
            "show_value": count,
            "count": number_format(count, force_grouping=True),
            "limit": number_format(limit, force_grouping=True),
        }


# One message, in the reader's words, instead of Django's stock one. Nothing is ever cut:
# the field has no maxlength (a browser would truncate a paste silently); the widget counts.
TOO_LONG = GroupedNumbers(
    ngettext_lazy(
        "This is %(count)s character long and the limit is %(limit)s. "
        "Please shorten it; nothing has been cut.",
        "This is %(count)s characters long and the limit is %(limit)s. "
        "Please shorten it; nothing has been cut.",
        "show_value",
    )
)
QUOTE_TOO_LONG = GroupedNumbers(
    ngettext_lazy(
        "The passage is %(count)s character long and the limit is %(limit)s. "
        "Please choose just the words that are wrong.",
        "The passage is %(count)s characters long and the limit is %(limit)s. "
        "Please choose just the words that are wrong.",
        "show_value",
    )
)
# "A letter or two": at most this many characters differ between the quote and the
# replacement (after their common start and end) for the kind to be taken as a typo.
TYPO_MAX_CHANGED = 2
DIGITS = re.compile(r"\d")


def looks_like_typo(quote: str, replacement: str) -> bool:
    """Whether the replacement fixes a letter or two of the quote (a figure is never a typo).

    static/corrections/widget.js applies the same rule as the reader types.
    """
    if not quote or not replacement or quote == replacement:
        return False
    start = 0
    while start < min(len(quote), len(replacement)) and quote[start] == replacement[start]:
        start += 1
    end = 0
    while (
        end < min(len(quote), len(replacement)) - start and quote[-1 - end] == replacement[-1 - end]
    ):
        end += 1
    removed = quote[start : len(quote) - end]
    added = replacement[start : len(replacement) - end]
    return max(len(removed), len(added)) <= TYPO_MAX_CHANGED and not DIGITS.search(removed + added)


class ReaderText(forms.CharField):
    """A text a reader typed: the browser sends each newline as CRLF, the widget's counter
    counts one character; the limit is checked on the text as the reader sees it."""

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("\r\n", "\n")
        return super().to_python(value)


def form_key_issue(*, article_id: int, now: float | None = None) -> str:
    """The key of one issued suggestion form: a fresh random key, its article and the time.

    Signed together, so a key works only for the form it came with: it cannot be made up,
    moved to another article, or re-dated. The random part is the idempotency key stored
    with the suggestion, so one issued form makes at most one suggestion, and a retry of
    it (after a network error or an outage) finds the one it made.
    """
    payload = {
        "a": article_id,
        "t": time.time() if now is None else now,
        "k": secrets.token_hex(16),
    }
    return signing.dumps(payload, salt=FORM_KEY_SALT)


def misleading_characters(value: str) -> list[str]:
    """The invisible characters in `value` that can change how it reads."""
    value = EMOJI_FLAG_SEQUENCE.sub("", value)
    return [
        character
        for character in value
        if unicodedata.category(character) in MISLEADING_CATEGORIES
        and character not in ALLOWED_FORMAT_CHARACTERS
    ]


def strip_misleading_characters(value: str) -> str:
    found = set(misleading_characters(value))
    return "".join(character for character in value if character not in found)


def _no_misleading_characters(value: str) -> None:
    if misleading_characters(value):
        raise forms.ValidationError(
            _(
                "This contains invisible characters that change how text reads (such as "
                "direction overrides); please remove them and try again."
            ),
            code="misleading_characters",
        )


def _no_control_characters(value: str) -> None:
    if CONTROL_CHARACTERS.search(value):
        raise forms.ValidationError(
            _("This contains invisible control characters; please remove them and try again."),
            code="control_characters",
        )


class _FieldsSharedByForms(dict):
    """A form class's fields, shared by every form made from it instead of copied.

    Django deep-copies every field of a form, with its widget, choices, validators and
    messages, for each form it makes; even a shallow copy of each was a fifth of the
    validation of a reader's POST. Each form gets its own dict (it may delete or add
    fields) holding the class's field objects: a form that changes a field itself (a help
    text, say) copies that field first, so no other form sees the change.
    """

    def __deepcopy__(self, memo):
        return dict(self)


def fields_shared_by_forms(form_class):
    """Class decorator: see `_FieldsSharedByForms`. No maxlength in the page, where a browser
    would cut a longer paste without a word: the widget counts to `data-limit` instead."""
    for field in form_class.base_fields.values():
        if "maxlength" in field.widget.attrs:
            field.widget.attrs["data-limit"] = field.widget.attrs.pop("maxlength")
    form_class.base_fields = _FieldsSharedByForms(form_class.base_fields)
    return form_class


@fields_shared_by_forms
class SuggestionForm(forms.Form):
    """What a reader sends about a passage of an article (or the article as a whole)."""

    replacement = ReaderText(
        label=_("Suggested correction"),
        help_text=_("Edit the words so they read as they should. Optional if you explain below."),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[_no_control_characters, _no_misleading_characters],
        error_messages={"max_length": TOO_LONG},
    )
    explanation = ReaderText(
        label=_("What is wrong?"),
        help_text=_("Needed unless you suggest a correction above."),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[_no_control_characters, _no_misleading_characters],
        error_messages={"max_length": TOO_LONG},
    )
    source_url = forms.URLField(
        label=_("Source link"),
        help_text=_("For a factual error: where can we check it? Optional."),
        max_length=500,
        required=False,
        assume_scheme="https",
        validators=[_no_control_characters, _no_misleading_characters],
        error_messages={"max_length": TOO_LONG},
    )
    # No default: a hurried reader would file a factual error as a typo. A typo is inferred
    # when the replacement fixes a letter or two (clean()), so a plain typo needs no choice.
    kind = forms.ChoiceField(
        label=_("Kind of problem"),
        choices=[("", _("Choose one")), *Suggestion.Kind.choices],
        required=False,
    )
    email = forms.EmailField(
        label=_("Your email (optional)"),
        max_length=Suggestion._meta.get_field("email").max_length,
        help_text=_("Only used to tell you what happens; never published."),
        required=False,
        validators=[_no_control_characters, _no_misleading_characters],
        error_messages={"max_length": TOO_LONG},
    )
    notify_consent = forms.BooleanField(
        label=_("Tell me by email what the editors decide"), required=False
    )

    article = forms.IntegerField(widget=forms.HiddenInput)
    revision = forms.IntegerField(widget=forms.HiddenInput)
    quote = ReaderText(
        label=_("The words that are wrong (optional)"),
        help_text=_("Copy them from the article, so we find the right place."),
        max_length=QUOTE_MAX_LENGTH,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[_no_control_characters, _no_misleading_characters],
        error_messages={"max_length": QUOTE_TOO_LONG},
    )
    # Where the quote is; shown as a choice on the page without JavaScript, hidden in the
    # dialog (the widget knows where the selection was). Missing means the body, as before
    # readers could select anything else.
    part = forms.TypedChoiceField(
        label=_("Where are these words?"),
        choices=Suggestion.Part.choices,
        initial=Suggestion.Part.BODY,
        empty_value=Suggestion.Part.BODY,
        required=False,
        error_messages={
            "invalid_choice": _(
                "We could not tell which part of the article these words are in. Please "
                "reload the page and try again."
            )
        },
    )
    prefix = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    suffix = forms.CharField(required=False, strip=False, widget=forms.HiddenInput)
    start = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    end = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    input_method = forms.ChoiceField(
        choices=Suggestion.InputMethod.choices,
        initial=Suggestion.InputMethod.FORM,
        widget=forms.HiddenInput,
    )
    # Issued by the server with the form (form_key_issue); the reader's browser sends it back.
    idempotency_key = forms.CharField(max_length=300, widget=forms.HiddenInput)
    # Honeypot: hidden from people (CSS and aria-hidden), filled in by naive bots.
    website = forms.CharField(
        label=_("Leave this empty"),
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    error_messages = {
        "hidden": _(
            "Part of this form was missing or damaged, so we could not read your suggestion. "
            "Please reload the page and try again."
        ),
        "stale_revision": _(
            "We could not find the version of the article you were reading. "
            "Please reload the article and try again."
        ),
        "other_article": _("This form belongs to another article. Please reload the page."),
        "stale_form": _("This form is too old. Please reload the page and try again."),
        "too_quick": _("That was quicker than a person types; please try again."),
        "no_kind": _("Choose what kind of problem this is."),
        "email_without_consent": _(
            "You gave an email address but did not tick the box below, so we would not "
            "write to you. Tick it to hear what the editors decide, or clear the address."
        ),
    }

    def __init__(
        self,
        *args,
        article: Article,
        whole_article: bool = False,
        revision: Revision | None = None,
        **kwargs,
    ):
        """``whole_article``: the dialog opened without a passage, so there are no words to
        rewrite; the form asks only what is wrong. ``revision``: the one the view already
        read with the article (one query for both), checked again in ``clean_revision``."""
        if not (args or kwargs.get("data")):
            # Only a form being shown needs a freshly signed key; a POSTed one carries its
            # own, so signing a new one on every POST would be wasted.
            kwargs.setdefault(
                "initial",
                {
                    "article": article.pk,
                    "revision": article.current_revision_id,
                    "idempotency_key": form_key_issue(article_id=article.pk),
                },
            )
        super().__init__(*args, **kwargs)
        self.article = article
        self.whole_article = whole_article
        self.min_submit_seconds = settings.CORRECTIONS_MIN_SUBMIT_SECONDS
        if whole_article:
            del self.fields["replacement"]
            # Shared with every other form (_FieldsSharedByForms): changed on a copy.
            self.fields["explanation"] = copy.copy(self.fields["explanation"])
            self.fields["explanation"].help_text = _(
                "Tell us what is wrong and where in the article."
            )
        self.revision: Revision | None = revision

    def clean_prefix(self) -> str:
        value = strip_misleading_characters(CONTROL_CHARACTERS.sub("", self.cleaned_data["prefix"]))
        return value[-BROWSER_CONTEXT_LENGTH:]

    def clean_suffix(self) -> str:
        value = strip_misleading_characters(CONTROL_CHARACTERS.sub("", self.cleaned_data["suffix"]))
        return value[:BROWSER_CONTEXT_LENGTH]

    def clean_quote(self) -> str:
        # A quote pasted into the form without JavaScript carries whatever the reader's
        # program copied (NBSP, soft hyphens, blank lines between paragraphs); normalise it
        # as the canonical text is, one line per block. The widget's quotes are unchanged.
        lines = self.cleaned_data["quote"].replace("\r\n", "\n").replace("\r", "\n")
        return "\n".join(filter(None, map(normalise_block, lines.split("\n"))))

    def clean_article(self) -> int:
        if self.cleaned_data["article"] != self.article.pk:
            raise forms.ValidationError(self.error_messages["other_article"])
        return self.cleaned_data["article"]

    def clean_revision(self) -> int:
        revision_id = self.cleaned_data["revision"]
        if (
            self.revision is not None
            and self.revision.pk == revision_id
            and self.revision.article_id == self.article.pk
        ):
            return revision_id
        # Only the article's own revisions: an id from another article is as unknown as none.
        self.revision = (
            Revision.objects.filter(pk=revision_id, article=self.article)
            .only(
                "pk",
                "article_id",
                "title",
                "standfirst",
                "canonical_text",
                "lead_image_caption",
                "lead_image_credit",
            )
            .first()
        )
        if self.revision is None:
            raise forms.ValidationError(self.error_messages["stale_revision"])
        return revision_id

    def clean_idempotency_key(self) -> str:
        """The random key inside the issued form's signed key, once the key checks out.

        Every refusal is decided from the signed key alone, before any lookup, so it tells
        nothing about whether a key was ever used.
        """
        try:
            issued = signing.loads(
                self.cleaned_data["idempotency_key"], salt=FORM_KEY_SALT, max_age=FORM_MAX_AGE
            )
        except signing.BadSignature:
            raise forms.ValidationError(self.error_messages["stale_form"]) from None
        if (
            not isinstance(issued, dict)
            or not isinstance(issued.get("t"), int | float)
            or not isinstance(issued.get("k"), str)
            or not IDEMPOTENCY_KEY.fullmatch(issued["k"])
        ):
            raise forms.ValidationError(self.error_messages["stale_form"])
        if issued.get("a") != self.article.pk:
            raise forms.ValidationError(self.error_messages["other_article"])
        if time.time() - issued["t"] > FORM_MAX_AGE:
            raise forms.ValidationError(self.error_messages["stale_form"])
        if time.time() - issued["t"] < settings.CORRECTIONS_MIN_SUBMIT_SECONDS:
            raise forms.ValidationError(self.error_messages["too_quick"], code="too_quick")
        return issued["k"]

    def clean(self):
        data = super().clean()
        quote = data.get("quote", "")
        # The widget starts the replacement from the quote; left as it was, it suggests nothing.
        if data.get("replacement", "") == quote or not data.get("replacement", "").strip():
            data["replacement"] = ""
        # A text already refused (too long, say) is not also reported as missing.
        if not ({"replacement", "explanation"} & self.errors.keys()) and not (
            data["replacement"] or data.get("explanation")
        ):
            self.add_error(
                "explanation",
                _("Write what is wrong before sending.")
                if self.whole_article
                else _("Tell us what is wrong, or suggest a correction above."),
            )
        if not data.get("kind") and "kind" not in self.errors:
            if looks_like_typo(quote, data["replacement"]):
                data["kind"] = Suggestion.Kind.TYPO
            else:
                self.add_error("kind", self.error_messages["no_kind"])
        if data.get("notify_consent") and not data.get("email") and "email" not in self.errors:
            self.add_error(
                "email",
                _("Give an email address so we can tell you the outcome, or untick the box."),
            )
        if data.get("email") and not data.get("notify_consent"):
            self.add_error("email", self.error_messages["email_without_consent"])
        return data

    @property
    def hidden_errors(self) -> list[str]:
        """Errors on hidden fields, in words a reader can act on (they cannot see the field)."""
        ours = {str(message) for message in self.error_messages.values()}
        messages = []
        for field in self.hidden_fields():
            for error in field.errors:
                message = error if error in ours else str(self.error_messages["hidden"])
                if message not in messages:
                    messages.append(message)
        return messages

    @property
    def is_honeypot_filled(self) -> bool:
        return bool(self.data.get("website"))


class StandardsForm(forms.Form):
    """What the standards dashboard shows: a period, and optionally one section or kind.

    Read from the query string, so a view of the figures can be bookmarked and shared.
    """

    days = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        required=False,
        choices=[(7, _("Last 7 days")), (30, _("Last 30 days")), (90, _("Last 90 days"))],
    )
    section = forms.TypedChoiceField(label=_("Section"), coerce=int, required=False)
    kind = forms.ChoiceField(
        label=_("Kind of report"),
        required=False,
        choices=[("", _("All kinds")), *Suggestion.Kind.choices],
    )

    def __init__(self, *args, sections, **kwargs):
        # The sections the dashboard reads anyway: no query of the form's own.
        super().__init__(*args, **kwargs)
        self.sections = {section.pk: section for section in sections}
        self.fields["section"].choices = [
            ("", _("All sections")),
            *((section.pk, section.name) for section in sections),
        ]

    def clean_section(self):
        pk = self.cleaned_data["section"]
        return self.sections[pk] if pk not in ("", None) else None


# --------------------------------------------------------------------------- the editors' desk
# Decision forms of the desk (corrections/admin.py); each decision is one service call.


def _note_kind_choices(kinds) -> list[tuple[str, str]]:
    return [(value, label) for value, label in ChangeNote.Kind.choices if value in kinds]


class GroupDecisionForm(forms.Form):
    group = forms.BooleanField(
        label=_("Decide the whole group (every open suggestion on this passage)"),
        required=False,
        initial=True,
    )


class AcceptForm(GroupDecisionForm):
    """Accept with a note; a correction or minor fix only together with the fix itself."""

    apply_replacement = forms.BooleanField(
        label=_("Apply the suggested replacement to the article text (creates a revision)"),
        required=False,
    )
    note_kind = forms.ChoiceField(label=_("Kind of change note"), choices=ChangeNote.Kind.choices)
    note_text = forms.CharField(
        label=_("Public text of the note"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        max_length=TEXT_MAX_LENGTH,
    )
    field_order = ["apply_replacement", "note_kind", "note_text", "group"]

    def __init__(
        self, *args, applicable: bool = True, single: bool = True, correction_draft="", **kwargs
    ):
        super().__init__(*args, **kwargs)
        # The prefilled text of a correction says the text was corrected: wrong without a fix.
        self.correction_draft = correction_draft.strip()
        if not (applicable and single):
            # Nothing can be applied from here: only notes that may stand alone.
            del self.fields["apply_replacement"]
            self.fields["note_kind"].choices = _note_kind_choices(STANDALONE_NOTE_KINDS)
        if not single:
            del self.fields["group"]

    def clean(self):
        data = super().clean()
        applies = data.get("apply_replacement", False)
        if data.get("note_kind") in TEXT_CHANGE_NOTE_KINDS and not applies:
            self.add_error(
                "note_kind",
                _(
                    "A correction or minor fix says the text was changed: apply the "
                    "replacement, or edit the article with this suggestion. Otherwise "
                    "choose a clarification, an editor’s note or an update."
                ),
            )
        elif (
            not applies
            and self.correction_draft
            and data.get("note_text", "").strip() == self.correction_draft
        ):
            self.add_error(
                "note_text",
                _("The note says the text was corrected, but nothing is applied: reword it."),
            )
        return data


class RejectForm(GroupDecisionForm):
    reason = forms.CharField(
        label=_("Reason shown to the reader"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        max_length=TEXT_MAX_LENGTH,
    )
    field_order = ["reason", "group"]

    def __init__(self, *args, single: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not single:
            del self.fields["group"]


class DuplicateForm(forms.Form):
    original = forms.ModelChoiceField(
        label=_("Original suggestion"), queryset=Suggestion.objects.none()
    )

    def __init__(self, *args, suggestion: Suggestion, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["original"].queryset = (
            Suggestion.objects.filter(article_id=suggestion.article_id)
            .exclude(pk=suggestion.pk)
            .order_by("created_at")
        )


class ChangeNoteForm(forms.ModelForm):
    """A note written by hand, with no text change: only the kinds that may stand alone."""

    class Meta:
        model = ChangeNote
        fields = ["article", "kind", "text"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "kind" not in self.fields:
            return  # a published note, shown read-only
        self.fields["kind"].choices = _note_kind_choices(STANDALONE_NOTE_KINDS)
        self.fields["kind"].help_text = _(
            "A correction or minor fix is published with the edit it describes, from the "
            "article’s own form."
        )


class ArticleChangeForm(forms.ModelForm):
    """An article form that refuses silent edits of a published text.

    The rule itself is ``services.article_revise_check``; this form only shows its verdict
    next to the field to fix. With ``resolves`` the edit also accepts a reader's suggestion
    (and its group) with the note, in the same step.
    """

    NO_NOTE = ""
    change_kind = forms.ChoiceField(
        label=_("What kind of change is this?"),
        required=False,
        choices=[(NO_NOTE, "—"), *ChangeNote.Kind.choices],
        help_text=_(
            "Required when anything readers see of a published article changes: headline, "
            "standfirst, text, byline, section, or the picture, its caption, credit or "
            "description. "
            "A minor fix (typos) is listed only in the changelog; every other kind is shown "
            "on the article."
        ),
    )
    change_note_text = forms.CharField(
        label=_("Public text of the change note"),
        required=False,
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Optional for a minor fix."),
    )
    resolves = forms.ModelChoiceField(
        queryset=Suggestion.objects.open(), required=False, widget=forms.HiddenInput
    )
    editor = None
    # Set by the desk when the edit resolves a reader's suggestion: kind, draft, suggestion.
    desk_initial = None

    class Meta:
        model = Article
        # The admin passes the fields of its fieldsets; these are the ones this form reads.
        fields = ["title", "standfirst", "body", "status"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.desk_initial and not self.is_bound:
            self.initial.update(self.desk_initial)

    def _post_clean(self):
        super()._post_clean()
        from .services import RevisionRefused, article_revise_check

        if self.errors:
            return
        suggestion = self.cleaned_data.get("resolves")
        if suggestion is not None and suggestion.article_id != self.instance.pk:
            self.add_error("resolves", _("That suggestion is about another article."))
            return
        try:
            article_revise_check(
                article=self.instance,
                editor=self.editor,
                change_kind=self.cleaned_data.get("change_kind", ""),
                note_text=self.cleaned_data.get("change_note_text", ""),
                authors=self.cleaned_data.get("authors"),
            )
        except RevisionRefused as refused:
            self.add_error(refused.field, str(refused))
