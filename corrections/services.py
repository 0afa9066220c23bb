"""State changes of suggestions and change notes: one function per step.

Every function here is called by views, the admin, commands and tests alike. A reader's
report arrives through `suggestion_submit`; each editor's decision checks the editor's
permission, refuses a transition the workflow does not allow, runs in one transaction
(all or nothing), and enqueues notifications only once that transaction has committed.
"""

from __future__ import annotations

import difflib
import hashlib
import ipaddress
import re
import unicodedata
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, router, transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from newsroom.diffing import diff_html
from newsroom.markdown import render_markdown
from newsroom.models import PART_FIELDS, Article, Author, Revision
from newsroom.prepared import Condition, ConditionFailed, PreparedInsert, atomic_checked
from newsroom.services import article_byline, article_save, article_visible_change
from newsroom.text import normalise_block

from . import anchoring
from .models import (
    CONTEXT_MAX_LENGTH,
    KIND_RANK,
    LEAST_SERIOUS,
    SPANNED_STATES,
    TEXT_CHANGE_NOTE_KINDS,
    ChangeNote,
    Suggestion,
)
from .permissions import PUBLISH_NOTE_PERMISSION, REVIEW_PERMISSION
from .ratelimits import RateLimited, rate_limits_hit, rate_limits_refund

# How alike a quote and its replacement are when the change is only a matter of spelling.
SPELLING_FIX_SIMILARITY = 0.75


class InvalidTransition(Exception):
    """A decision the workflow does not allow (e.g. deciding an already decided suggestion)."""


class ReplacementNotApplicable(Exception):
    """The suggested replacement cannot be applied to the article text automatically."""


class DishonestRecord(Exception):
    """A note that would claim a change the text never got (or a change with no note)."""


class RevisionRefused(Exception):
    """An article edit the no-silent-edits rule refuses; ``field`` names what to fix."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def _require(user, permission: str) -> None:
    if user is None or not user.is_active or not user.has_perm(permission):
        raise PermissionDenied(_("You are not allowed to do this."))


def _require_open(suggestions: Iterable[Suggestion]) -> None:
    for suggestion in suggestions:
        if suggestion.status != Suggestion.Status.NEW:
            raise InvalidTransition(
                _("Suggestion %(id)s was already decided (%(status)s); only new ones can be.")
                % {"id": suggestion.pk, "status": suggestion.get_status_display()}
            )


def _lock(suggestions: Iterable[Suggestion]) -> list[Suggestion]:
    """Re-read the suggestions under a row lock, so two editors cannot decide one twice."""
    ids = [suggestion.pk for suggestion in suggestions]
    locked = list(Suggestion.objects.select_for_update().filter(pk__in=ids).order_by("pk"))
    if len(locked) != len(set(ids)):
        raise InvalidTransition(_("A suggestion no longer exists."))
    return locked


def _notify_readers(suggestions: Iterable[Suggestion]) -> None:
    from .tasks import notify_reader_decision

    for suggestion in suggestions:
        if suggestion.email and suggestion.notify_consent:
            transaction.on_commit(
                lambda pk=suggestion.pk: notify_reader_decision.enqueue(pk), robust=True
            )


def suggestion_created(suggestion: Suggestion) -> None:
    """Tell the authors and the desk about a new suggestion, once it is committed.

    The reader flow calls this right after it has stored a new suggestion (inside or
    outside a transaction: the email task is enqueued only after the commit).
    """
    from .tasks import notify_new_suggestion

    transaction.on_commit(lambda: notify_new_suggestion.enqueue(suggestion.pk), robust=True)


def _save_with_notice(suggestion: Suggestion, *, savepoint: bool = True, only_if=None) -> None:
    """Store a new suggestion with its new-suggestion email enqueued: both or neither.

    A task queue kept in this database takes the task in the suggestion's own commit; ours
    writes both rows in one statement (one round trip on PostgreSQL, see
    newsroom/task_backends.py). Any other backend (one that runs the task at once, or a
    queue elsewhere) is given the task only after the commit, as `suggestion_created` does.
    ``only_if``: a `Condition` for the write (see `DatabaseBackend.save_and_enqueue`).
    """
    from django_tasks_db.backend import DatabaseBackend as StoredTasksBackend
    from django_tasks_db.models import DBTaskResult

    from newsroom.task_backends import DatabaseBackend

    from .tasks import notify_new_suggestion

    backend = notify_new_suggestion.get_backend()
    stored_here = isinstance(backend, StoredTasksBackend) and router.db_for_write(
        DBTaskResult
    ) == router.db_for_write(Suggestion)
    if stored_here and isinstance(backend, DatabaseBackend):
        backend.save_and_enqueue(
            notify_new_suggestion,
            SUGGESTION_INSERT,
            suggestion,
            savepoint=savepoint,
            only_if=only_if,
        )
        return
    using = router.db_for_write(Suggestion, instance=suggestion)
    with atomic_checked(only_if, using=using, savepoint=savepoint):
        SUGGESTION_INSERT.save(suggestion, using=using)
        if stored_here:
            notify_new_suggestion.enqueue(suggestion.pk)
        else:
            suggestion_created(suggestion)


# --------------------------------------------------------------------------- groups


def suggestion_groups_refresh(*, article_id: int) -> None:
    """Regroup the open suggestions of one article by the passages they overlap.

    Spans are compared in their anchor revision (re-anchoring moves every open suggestion
    of an article to its newest one) and their part (offsets count in the part's text).
    Overlap chains form one group, led by its first report; the lead carries the group's
    size and its most serious kind for the queue.
    """
    members = list(
        Suggestion.objects.open()
        .filter(article_id=article_id)
        .only(
            "pk", "kind", "created_at", "part", "anchor_state", "anchor_revision_id",
            "anchor_start", "anchor_end", "group_lead_id", "group_size", "group_rank",
        )
    )  # fmt: skip
    spanned = sorted(
        (m for m in members if m.is_spanned),
        key=lambda m: (m.anchor_revision_id, m.part, m.anchor_start, m.anchor_end),
    )
    groups: list[list[Suggestion]] = []
    reach = None
    for member in spanned:
        text = (member.anchor_revision_id, member.part)
        if reach is not None and reach[0] == text and member.anchor_start < reach[1]:
            groups[-1].append(member)
            reach = (text, max(reach[1], member.anchor_end))
        else:
            groups.append([member])
            reach = (text, member.anchor_end)
    grouped = {m.pk for m in spanned}
    groups += [[m] for m in members if m.pk not in grouped]
    changed = []
    for group in groups:
        lead = min(group, key=lambda m: (m.created_at, m.pk))
        rank = _group_rank(m.kind for m in group)
        for member in group:
            wanted = (None, len(group), rank) if member is lead else (lead.pk, 1, LEAST_SERIOUS)
            if (member.group_lead_id, member.group_size, member.group_rank) != wanted:
                member.group_lead_id, member.group_size, member.group_rank = wanted
                changed.append(member)
    Suggestion.objects.bulk_update(changed, ["group_lead", "group_size", "group_rank"])


def _group_rank(kinds) -> int:
    """A group's place in the queue: its most serious kind's (factual errors first)."""
    return min(KIND_RANK.get(kind, LEAST_SERIOUS) for kind in kinds)


def suggestion_group(suggestion: Suggestion) -> QuerySet[Suggestion]:
    """The open suggestions on the same passage as ``suggestion`` (itself included)."""
    return Suggestion.objects.group_of(suggestion)


def suggestion_group_open(suggestion: Suggestion) -> list[Suggestion]:
    """The open members of a suggestion's group, the suggestion itself first."""
    members = list(suggestion_group(suggestion).open())
    return [suggestion, *(member for member in members if member.pk != suggestion.pk)]


def _members(suggestion: Suggestion, *, group: bool) -> list[Suggestion]:
    return suggestion_group_open(suggestion) if group else [suggestion]


def _regroup(suggestions: Iterable[Suggestion]) -> None:
    for article_id in sorted({suggestion.article_id for suggestion in suggestions}):
        suggestion_groups_refresh(article_id=article_id)


# --------------------------------------------------------------------------- notes


def change_note_publish(
    *,
    article: Article,
    editor,
    kind: str,
    text: str,
    revision_before: Revision | None = None,
    revision_after: Revision | None = None,
) -> ChangeNote:
    """Publish a change note on an article (the record of what changed and why)."""
    _require(editor, PUBLISH_NOTE_PERMISSION)
    if kind not in ChangeNote.Kind.values:
        raise ValueError(f"unknown change note kind {kind!r}")
    text = text.strip()
    if not text:
        raise ValueError(_("A change note needs a public text."))
    changed_text = (
        revision_before is not None
        and revision_after is not None
        and revision_before.pk != revision_after.pk
    )
    if kind in TEXT_CHANGE_NOTE_KINDS and not changed_text:
        raise DishonestRecord(
            _(
                "A %(kind)s is published only with the revision that changes the text. Apply "
                "the fix or edit the article; a clarification, editor’s note or update may "
                "stand alone."
            )
            % {"kind": ChangeNote.Kind(kind).label.lower()}
        )
    with transaction.atomic():
        return ChangeNote.objects.create(
            article=article,
            kind=kind,
            text=text,
            editor=editor,
            revision_before=revision_before,
            revision_after=revision_after or article.current_revision,
        )


# --------------------------------------------------------------------------- apply a fix


# Markdown that starts a block when it begins a line: headings, quotes, lists, fences,
# tables, thematic breaks and setext underlines.
BLOCK_MARKER = re.compile(
    r"^(?:#{1,6}(?:\s|$)|>|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|`{3}|~{3}|\|"
    r"|=+\s*$|-{3,}\s*$|_{3,}\s*$|\*{3,}\s*$)"
)
RAW_HTML = re.compile(r"<[A-Za-z/!?]")
LINE_BREAKS = re.compile(r"[\n\r\v\f\x85\u2028\u2029]")
# The block elements whose sequence an applied fix must leave exactly as it was.
BLOCK_TAG = re.compile(
    r"<(/?(?:p|h[1-6]|ul|ol|li|blockquote|pre|hr|table|thead|tbody|tr|td|th|figure))\b"
)


def _replacement_problem(replacement: str, *, at_line_start: bool) -> str | None:
    """Why a replacement could add block structure to the article, in the editor's words."""
    if LINE_BREAKS.search(replacement):
        return _(
            "The replacement contains a line break, which would start a new paragraph or "
            "block; edit the article by hand."
        )
    if RAW_HTML.search(replacement):
        return _("The replacement contains HTML markup; edit the article by hand.")
    if any(unicodedata.category(char) in ("Cc", "Cf") for char in replacement):
        return _(
            "The replacement contains invisible control or direction characters; edit the "
            "article by hand."
        )
    if at_line_start and (replacement[:1].isspace() or BLOCK_MARKER.match(replacement)):
        return _(
            "The replacement begins a line with spaces or a list, heading or quote marker, "
            "which would change the paragraph into another kind of block; edit the article "
            "by hand."
        )
    return None


def _part_source(part: str, revision: Revision | None) -> tuple[str, str]:
    """The article field a fix to ``part`` is written into, and that part's text in
    ``revision`` (what the reader saw there; empty without a revision)."""
    return PART_FIELDS[part], revision.part_text(part) if revision else ""


def suggestion_replacement_check(suggestion: Suggestion, article: Article | None = None) -> int:
    """Where the suggestion's quote is in the article field it is about; raise if unsure.

    The quote must occur exactly once in the current revision's canonical text of the
    suggestion's part (what the reader can see) and exactly once in the field that holds
    it (the Markdown body, the title, the caption… what the editor edits), or the fix
    could land on the wrong words; and the replacement must not bring block structure
    of its own, nor overflow its field. Returns the offset in that field.
    """
    article = article or suggestion.article
    if not suggestion.quote:
        raise ReplacementNotApplicable(_("This suggestion is about the whole article."))
    if not suggestion.replacement:
        raise ReplacementNotApplicable(_("The reader did not suggest a replacement text."))
    field, text = _part_source(suggestion.part, article.current_revision)
    seen = text.count(suggestion.quote)
    if seen == 0:
        raise ReplacementNotApplicable(
            _("The passage is no longer in the article; edit the article by hand.")
        )
    if seen > 1:
        raise ReplacementNotApplicable(
            _("The passage occurs %(count)s times in the article; edit the article by hand.")
            % {"count": seen}
        )
    source = getattr(article, field)
    if source.count(suggestion.quote) != 1:
        raise ReplacementNotApplicable(
            _(
                "The passage cannot be matched to the article’s Markdown source (formatting "
                "or repeated text); edit the article by hand."
            )
            if field == "body"
            else _(
                "The passage cannot be matched to the stored %(part)s (spacing or repeated "
                "text); edit the article by hand."
            )
            % {"part": suggestion.get_part_display().lower()}
        )
    position = source.index(suggestion.quote)
    # Only the body is Markdown, where a marker at the start of a line makes a new block.
    line_start = field == "body" and source[:position].rsplit("\n", 1)[-1].strip() == ""
    problem = _replacement_problem(suggestion.replacement, at_line_start=line_start)
    if problem:
        raise ReplacementNotApplicable(problem)
    if field != "body":
        limit = Article._meta.get_field(field).max_length
        if len(source) - len(suggestion.quote) + len(suggestion.replacement) > limit:
            raise ReplacementNotApplicable(
                _("With the replacement the %(part)s would be longer than %(limit)s characters.")
                % {"part": suggestion.get_part_display().lower(), "limit": limit}
            )
    return position


def text_with_replacement(text: str, *, start: int, end: int, new: str) -> str:
    """Canonical ``text`` with [start, end) replaced, normalised block by block as a
    revision's canonical text is: what readers will see once the fix is applied."""
    spliced = text[:start] + new + text[end:]
    return "\n".join(normalise_block(block) for block in spliced.split("\n"))


def _changed_only_inside(
    before: Revision, after: Revision, *, part: str, start: int, end: int, new: str
):
    """Whether ``after`` is ``before`` with exactly [start, end) of ``part`` replaced by
    ``new``, every other part as it was.

    The expected text is normalised block by block as canonical text is, then compared
    character for character with what the article now shows; and the block elements of
    the rendered body must be the same sequence: a fix may not split a paragraph.
    """
    expected = text_with_replacement(before.part_text(part), start=start, end=end, new=new)
    return (
        after.part_text(part) == expected
        and BLOCK_TAG.findall(before.body_html) == BLOCK_TAG.findall(after.body_html)
        and all(
            before.part_text(other) == after.part_text(other)
            for other in PART_FIELDS
            if other != part
        )
    )


def _apply_replacement(suggestion: Suggestion, editor) -> tuple[Revision, Revision]:
    article = Article.objects.select_for_update().get(pk=suggestion.article_id)
    before = article.current_revision
    position = suggestion_replacement_check(suggestion, article)
    quote, replacement = suggestion.quote, suggestion.replacement
    field, old_text = _part_source(suggestion.part, before)
    source = getattr(article, field)
    setattr(article, field, source[:position] + replacement + source[position + len(quote) :])
    after = article_save(article=article, user=editor)
    start = old_text.index(quote)
    if after is None or not _changed_only_inside(
        before, after, part=suggestion.part, start=start, end=start + len(quote), new=replacement
    ):
        # The source also formats the passage, or the replacement is Markdown: the reader
        # would not see exactly the fix the editor approved, or would see more.
        raise ReplacementNotApplicable(
            _(
                "Applying the replacement would change the article outside the passage or "
                "format it differently; nothing was changed. Edit the article by hand."
            )
        )
    return before, after


# --------------------------------------------------------------------------- drafts


def replacement_problem(suggestion: Suggestion) -> ReplacementNotApplicable | None:
    """Why the reader's replacement cannot be applied as it stands, or None if it can."""
    try:
        suggestion_replacement_check(suggestion)
    except ReplacementNotApplicable as problem:
        return problem
    return None


def _is_spelling_fix(quote: str, replacement: str) -> bool:
    """A small change of letters that leaves every figure as it was ("recieve" → "receive")."""
    if re.findall(r"\d", quote) != re.findall(r"\d", replacement):
        return False
    ratio = difflib.SequenceMatcher(None, quote.casefold(), replacement.casefold()).ratio()
    return ratio >= SPELLING_FIX_SIMILARITY and abs(len(quote) - len(replacement)) <= 3


def note_kind_default(suggestion: Suggestion, *, applies: bool) -> str:
    """The kind of note the desk proposes, from what the reader reported and what is done.

    A fix that is applied is a correction unless it is plainly a spelling fix (the reader's
    "typo" alone never decides: "60 events" → "70 events" is a correction). Without a fix
    to the text the note can only clarify.
    """
    if not applies:
        return ChangeNote.Kind.CLARIFICATION
    if suggestion.kind == Suggestion.Kind.TYPO and _is_spelling_fix(
        suggestion.quote, suggestion.replacement
    ):
        return ChangeNote.Kind.MINOR_FIX
    return ChangeNote.Kind.CORRECTION


def note_draft(suggestion: Suggestion, *, kind: str) -> str:
    """A first draft of the public note, true to its kind; the editor rewrites it as needed.

    Written in the article's language, where it is published, not in the editor's.
    """
    if suggestion.article_id is None:
        return _note_draft(suggestion, kind=kind)
    with translation.override(suggestion.article.language_code):
        return _note_draft(suggestion, kind=kind)


def _note_draft(suggestion: Suggestion, *, kind: str) -> str:
    values = {"quote": suggestion.quote, "replacement": suggestion.replacement}
    if kind == ChangeNote.Kind.MINOR_FIX:
        return _("Minor corrections of spelling, grammar or style.")
    if kind == ChangeNote.Kind.CORRECTION:
        if suggestion.quote and suggestion.replacement:
            return (
                _(
                    "An earlier version of this article said “%(quote)s”; it has been "
                    "corrected to “%(replacement)s”."
                )
                % values
            )
        return _("This article has been corrected.")
    # A note that stands alone says nothing of a change to the text.
    if suggestion.quote:
        return _("Where this article says “%(quote)s”, …") % values
    return ""


# --------------------------------------------------------------------------- desk reads
CONTEXT_CHARACTERS = 400


def passage_context(suggestion: Suggestion, *, now: bool = False) -> dict:
    """The paragraph around a suggestion's passage, as the reader saw it or as it is now.

    Keys: ``found`` (False when there is no passage to show), ``before``, ``marked``
    (in the text of the suggestion's part),
    ``after``, ``cut_before``/``cut_after`` (the paragraph was shortened), ``revision``
    and ``is_current`` (the revision is the article's current one).
    """
    if now:
        revision, start, end = (
            suggestion.anchor_revision,
            suggestion.anchor_start,
            suggestion.anchor_end,
        )
        found = suggestion.anchor_state in SPANNED_STATES
    else:
        revision, start, end = suggestion.revision, suggestion.start, suggestion.end
        found = suggestion.anchor_state != Suggestion.AnchorState.NOT_FOUND
    context = {
        "revision": revision,
        "is_current": revision is not None
        and revision.pk == suggestion.article.current_revision_id,
        "found": bool(suggestion.quote and found and revision is not None and start is not None),
        "unchanged": now
        and suggestion.anchor_revision_id == suggestion.revision_id
        and (suggestion.anchor_start, suggestion.anchor_end) == (suggestion.start, suggestion.end),
    }
    if not context["found"]:
        return context
    # Offsets count in the text of the suggestion's part (headline, caption… or body).
    text = revision.part_text(suggestion.part)
    lo = max(text.rfind("\n", 0, start) + 1, start - CONTEXT_CHARACTERS)
    hi = text.find("\n", end)
    hi = min(len(text) if hi < 0 else hi, end + CONTEXT_CHARACTERS)
    return context | {
        "before": text[lo:start],
        "marked": text[start:end],
        "after": text[end:hi],
        "cut_before": lo > 0 and text[lo - 1] != "\n",
        "cut_after": hi < len(text) and text[hi] != "\n",
    }


def accept_preview(suggestion: Suggestion, form) -> dict:
    """What accepting will publish, before it is: the note as the article will show it and
    the word-level diff as the changelog will show it (when the fix is applied)."""
    values = form.data if form.is_bound else form.initial
    kind = values.get("note_kind") or ChangeNote.Kind.CLARIFICATION
    if kind not in ChangeNote.Kind.values:
        kind = ChangeNote.Kind.CLARIFICATION
    applies = (
        ("apply_replacement" in form.data) if form.is_bound else values.get("apply_replacement")
    ) and "apply_replacement" in form.fields
    note = ChangeNote(
        article=suggestion.article,
        kind=kind,
        text=(values.get("note_text") or "").strip(),
        published_at=timezone.now(),
    )
    diff = ""
    current = suggestion.article.current_revision
    if applies and current is not None:
        old = current.part_text(suggestion.part)
        start = old.find(suggestion.quote)
        if start >= 0:
            new = text_with_replacement(
                old, start=start, end=start + len(suggestion.quote), new=suggestion.replacement
            )
            diff = diff_html(old, new)
    return {"note": note, "diff": diff, "applies": bool(applies)}


# --------------------------------------------------------------------------- decisions


def _mark_accepted(locked: list[Suggestion], *, note: ChangeNote, editor) -> None:
    now = timezone.now()
    for suggestion in locked:
        suggestion.status = Suggestion.Status.ACCEPTED
        suggestion.change_note = note
        suggestion.decided_at = now
        suggestion.decided_by = editor
    Suggestion.objects.bulk_update(locked, ["status", "change_note", "decided_at", "decided_by"])
    _regroup(locked)
    _notify_readers(locked)


def _check_one_article(suggestions: Sequence[Suggestion]) -> None:
    if not suggestions:
        raise InvalidTransition(_("No suggestion to accept."))
    if len({suggestion.article_id for suggestion in suggestions}) != 1:
        raise InvalidTransition(_("One change note can only resolve suggestions of one article."))


def _accept(
    suggestions: Sequence[Suggestion],
    *,
    editor,
    note_kind: str,
    note_text: str,
    apply_replacement: bool,
) -> ChangeNote:
    _require(editor, REVIEW_PERMISSION)
    _require(editor, PUBLISH_NOTE_PERMISSION)
    _check_one_article(suggestions)
    if note_kind in TEXT_CHANGE_NOTE_KINDS and not apply_replacement:
        # The honest-record rule: a correction is published with the change it describes.
        raise DishonestRecord(
            _(
                "A %(kind)s says the text was changed, so it is published only with that "
                "change: apply the suggested replacement, or edit the article with this "
                "suggestion attached. Without a change to the text, choose a clarification, "
                "an editor’s note or an update."
            )
            % {"kind": ChangeNote.Kind(note_kind).label.lower()}
        )
    with transaction.atomic():
        locked = _lock(suggestions)
        _require_open(locked)
        first = next(s for s in locked if s.pk == suggestions[0].pk)
        revision_before = revision_after = None
        if apply_replacement:
            revision_before, revision_after = _apply_replacement(first, editor)
        article = Article.objects.select_related("current_revision").get(pk=first.article_id)
        note = change_note_publish(
            article=article,
            editor=editor,
            kind=note_kind,
            text=note_text,
            revision_before=revision_before,
            revision_after=revision_after or article.current_revision,
        )
        _mark_accepted(locked, note=note, editor=editor)
    return note


def suggestion_accept(
    *,
    suggestion: Suggestion,
    editor,
    note_kind: str,
    note_text: str,
    apply_replacement: bool = False,
    group: bool = False,
) -> ChangeNote:
    """Accept a suggestion (and, with ``group``, its open overlapping ones) with a note.

    With ``apply_replacement`` the reader's replacement replaces the quote in the article
    (a new Revision, recorded on the note as the revision after); see
    ``suggestion_replacement_check`` for when that is refused.
    """
    return _accept(
        _members(suggestion, group=group),
        editor=editor,
        note_kind=note_kind,
        note_text=note_text,
        apply_replacement=apply_replacement,
    )


def suggestions_accept(
    *, suggestions: Sequence[Suggestion], editor, note_kind: str, note_text: str
) -> ChangeNote:
    """Accept several suggestions of one article with one change note (bulk action)."""
    return _accept(
        list(suggestions),
        editor=editor,
        note_kind=note_kind,
        note_text=note_text,
        apply_replacement=False,
    )


def _decide(
    suggestions: Sequence[Suggestion], *, editor, status: str, **fields
) -> list[Suggestion]:
    _require(editor, REVIEW_PERMISSION)
    with transaction.atomic():
        locked = _lock(suggestions)
        _require_open(locked)
        now = timezone.now()
        for suggestion in locked:
            suggestion.status = status
            suggestion.decided_at = now
            suggestion.decided_by = editor
            for name, value in fields.items():
                setattr(suggestion, name, value)
        Suggestion.objects.bulk_update(locked, ["status", "decided_at", "decided_by", *fields])
        _regroup(locked)
        if status != Suggestion.Status.SPAM:
            _notify_readers(locked)
    return locked


def suggestion_reject(
    *, suggestion: Suggestion, editor, reason: str, group: bool = False
) -> list[Suggestion]:
    """Reject a suggestion (or its group) with a reason the reader is shown."""
    return suggestions_reject(
        suggestions=_members(suggestion, group=group), editor=editor, reason=reason
    )


def suggestions_reject(*, suggestions: Sequence[Suggestion], editor, reason: str):
    reason = reason.strip()
    if not reason:
        raise ValueError(_("A rejection needs a reason for the reader."))
    return _decide(
        list(suggestions), editor=editor, status=Suggestion.Status.REJECTED, public_reason=reason
    )


def suggestion_mark_duplicate(
    *, suggestion: Suggestion, editor, original: Suggestion
) -> Suggestion:
    """Mark a suggestion as a duplicate of another about the same article."""
    if original.pk == suggestion.pk:
        raise InvalidTransition(_("A suggestion cannot duplicate itself."))
    if original.article_id != suggestion.article_id:
        raise InvalidTransition(_("The original must be about the same article."))
    if original.duplicate_of_id == suggestion.pk:
        raise InvalidTransition(_("That suggestion is already a duplicate of this one."))
    (decided,) = _decide(
        [suggestion],
        editor=editor,
        status=Suggestion.Status.DUPLICATE,
        duplicate_of=original,
    )
    return decided


def suggestions_mark_spam(*, suggestions: Sequence[Suggestion], editor) -> list[Suggestion]:
    """Mark suggestions as spam; spam is never answered."""
    return _decide(list(suggestions), editor=editor, status=Suggestion.Status.SPAM)


def suggestion_mark_spam(*, suggestion: Suggestion, editor) -> Suggestion:
    (decided,) = suggestions_mark_spam(suggestions=[suggestion], editor=editor)
    return decided


# --------------------------------------------------------------------------- article edits


def article_revise_check(
    *, article: Article, editor, change_kind: str, note_text: str, authors=None
) -> bool:
    """Refuse an edit that breaks the no-silent-edits rule; return whether readers see it.

    ``article`` holds the edited values, not yet saved, and ``authors`` the new byline
    (None: unchanged). A published article whose reader-visible content changes (its
    text, byline, section or picture) needs a kind of change (and, except for a minor
    fix, a public note) from an editor who may publish notes; a correction or minor fix
    needs such a change.
    """
    article.body_html = render_markdown(article.body)
    current = article.current_revision if article.current_revision_id else None
    published = article.pk is not None and current is not None and article.is_published
    visible_change = published and article_visible_change(
        article, current, byline=article_byline(article, authors)
    )
    if visible_change:
        if editor is None or not editor.has_perm(PUBLISH_NOTE_PERMISSION):
            raise RevisionRefused(
                _("Only editors who may publish change notes can change a published text.")
            )
        if not change_kind:
            raise RevisionRefused(
                _("This article is published: say what kind of change this is."), "change_kind"
            )
        if change_kind != ChangeNote.Kind.MINOR_FIX and not note_text.strip():
            raise RevisionRefused(
                _("Write the public note readers will see with this change."), "change_note_text"
            )
    elif change_kind in TEXT_CHANGE_NOTE_KINDS and (note_text.strip() or published):
        raise RevisionRefused(
            _(
                "A %(kind)s is published only with a change to what readers see, and this "
                "edit changes nothing they see. Change the text, or choose a clarification, "
                "an editor’s note or an update."
            )
            % {"kind": ChangeNote.Kind(change_kind).label.lower()},
            "change_kind",
        )
    return visible_change


def article_revise(
    *,
    article: Article,
    editor,
    change_kind: str = "",
    note_text: str = "",
    suggestions: Sequence[Suggestion] = (),
    authors: Sequence[Author] | None = None,
) -> tuple[Revision | None, ChangeNote | None]:
    """Save an editor's edit of an article with the note it needs, in one step.

    Every new revision of a published text gets its note (see ``article_revise_check``).
    ``authors``, when given, become the byline in the same revision.
    ``suggestions`` (open, of this article) are accepted with that note: the desk sends an
    editor here when a reader's replacement cannot be applied as it stands.
    """
    if suggestions:
        _require(editor, REVIEW_PERMISSION)
        _check_one_article(suggestions)
        if suggestions[0].article_id != article.pk:
            raise InvalidTransition(_("The suggestion is about another article."))
        if not change_kind:
            raise RevisionRefused(
                _("Say what kind of note resolves the reader’s suggestion."), "change_kind"
            )
    note_text = note_text.strip()
    with transaction.atomic():
        locked = _lock(suggestions) if suggestions else []
        _require_open(locked)
        before = article.current_revision if article.current_revision_id else None
        article_revise_check(
            article=article,
            editor=editor,
            change_kind=change_kind,
            note_text=note_text,
            authors=authors,
        )
        revision = article_save(article=article, user=editor, authors=authors)
        note = None
        if revision is not None and before is not None:
            # Published on the article, so in its language, not the editor's.
            with translation.override(article.language_code):
                default_text = _("Minor corrections of spelling, grammar or style.")
            note = change_note_publish(
                article=article,
                editor=editor,
                kind=change_kind,
                text=note_text or default_text,
                revision_before=before,
                revision_after=revision,
            )
        elif change_kind and note_text and before is not None:
            # A note with an edit that left the visible text as it was (Markdown that
            # renders the same, a fix already made): what the editor meant to publish.
            note = change_note_publish(
                article=article, editor=editor, kind=change_kind, text=note_text
            )
        if locked:
            if note is None:
                raise DishonestRecord(_("Write the public note that resolves the suggestion."))
            _mark_accepted(locked, note=note, editor=editor)
    return revision, note


# --------------------------------------------------------------------------- reader reports


class SuggestionConflict(Exception):
    """An idempotency key already used for another suggestion (other text or article)."""


def ip_address_hash(*, ip: str) -> str:
    """A keyed hash of a client IP: stable enough to group one reader, useless to reverse.

    An IPv6 client usually holds a whole /64 and can pick any address in it, so the /64
    is what identifies the reader (and what the per-reader rate limit counts).
    """
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        address = None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is None:
        ip = str(ipaddress.IPv6Network((address, 64), strict=False).network_address) + "/64"
    elif isinstance(address, ipaddress.IPv6Address):
        ip = str(address.ipv4_mapped)
    return salted_hmac("corrections.suggestion.ip", ip, algorithm="sha256").hexdigest()


def _fingerprint(*, idempotency_key: str, article: Article, revision: Revision, sent: dict) -> str:
    """Everything one POST of an issued form carried: a retry has the same fingerprint."""
    parts = [idempotency_key, str(article.pk), str(revision.pk)]
    parts += [f"{name}={sent[name]}" for name in sorted(sent)]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _anchor_fields(
    *, revision: Revision, part: str, quote: str, prefix: str, suffix: str, hint
) -> dict:
    """Where the quote is in the part of the revision the reader saw; the browser's offsets
    only hint."""
    if not quote:
        return {"anchor_state": Suggestion.AnchorState.WHOLE_ARTICLE, "anchor_revision": revision}
    text = revision.part_text(part)
    found = anchoring.locate(text, quote=quote, prefix=prefix, suffix=suffix, hint=hint)
    if found is None:
        # Kept and flagged for an editor, never dropped and never placed by guesswork.
        return {
            "anchor_state": Suggestion.AnchorState.NOT_FOUND,
            "anchor_revision": revision,
            "prefix": prefix[-CONTEXT_MAX_LENGTH:],
            "suffix": suffix[:CONTEXT_MAX_LENGTH],
        }
    prefix, suffix = anchoring.context(text, found.start, found.end)
    return {
        "anchor_state": Suggestion.AnchorState.EXACT,
        "prefix": prefix,
        "suffix": suffix,
        "start": found.start,
        "end": found.end,
        "anchor_revision": revision,
        "anchor_start": found.start,
        "anchor_end": found.end,
        "anchor_score": found.score,
    }


def _follow_into(anchor: dict, *, part: str, quote: str, seen: Revision, current: Revision) -> dict:
    if anchor["anchor_state"] != Suggestion.AnchorState.EXACT:
        return {"anchor_revision": current}
    found = anchoring.reanchor(
        seen.part_text(part),
        current.part_text(part),
        start=anchor["start"],
        end=anchor["end"],
        quote=quote,
        prefix=anchor["prefix"],
        suffix=anchor["suffix"],
    )
    return {
        "anchor_state": found.state,
        "anchor_revision": current,
        "anchor_start": found.start,
        "anchor_end": found.end,
        "anchor_score": found.score,
        "anchor_relocated": found.relocated,
        "anchor_lost_in": (
            _revision_that_removed(anchor, part=part, quote=quote, seen=seen, current=current)
            if found.start is None
            else None
        ),
    }


def _revision_that_removed(
    anchor: dict, *, part: str, quote: str, seen: Revision, current: Revision
) -> Revision | None:
    """The first revision after ``seen`` (up to ``current``) that no longer has the passage.

    The reader read an older page: follow the passage edit by edit, as the open reports
    were followed, so the desk can show the change that removed it. Rare (a report on a
    passage already gone) and bounded by the edits since that page.
    """
    start, end = anchor["start"], anchor["end"]
    text, passage = seen.part_text(part), quote
    prefix, suffix = anchor["prefix"], anchor["suffix"]
    later = Revision.objects.filter(
        article_id=seen.article_id, number__gt=seen.number, number__lte=current.number
    ).order_by("number")
    for revision in later:
        found = anchoring.reanchor(
            text,
            revision.part_text(part),
            start=start,
            end=end,
            quote=passage,
            prefix=prefix,
            suffix=suffix,
        )
        if found.start is None:
            return revision
        text = revision.part_text(part)
        start, end = found.start, found.end
        passage = text[start:end]
        prefix, suffix = anchoring.context(text, start, end)
    return None  # followed edit by edit it survived: no single edit to blame


def _existing(*, article: Article, idempotency_key: str | None, fingerprint: str | None):
    """The suggestion this issued form already made, when this POST is a retry of it.

    The same key with anything else changed (other text, another article) is not a retry:
    one issued form makes one suggestion, and never shows another POST its status page.
    """
    if not idempotency_key:
        return None
    found = Suggestion.objects.filter(idempotency_key=idempotency_key).first()
    if found is None:
        return None
    if found.article_id != article.pk or found.fingerprint != fingerprint:
        raise SuggestionConflict(idempotency_key)
    return found


# A reader's report is the one row written on every suggestion POST: its INSERT is compiled
# once (newsroom/prepared.py).
SUGGESTION_INSERT = PreparedInsert(Suggestion)


def suggestion_submit(
    *,
    article: Article,
    revision: Revision,
    part: str = Suggestion.Part.BODY,
    quote: str = "",
    prefix: str = "",
    suffix: str = "",
    start_hint: int | None = None,
    kind: str = Suggestion.Kind.OTHER,
    replacement: str = "",
    explanation: str = "",
    source_url: str = "",
    email: str = "",
    notify_consent: bool = False,
    ip_hash: str,
    user_agent: str = "",
    input_method: str = Suggestion.InputMethod.FORM,
    idempotency_key: str | None = None,
    only_if: Condition | None = None,
) -> tuple[Suggestion, bool]:
    """Store a reader's suggestion; return it and whether it is new.

    A retried POST (same idempotency key, same content) returns the suggestion already
    stored instead of a second one, without counting against the rate limits; the same
    key with other content raises ``SuggestionConflict``. New suggestions count against
    the per-IP and per-article limits (raises ``ratelimits.RateLimited``). ``revision``
    must belong to ``article``; the caller checks that, as it must tell the reader.
    ``quote`` is looked for in ``part`` of the article (headline, standfirst, body,
    caption, credit).

    ``only_if``: that ``article`` and ``revision`` are still as they were read (a snapshot
    kept from an earlier request). The suggestion is then stored only if it holds, checked
    by the write itself; every other outcome (it does not hold, a limit is reached, the
    form was used before) would rest on the unchecked snapshot, so it raises
    `ConditionFailed` instead, with nothing stored or counted, for the caller to ask again
    with what it reads afresh.
    """
    if revision.article_id != article.pk:
        raise ValueError("the revision belongs to another article")
    if part not in Suggestion.Part.values:
        raise ValueError(f"unknown part of an article {part!r}")
    if not quote:
        # A report about the article as a whole is about no part in particular.
        part = Suggestion.Part.BODY
    anchor = _anchor_fields(
        revision=revision, part=part, quote=quote, prefix=prefix, suffix=suffix, hint=start_hint
    )
    if anchor["anchor_state"] == Suggestion.AnchorState.NOT_FOUND and (
        input_method == Suggestion.InputMethod.FORM
    ):
        # Without JavaScript the reader pastes the words and picks their part from a list
        # that starts at the article text; words pasted from the headline or a caption
        # belong there when that is the only part that has them.
        elsewhere = [
            (other, found)
            for other in Suggestion.Part.values
            if other != part
            and (
                found := _anchor_fields(
                    revision=revision,
                    part=other,
                    quote=quote,
                    prefix=prefix,
                    suffix=suffix,
                    hint=start_hint,
                )
            )["anchor_state"]
            == Suggestion.AnchorState.EXACT
        ]
        if len(elsewhere) == 1:
            [(part, anchor)] = elsewhere
    if article.current_revision_id not in (None, revision.pk):
        # Read on a page older than the article's latest edit: follow the passage into the
        # current text at once, so the desk sees it there and groups it with newer reports.
        anchor |= _follow_into(
            anchor, part=part, quote=quote, seen=revision, current=article.current_revision
        )
    # "The same reader" is the same issued form (its idempotency key), never the same
    # address: readers behind one office or carrier address sending the same words are
    # different people and must never share a status page. A retry of one POST (after a
    # network error or an outage) has the same key and fingerprint and finds the
    # suggestion it made; other text sent with a used form is refused.
    idempotency_key = idempotency_key or None
    fingerprint = idempotency_key and _fingerprint(
        idempotency_key=idempotency_key,
        article=article,
        revision=revision,
        sent={
            "part": part,
            "quote": quote,
            "prefix": prefix,
            "suffix": suffix,
            "start": start_hint,
            "kind": kind,
            "replacement": replacement,
            "explanation": explanation,
            "source_url": source_url,
            "email": email,
            "notify_consent": bool(notify_consent),
            "input_method": input_method,
        },
    )
    suggestion = Suggestion(
        article=article,
        revision=revision,
        part=part,
        quote=quote,
        kind=kind,
        replacement=replacement,
        explanation=explanation,
        source_url=source_url,
        # Without consent an address is of no use to us, so it is not kept at all.
        email=email if notify_consent else "",
        notify_consent=bool(notify_consent and email),
        ip_hash=ip_hash,
        user_agent=user_agent[:300],
        input_method=input_method,
        idempotency_key=idempotency_key,
        fingerprint=fingerprint,
        **anchor,
    )
    # A report without a span (about the whole article, or a quote not found) overlaps
    # nothing: it is a group of one, so its group fields are known now and regrouping the
    # article (a read of all its open reports, growing with them) would change nothing.
    spanned = suggestion.is_spanned
    if not spanned:
        suggestion.group_rank = _group_rank([kind])
    # A new report counts against the limits before it is written, so that one over a
    # limit costs no write, and the write is one statement (no transaction around it to
    # count inside). A count for a report that is then not stored is given back.
    try:
        counted = rate_limits_hit([("ip", ip_hash), ("article", str(article.pk))])
    except RateLimited as limited:
        if only_if is not None:
            rate_limits_refund(limited.counted)
            raise ConditionFailed from None
        # A retry of a report already stored is answered with it: it is not a new one,
        # and gives back what it counted.
        existing = _existing(
            article=article, idempotency_key=idempotency_key, fingerprint=fingerprint
        )
        if existing is None:
            raise
        rate_limits_refund(limited.counted)
        return existing, False
    # The insert is the duplicate check: the unique idempotency key and fingerprint turn a
    # retry (or the same report again, or a concurrent twin) into an IntegrityError, so a
    # new report costs no look-up first. The notification is written with it (one commit,
    # never one row without the other).
    try:
        if spanned:
            # Grouped with the reports on its passage in the same commit.
            with transaction.atomic():
                _save_with_notice(suggestion, savepoint=False, only_if=only_if)
                suggestion_groups_refresh(article_id=article.pk)
        else:
            _save_with_notice(suggestion, only_if=only_if)
    except IntegrityError:
        rate_limits_refund(counted)
        if only_if is not None:
            raise ConditionFailed from None
        # A retry of the same form (its key is unique), or a concurrent twin that won.
        existing = _existing(
            article=article, idempotency_key=idempotency_key, fingerprint=fingerprint
        )
        if existing is None:
            raise SuggestionConflict(idempotency_key) from None
        return existing, False
    except BaseException:
        rate_limits_refund(counted)
        raise
    return suggestion, True
