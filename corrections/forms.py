import re
import time
import uuid

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _

from newsroom.models import Article, Revision
from newsroom.text import normalise_block

from .models import QUOTE_MAX_LENGTH, TEXT_MAX_LENGTH, Suggestion

FORM_CLOCK_SALT = "corrections.suggestion-form.rendered-at"
# A form older than this is stale (the reader left the tab open for days): reload it.
FORM_MAX_AGE = 7 * 24 * 3600
# Control characters a reader cannot type on purpose; newline and tab are fine.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Browser context is only a hint for telling repeats apart; longer is trimmed, not refused.
BROWSER_CONTEXT_LENGTH = 200


def form_clock_sign(now: float | None = None) -> str:
    return signing.dumps(time.time() if now is None else now, salt=FORM_CLOCK_SALT)


def _no_control_characters(value: str) -> None:
    if CONTROL_CHARACTERS.search(value):
        raise forms.ValidationError(
            _("This contains invisible control characters; please remove them and try again."),
            code="control_characters",
        )


class SuggestionForm(forms.Form):
    """What a reader sends about a passage of an article (or the article as a whole)."""

    replacement = forms.CharField(
        label=_("Suggested correction"),
        help_text=_("How the passage should read. Optional if you explain below."),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[_no_control_characters],
    )
    explanation = forms.CharField(
        label=_("What is wrong?"),
        help_text=_("Needed unless you suggest a correction above."),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[_no_control_characters],
    )
    source_url = forms.URLField(
        label=_("Source link"),
        help_text=_("For a factual error: where can we check it? Optional."),
        max_length=500,
        required=False,
        assume_scheme="https",
        validators=[_no_control_characters],
    )
    kind = forms.ChoiceField(
        label=_("Kind of problem"), choices=Suggestion.Kind.choices, initial=Suggestion.Kind.TYPO
    )
    email = forms.EmailField(
        label=_("Your email (optional)"),
        max_length=Suggestion._meta.get_field("email").max_length,
        help_text=_("Only used to tell you what happens; never published."),
        required=False,
        validators=[_no_control_characters],
    )
    notify_consent = forms.BooleanField(
        label=_("Tell me by email what the editors decide"), required=False
    )

    article = forms.IntegerField(widget=forms.HiddenInput)
    revision = forms.IntegerField(widget=forms.HiddenInput)
    quote = forms.CharField(
        label=_("The words that are wrong (optional)"),
        help_text=_("Copy them from the article, so we find the right place."),
        max_length=QUOTE_MAX_LENGTH,
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        validators=[_no_control_characters],
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
    idempotency_key = forms.RegexField(
        regex=r"^[A-Za-z0-9-]{8,64}$", required=False, widget=forms.HiddenInput
    )
    rendered_at = forms.CharField(widget=forms.HiddenInput)
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
    }

    def __init__(self, *args, article: Article, revision: Revision | None = None, **kwargs):
        if not (args or kwargs.get("data")):
            # Only a form being shown needs a signed clock and a fresh key; a POSTed one
            # carries its own, so signing them again on every POST would be wasted.
            kwargs.setdefault(
                "initial",
                {
                    "article": article.pk,
                    "revision": article.current_revision_id,
                    "rendered_at": form_clock_sign(),
                    "idempotency_key": uuid.uuid4().hex,
                },
            )
        super().__init__(*args, **kwargs)
        self.article = article
        # The revision the view already read with the article (one query for both).
        self.revision: Revision | None = revision

    def clean_prefix(self) -> str:
        value = CONTROL_CHARACTERS.sub("", self.cleaned_data["prefix"])
        return value[-BROWSER_CONTEXT_LENGTH:]

    def clean_suffix(self) -> str:
        value = CONTROL_CHARACTERS.sub("", self.cleaned_data["suffix"])
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
            .only("pk", "article_id", "canonical_text")
            .first()
        )
        if self.revision is None:
            raise forms.ValidationError(self.error_messages["stale_revision"])
        return revision_id

    def clean_rendered_at(self) -> float:
        try:
            rendered_at = signing.loads(
                self.cleaned_data["rendered_at"], salt=FORM_CLOCK_SALT, max_age=FORM_MAX_AGE
            )
        except signing.BadSignature:
            raise forms.ValidationError(self.error_messages["stale_form"]) from None
        if not isinstance(rendered_at, int | float):
            raise forms.ValidationError(self.error_messages["stale_form"])
        if time.time() - rendered_at < settings.CORRECTIONS_MIN_SUBMIT_SECONDS:
            raise forms.ValidationError(self.error_messages["too_quick"], code="too_quick")
        return rendered_at

    def clean(self):
        data = super().clean()
        if not data.get("replacement", "").strip() and not data.get("explanation"):
            self.add_error(
                "explanation",
                _("Tell us what is wrong, or suggest a correction above."),
            )
        if data.get("notify_consent") and not data.get("email"):
            self.add_error(
                "email",
                _("Give an email address so we can tell you the outcome, or untick the box."),
            )
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
