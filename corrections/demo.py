"""The corrections half of `manage.py seed_demo`: the whole loop, on the invented newsroom.

After the newsroom's command has made its articles it sends `newsroom.signals.demo_seeded`;
`receivers.py` calls `demo_seed` from there. Everything goes through the services an
editor's clicks and a reader's dialog use (`article_save`, `change_note_publish`,
`suggestion_submit`, `suggestion_accept`, `suggestion_reject`), so the demo shows exactly
what the product records. Each step first looks for what it made before (a note's text,
a suggestion's idempotency key), so running the command again changes nothing.

Every reader, figure and quotation here is invented, like the articles themselves.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from newsroom.models import Article
from newsroom.services import article_save

from . import services
from .models import ChangeNote, Suggestion
from .permissions import PUBLISH_NOTE_PERMISSION, REVIEW_PERMISSION

# The account the demo's edits and decisions are recorded under. It has no usable
# password, so nobody can log in as it; real editors are made with createsuperuser.
DEMO_EDITOR = "demo-standards-desk"
DEMO_USER_AGENT = "Mozilla/5.0 (demo reader)"

COUNCIL = "council-approves-budget-after-late-night-vote"
FLOOD_GATES = "flood-gates-hold-as-storm-surge-tops-east-quay"
LIBRARY = "ropewalk-library-to-open-six-days-a-week"
FESTIVAL = "lantern-tide-festival-to-close-with-harbour-procession"
FOOTBALL = "gulls-climb-to-second-after-win-over-pellow-vale"
WEATHER_STATION = "fennel-hill-pupils-weather-station-goes-live"
TIDE_TABLES = "tide-tables-and-the-second-harbour-bridge"
SATURDAY_SCHOOL = "ukrainska-subotnia-shkola-pereizhdzhaie-do-biblioteky"

# A reader's report that the desk accepts, applying the reader's figure in one click.
COUNCIL_REPORT = {
    "key": "demo-council-band-d",
    "reader": 11,
    "quote": "£7.84 a year",
    "replacement": "£7.48 a year",
    "kind": Suggestion.Kind.FACTUAL,
    "explanation": (
        "The budget papers give last year's Band D figure as £270.70, so going up to "
        "£278.18 is a rise of £7.48, not £7.84. Looks like two digits swapped."
    ),
    "input_method": Suggestion.InputMethod.KEYBOARD,
}
COUNCIL_CORRECTION = (
    "An earlier version of this article said the increase would add £7.84 a year to the "
    "borough’s part of a Band D bill. The correct figure is £7.48."
)
COUNCIL_UPDATE_PARAGRAPH = (
    "**Update:** The council has since confirmed that the meeting to approve the budget "
    "formally will be held at the Guildhall at 6pm on the second Tuesday of next month. "
    "It is open to the public, and residents may ask to speak."
)
COUNCIL_UPDATE = (
    "This article was updated to add the date of the meeting that will confirm the budget."
)

# The article in Ukrainian: a reader's report in Ukrainian, accepted with its time applied.
SATURDAY_SCHOOL_REPORT = {
    "key": "demo-saturday-school-time",
    "reader": 61,
    "quote": "починатиметься о 9:30",
    "replacement": "починатиметься о 10:00",
    "kind": Suggestion.Kind.FACTUAL,
    "explanation": (
        "У листі школи до батьків сказано, що в бібліотеці перший урок починається о 10:00: "
        "бібліотека відчиняється лише о пів на десяту."
    ),
    "input_method": Suggestion.InputMethod.TOUCH,
}
SATURDAY_SCHOOL_CORRECTION = (
    "У попередній версії статті йшлося, що перше заняття починатиметься о 9:30. Насправді "
    "уроки в бібліотеці починатимуться о 10:00."
)

FLOOD_GATES_FIX = ("0.9 metres above its predicted", "0.7 metres above its predicted")
FLOOD_GATES_CORRECTION = (
    "An earlier version of this article said the storm surge raised the tide 0.9 metres "
    "above its predicted height. The Coastwatch tide gauge recorded 0.7 metres; 0.9 metres "
    "was the height of the largest waves."
)

LIBRARY_FIX = ("co-ordinator for the maker space", "coordinator for the maker space")
MINOR_FIX_TEXT = "Minor corrections of spelling, grammar or style."

# Open reports: three readers on overlapping words of one passage (a group of three for
# the desk), one with a replacement the desk can apply in one click, one about a picture's
# caption, and one whose quote is not in the article (flagged for an editor, never
# dropped).
OPEN_REPORTS = [
    {
        "article": FESTIVAL,
        "key": "demo-festival-lanterns-1",
        "reader": 21,
        "quote": "500 handmade lanterns along the North Mole",
        "kind": Suggestion.Kind.FACTUAL,
        "explanation": (
            "The festival's own leaflet says the procession goes along the South Quay this "
            "year because of the work on the Mole."
        ),
        "source_url": "https://example.org/lantern-tide/leaflet",
        "input_method": Suggestion.InputMethod.KEYBOARD,
    },
    {
        "article": FESTIVAL,
        "key": "demo-festival-lanterns-2",
        "reader": 22,
        "quote": "lanterns along the North Mole",
        "replacement": "lanterns along the South Quay",
        "kind": Suggestion.Kind.FACTUAL,
        "explanation": "The North Mole is closed for repairs until July.",
        "input_method": Suggestion.InputMethod.TOUCH,
    },
    {
        "article": FESTIVAL,
        "key": "demo-festival-lanterns-3",
        "reader": 23,
        "quote": "procession of 500 handmade lanterns",
        "kind": Suggestion.Kind.UNCLEAR,
        "explanation": (
            "Is it 500 lanterns or 500 people carrying them? Later on the article says 500 "
            "is the number of people taking part."
        ),
        "input_method": Suggestion.InputMethod.KEYBOARD,
    },
    {
        "article": FOOTBALL,
        "key": "demo-football-attendance",
        "reader": 31,
        "quote": "612 spectators",
        "replacement": "621 spectators",
        "kind": Suggestion.Kind.FACTUAL,
        "explanation": "The club's match programme for next week gives the crowd as 621.",
        "input_method": Suggestion.InputMethod.TOUCH,
    },
    # About the picture, not the text: a report on the lead image's caption.
    {
        "article": FOOTBALL,
        "key": "demo-football-caption",
        "reader": 32,
        "part": Suggestion.Part.CAPTION,
        "quote": "his second goal",
        "replacement": "his first goal",
        "kind": Suggestion.Kind.FACTUAL,
        "explanation": (
            "I was behind that goal. The photo is of the first one, at the near post: you "
            "can see Ellis Yeo still running in after his cross."
        ),
        "input_method": Suggestion.InputMethod.TOUCH,
    },
    {
        "article": TIDE_TABLES,
        "key": "demo-tide-tables-missing-quote",
        "reader": 41,
        "quote": "the harbour master told a packed meeting",
        "kind": Suggestion.Kind.OTHER,
        "explanation": (
            "I read this on my phone this morning and the quote from the harbour master "
            "seemed to be cut off halfway."
        ),
        "input_method": Suggestion.InputMethod.KEYBOARD,
    },
]

REJECTED_REPORT = {
    "article": WEATHER_STATION,
    "key": "demo-weather-station-class-size",
    "reader": 51,
    "quote": "class of 28",
    "replacement": "class of 27",
    "kind": Suggestion.Kind.FACTUAL,
    "explanation": "My daughter is in Year 6 there and says there are 27 of them.",
    "input_method": Suggestion.InputMethod.BUTTON,
}
REJECTED_REASON = (
    "Thank you for writing. We checked with the school: there were 28 pupils in the class "
    "when the project began in September, as the article says; one has moved away since."
)


def demo_editor():
    """The demo's standards desk: allowed to decide and publish, unable to log in."""
    user, created = get_user_model().objects.get_or_create(username=DEMO_EDITOR)
    if created:
        user.first_name, user.last_name = "Demo", "Standards Desk"
        user.set_unusable_password()
        user.save()
    # Granted directly rather than through the Editors group, which a test database
    # flushed between tests no longer has (permissions are recreated, groups are not).
    codenames = {perm.split(".", 1)[1] for perm in (REVIEW_PERMISSION, PUBLISH_NOTE_PERMISSION)}
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="corrections", codename__in=codenames)
    )
    # A fresh copy: the permission cache of `user` predates the grant.
    return get_user_model().objects.get(pk=user.pk)


def _report(*, article: Article, data: dict) -> Suggestion:
    """Send a reader's report as the dialog does, about the article as first published."""
    suggestion, _ = services.suggestion_submit(
        article=article,
        revision=article.revisions.get(number=1),
        part=data.get("part", Suggestion.Part.BODY),
        quote=data["quote"],
        kind=data["kind"],
        replacement=data.get("replacement", ""),
        explanation=data["explanation"],
        source_url=data.get("source_url", ""),
        ip_hash=services.ip_address_hash(ip=f"192.0.2.{data['reader']}"),
        user_agent=DEMO_USER_AGENT,
        input_method=data["input_method"],
        idempotency_key=data["key"],
    )
    return suggestion


def _accept_with_correction(suggestion: Suggestion, editor, note: str) -> bool:
    """Accept a reader's report with its fix applied and a correction, unless a rerun of
    the seed finds it decided already; whether it was accepted now."""
    if suggestion.status != Suggestion.Status.NEW:
        return False
    services.suggestion_accept(
        suggestion=suggestion,
        editor=editor,
        note_kind=ChangeNote.Kind.CORRECTION,
        note_text=note,
        apply_replacement=True,
    )
    return True


def _edit_with_note(*, article: Article, editor, kind: str, note: str, change) -> None:
    """An editor's edit and its change note, as the article form records them."""
    if article.change_notes.filter(kind=kind, text=note).exists():
        return
    before = article.current_revision
    article.body = change(article.body)
    after = article_save(article=article, user=editor)
    services.change_note_publish(
        article=article,
        editor=editor,
        kind=kind,
        text=note,
        revision_before=before,
        revision_after=after,
    )


def _replace_once(old: str, new: str):
    def change(body: str) -> str:
        if body.count(old) != 1:
            raise ValueError(f"the demo text should contain {old!r} exactly once")
        return body.replace(old, new)

    return change


def demo_seed() -> int:
    """Add the demo's notes and reader reports; returns how many reports the demo has."""
    articles = {
        article.slug: article
        for article in Article.objects.select_related("current_revision").filter(
            slug__in=[
                COUNCIL,
                FLOOD_GATES,
                LIBRARY,
                FESTIVAL,
                FOOTBALL,
                WEATHER_STATION,
                TIDE_TABLES,
                SATURDAY_SCHOOL,
            ]
        )
    }
    editor = demo_editor()

    council = articles[COUNCIL]
    if _accept_with_correction(
        _report(article=council, data=COUNCIL_REPORT), editor, COUNCIL_CORRECTION
    ):
        council.refresh_from_db()
    _edit_with_note(
        article=council,
        editor=editor,
        kind=ChangeNote.Kind.UPDATE,
        note=COUNCIL_UPDATE,
        change=lambda body: f"{body.rstrip()}\n\n{COUNCIL_UPDATE_PARAGRAPH}\n",
    )
    _edit_with_note(
        article=articles[FLOOD_GATES],
        editor=editor,
        kind=ChangeNote.Kind.CORRECTION,
        note=FLOOD_GATES_CORRECTION,
        change=_replace_once(*FLOOD_GATES_FIX),
    )
    _edit_with_note(
        article=articles[LIBRARY],
        editor=editor,
        kind=ChangeNote.Kind.MINOR_FIX,
        note=MINOR_FIX_TEXT,
        change=_replace_once(*LIBRARY_FIX),
    )

    _accept_with_correction(
        _report(article=articles[SATURDAY_SCHOOL], data=SATURDAY_SCHOOL_REPORT),
        editor,
        SATURDAY_SCHOOL_CORRECTION,
    )

    for data in OPEN_REPORTS:
        _report(article=articles[data["article"]], data=data)
    rejected = _report(article=articles[REJECTED_REPORT["article"]], data=REJECTED_REPORT)
    if rejected.status == Suggestion.Status.NEW:
        services.suggestion_reject(suggestion=rejected, editor=editor, reason=REJECTED_REASON)
    return Suggestion.objects.filter(idempotency_key__startswith="demo-").count()
