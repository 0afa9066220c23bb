"""The standards dashboard's reads: how fast and how well the desk answers readers.

Plain functions over QuerySets. Every figure is counted by the database in a fixed number
of queries, whatever the number of suggestions: one pass of counts grouped by section
and kind, three of percentiles (all, by section, by kind), two for the daily (or weekly)
trend, one for articles and their corrections, one for the sections. Percentiles are
PostgreSQL's ``percentile_cont``; SQLite, which has none, returns the values joined in
the same query and they are interpolated here the same way.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import NotSupportedError
from django.db.models import Aggregate, Count, FloatField, Func, Q, QuerySet
from django.db.models.functions import TruncDay, TruncWeek
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext, gettext_lazy, pgettext

from newsroom.models import Article, Section

from .models import ChangeNote, Suggestion

PERIODS = (7, 30, 90)
DEFAULT_PERIOD = 30
# Up to this many days the trend has a bar a day; beyond it, a bar a week.
DAILY_UP_TO = 31
# Open suggestions by how long they have waited: (label, older than, at most).
BACKLOG_AGES = (
    (gettext_lazy("under a day"), timedelta(0), timedelta(days=1)),
    (gettext_lazy("1–3 days"), timedelta(days=1), timedelta(days=3)),
    (gettext_lazy("3–7 days"), timedelta(days=3), timedelta(days=7)),
    (gettext_lazy("1–4 weeks"), timedelta(days=7), timedelta(days=30)),
    (gettext_lazy("over 30 days"), timedelta(days=30), None),
)
DECIDED_STATUSES = (
    Suggestion.Status.ACCEPTED,
    Suggestion.Status.REJECTED,
    Suggestion.Status.SPAM,
    Suggestion.Status.DUPLICATE,
)


# --------------------------------------------------------------------------- SQL parts


class Seconds(Func):
    """Seconds from ``start`` to ``end``, two datetime columns, as a float."""

    output_field = FloatField()
    arity = 2

    def __init__(self, end, start):
        super().__init__(end, start)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(gettext("The standards dashboard needs PostgreSQL or SQLite."))

    def as_postgresql(self, compiler, connection, **extra_context):
        return super().as_sql(
            compiler,
            connection,
            template="EXTRACT(EPOCH FROM (%(expressions)s))::double precision",
            arg_joiner=" - ",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        end, start = (compiler.compile(expression) for expression in self.source_expressions)
        return (
            f"((julianday({end[0]}) - julianday({start[0]})) * 86400.0)",
            (*end[1], *start[1]),
        )


def percentile_cont(values: list[float], fraction: float) -> float | None:
    """PostgreSQL's ``percentile_cont``: linear interpolation between the nearest ranks."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    below, above = math.floor(position), math.ceil(position)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


class Percentiles(Aggregate):
    """Continuous percentiles of an expression, computed by the database where it can.

    Several fractions in one aggregate: PostgreSQL sorts the values once for all of them
    (``percentile_cont(ARRAY[...])``) instead of once per percentile. The value is a tuple,
    one percentile per fraction, or None when there were no values.
    """

    name = "Percentiles"
    output_field = FloatField()

    def __init__(self, expression, fractions: tuple[float, ...], **extra):
        if not fractions or not all(0 <= fraction <= 1 for fraction in fractions):
            raise ValueError("fractions must be between 0 and 1")
        self.fractions = tuple(float(fraction) for fraction in fractions)
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        raise NotSupportedError(gettext("The standards dashboard needs PostgreSQL or SQLite."))

    def as_postgresql(self, compiler, connection, **extra_context):
        # Floats formatted here, never user input: the fractions are fixed in code.
        fractions = ", ".join(repr(fraction) for fraction in self.fractions)
        return super().as_sql(
            compiler,
            connection,
            function="PERCENTILE_CONT",
            template=f"%(function)s(ARRAY[{fractions}]::double precision[]) WITHIN GROUP "
            "(ORDER BY %(expressions)s)%(filter)s",
            **extra_context,
        )

    def as_sqlite(self, compiler, connection, **extra_context):
        # Still one query: the values come back in one string, interpolated in convert_value.
        return super().as_sql(compiler, connection, function="GROUP_CONCAT", **extra_context)

    def convert_value(self, value, expression, connection):
        if value is None:
            return None
        if isinstance(value, str):
            values = [float(part) for part in value.split(",")]
            return tuple(percentile_cont(values, fraction) for fraction in self.fractions)
        return tuple(value)


# --------------------------------------------------------------------------- figures


@dataclass(frozen=True)
class Scope:
    """What the dashboard looks at: the last ``days`` days, maybe one section or kind."""

    days: int = DEFAULT_PERIOD
    section: Section | None = None
    kind: str = ""
    now: datetime = field(default_factory=timezone.now)

    @property
    def kind_label(self) -> str:
        return Suggestion.Kind(self.kind).label if self.kind else ""

    @property
    def since(self) -> datetime:
        return self.now - timedelta(days=self.days)

    def suggestions(self) -> QuerySet[Suggestion]:
        queryset = Suggestion.objects.order_by()
        if self.section is not None:
            queryset = queryset.filter(article__section=self.section)
        if self.kind:
            queryset = queryset.filter(kind=self.kind)
        return queryset


@dataclass
class Figures:
    """The desk's figures for one period and one slice (all, a section or a kind)."""

    received: int = 0
    decided: int = 0
    accepted: int = 0
    rejected: int = 0
    spam: int = 0
    duplicate: int = 0
    decision_median: float | None = None
    decision_p90: float | None = None
    published_median: float | None = None
    published_p90: float | None = None
    backlog: list[int] = field(default_factory=lambda: [0] * len(BACKLOG_AGES))
    articles: int | None = None
    corrections: int | None = None

    def share(self, count: int) -> int | None:
        """A share of the decided suggestions, in whole per cent."""
        return round(100 * count / self.decided) if self.decided else None

    @property
    def accepted_share(self):
        return self.share(self.accepted)

    @property
    def rejected_share(self):
        return self.share(self.rejected)

    @property
    def spam_share(self):
        return self.share(self.spam)

    @property
    def duplicate_share(self):
        return self.share(self.duplicate)

    @property
    def decision_median_display(self) -> str:
        return duration_display(self.decision_median)

    @property
    def decision_p90_display(self) -> str:
        return duration_display(self.decision_p90)

    @property
    def published_median_display(self) -> str:
        return duration_display(self.published_median)

    @property
    def published_p90_display(self) -> str:
        return duration_display(self.published_p90)

    @property
    def open(self) -> int:
        return sum(self.backlog)

    @property
    def corrections_per_100(self) -> float | None:
        if not self.articles:
            return None
        return round(100 * self.corrections / self.articles, 1)


COUNTS = ("received", "decided", "accepted", "rejected", "spam", "duplicate")


def _decided(scope: Scope) -> Q:
    return Q(decided_at__gte=scope.since, status__in=DECIDED_STATUSES)


def _published(scope: Scope) -> Q:
    """Accepted in the period, with its note published: a note goes out with its decision
    (or later), so the decided rows are the only ones to read."""
    return _decided(scope) & Q(
        status=Suggestion.Status.ACCEPTED, change_note__published_at__isnull=False
    )


def _count_aggregates(scope: Scope) -> dict:
    since, now, decided = scope.since, scope.now, _decided(scope)
    aggregates = {
        "received": Count("pk", filter=Q(created_at__gte=since)),
        "decided": Count("pk", filter=decided),
        "accepted": Count("pk", filter=decided & Q(status=Suggestion.Status.ACCEPTED)),
        "rejected": Count("pk", filter=decided & Q(status=Suggestion.Status.REJECTED)),
        "spam": Count("pk", filter=decided & Q(status=Suggestion.Status.SPAM)),
        "duplicate": Count("pk", filter=decided & Q(status=Suggestion.Status.DUPLICATE)),
    }
    for index, (_label, older_than, at_most) in enumerate(BACKLOG_AGES):
        waiting = Q(status=Suggestion.Status.NEW, created_at__lte=now - older_than)
        if at_most is not None:
            waiting &= Q(created_at__gt=now - at_most)
        aggregates[f"backlog_{index}"] = Count("pk", filter=waiting)
    return aggregates


def _time_aggregates(scope: Scope) -> dict:
    to_decision = Seconds("decided_at", "created_at")
    to_publication = Seconds("change_note__published_at", "created_at")
    return {
        "decision": Percentiles(to_decision, (0.5, 0.9), filter=_decided(scope)),
        "published": Percentiles(to_publication, (0.5, 0.9), filter=_published(scope)),
    }


def _relevant(scope: Scope) -> Q:
    """The rows any count of the period reads: open now, or received or decided in the
    period. The rest of the table is left unread."""
    return Q(status=Suggestion.Status.NEW) | Q(created_at__gte=scope.since) | _decided(scope)


def _add_counts(figures: Figures, row: dict) -> None:
    for name in COUNTS:
        setattr(figures, name, getattr(figures, name) + row[name])
    for index in range(len(BACKLOG_AGES)):
        figures.backlog[index] += row[f"backlog_{index}"]


def _set_times(figures: Figures, row: dict) -> None:
    figures.decision_median, figures.decision_p90 = row["decision"] or (None, None)
    figures.published_median, figures.published_p90 = row["published"] or (None, None)


def _article_figures(scope: Scope) -> dict[int, tuple[int, int]]:
    """Per section: articles published in the period, and corrections on them since."""
    articles = Article.objects.published().filter(published_at__gte=scope.since)
    if scope.section is not None:
        articles = articles.filter(section=scope.section)
    rows = (
        articles.order_by()
        .values("section")
        .annotate(
            articles=Count("pk", distinct=True),
            corrections=Count(
                "change_notes",
                filter=Q(change_notes__kind=ChangeNote.Kind.CORRECTION),
                distinct=True,
            ),
        )
    )
    return {row["section"]: (row["articles"], row["corrections"]) for row in rows}


@dataclass
class TrendPoint:
    start: datetime
    received: int = 0
    decided: int = 0

    @property
    def label(self) -> str:
        # Django's month names, which are translated; strftime's are the C locale's.
        return date_format(timezone.localtime(self.start), "j M")


def _trend(scope: Scope) -> tuple[str, list[TrendPoint]]:
    """Received and decided per day (per week for long periods), oldest first."""
    zone = timezone.get_current_timezone()
    truncate, step, unit = (
        (TruncDay, timedelta(days=1), "day")
        if scope.days <= DAILY_UP_TO
        else (TruncWeek, timedelta(weeks=1), "week")
    )
    first = truncate_datetime(scope.since, unit)
    points: dict[datetime, TrendPoint] = {}
    moment = first
    while moment <= scope.now:
        points[moment] = TrendPoint(start=moment)
        moment = truncate_datetime(moment + step + timedelta(hours=2), unit)
    suggestions = scope.suggestions()
    received = (
        suggestions.filter(created_at__gte=scope.since)
        .annotate(bucket=truncate("created_at", tzinfo=zone))
        .values("bucket")
        .annotate(count=Count("pk"))
    )
    decided = (
        suggestions.filter(decided_at__gte=scope.since, status__in=DECIDED_STATUSES)
        .annotate(bucket=truncate("decided_at", tzinfo=zone))
        .values("bucket")
        .annotate(count=Count("pk"))
    )
    for attribute, rows in (("received", received), ("decided", decided)):
        for row in rows:
            point = points.get(row["bucket"])
            if point is None:
                # Only if the database cut a day differently from Python (a change of
                # clocks): the point whose day or week contains it.
                point = [p for p in points.values() if p.start <= row["bucket"]][-1]
            setattr(point, attribute, getattr(point, attribute) + row["count"])
    return unit, list(points.values())


def truncate_datetime(moment: datetime, unit: str) -> datetime:
    """The start of ``moment``'s day or (ISO, Monday) week in the newsroom's time zone."""
    local = timezone.localtime(moment)
    day = local.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "week":
        day -= timedelta(days=day.weekday())
    # Re-localised: midnight may be on the other side of a change of clocks.
    return timezone.make_aware(day.replace(tzinfo=None))


@dataclass
class Row:
    """One line of a breakdown table: a section or a kind with its figures."""

    label: str
    figures: Figures


@dataclass
class Dashboard:
    scope: Scope
    total: Figures
    by_section: list[Row]
    by_kind: list[Row]
    trend_unit: str
    trend: list[TrendPoint]


def all_sections() -> list[Section]:
    return list(Section.objects.order_by("position", "name"))


def dashboard(scope: Scope, *, sections: list[Section]) -> Dashboard:
    """Every figure of the standards dashboard, in seven queries (``sections`` is the 8th).

    Counts add up, so one pass grouped by section and kind gives them all. Percentiles
    do not, so the total, the sections and the kinds each take a pass of their own, over
    the decided suggestions only.
    """
    total = Figures()
    per_section: dict[int, Figures] = defaultdict(Figures)
    per_kind: dict[str, Figures] = defaultdict(Figures)
    counts = (
        scope.suggestions()
        .filter(_relevant(scope))
        .values("article__section", "kind")
        .annotate(**_count_aggregates(scope))
    )
    for row in counts:
        for figures in (total, per_section[row["article__section"]], per_kind[row["kind"]]):
            _add_counts(figures, row)

    decided = scope.suggestions().filter(_decided(scope))
    times = _time_aggregates(scope)
    _set_times(total, decided.aggregate(**times))
    for row in decided.values("article__section").annotate(**times):
        _set_times(per_section[row["article__section"]], row)
    for row in decided.values("kind").annotate(**times):
        _set_times(per_kind[row["kind"]], row)

    articles = _article_figures(scope)
    total.articles = sum(count for count, _corrections in articles.values())
    total.corrections = sum(corrections for _count, corrections in articles.values())
    by_section = []
    for section in sections:
        if scope.section is not None and section != scope.section:
            continue
        figures = per_section[section.pk]
        figures.articles, figures.corrections = articles.get(section.pk, (0, 0))
        if figures.received or figures.decided or figures.open or figures.articles:
            by_section.append(Row(section.name, figures))

    by_kind = [
        Row(str(label), per_kind[value])
        for value, label in Suggestion.Kind.choices
        if not scope.kind or value == scope.kind
    ]
    unit, trend = _trend(scope)
    return Dashboard(
        scope=scope,
        total=total,
        by_section=by_section,
        by_kind=by_kind,
        trend_unit=unit,
        trend=trend,
    )


# --------------------------------------------------------------------------- display


def duration_display(seconds: float | None) -> str:
    """A wait as an editor says it: "45 min", "3.5 h", "2.1 d"; a dash when there is none."""
    if seconds is None:
        return "–"
    minutes = seconds / 60
    if minutes < 90:
        return pgettext("duration", "%(count)s min") % {"count": max(0, round(minutes))}
    hours = minutes / 60
    if hours < 48:
        return pgettext("duration", "%(count)s h") % {"count": number_format(hours, 1)}
    return pgettext("duration", "%(count)s d") % {"count": number_format(hours / 24, 1)}


# --------------------------------------------------------------------------- charts
# Geometry for the templates' SVG, in the units of a fixed viewBox; coordinates are
# formatted here so that no locale turns a decimal point into a comma.

CHART_WIDTH = 480
CHART_HEIGHT = 200
PLOT_LEFT = 44
PLOT_RIGHT = 8
PLOT_TOP = 12
PLOT_BOTTOM = 28
MAX_AXIS_LABELS = 6


def _coordinate(value: float) -> str:
    return f"{value:.1f}"


def nice_ceiling(value: int) -> int:
    """The smallest 1, 2 or 5 × 10ⁿ at or above ``value``: the top of a readable axis."""
    if value <= 1:
        return 1
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


@dataclass(frozen=True)
class Bar:
    x: str
    y: str
    width: str
    height: str
    label: str
    value: int


@dataclass(frozen=True)
class Tick:
    position: str
    label: str


@dataclass(frozen=True)
class Dot:
    x: str
    y: str
    label: str
    value: int


@dataclass(frozen=True)
class TrendChart:
    bars: list[Bar]
    line: str
    dots: list[Dot]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    left: int = PLOT_LEFT
    right: int = CHART_WIDTH - PLOT_RIGHT
    baseline: int = CHART_HEIGHT - PLOT_BOTTOM


def trend_chart(points: list[TrendPoint]) -> TrendChart:
    """Received as bars, decided as a line over them, on one axis from 0."""
    top = nice_ceiling(max((max(p.received, p.decided) for p in points), default=0))
    plot_width = CHART_WIDTH - PLOT_LEFT - PLOT_RIGHT
    plot_height = CHART_HEIGHT - PLOT_TOP - PLOT_BOTTOM
    baseline = CHART_HEIGHT - PLOT_BOTTOM
    slot = plot_width / max(1, len(points))

    def y(value: int) -> float:
        return baseline - plot_height * value / top

    bars, dots = [], []
    for index, point in enumerate(points):
        left = PLOT_LEFT + index * slot
        bars.append(
            Bar(
                x=_coordinate(left + slot * 0.15),
                y=_coordinate(y(point.received)),
                width=_coordinate(slot * 0.7),
                height=_coordinate(baseline - y(point.received)),
                label=point.label,
                value=point.received,
            )
        )
        dots.append(
            Dot(
                x=_coordinate(left + slot / 2),
                y=_coordinate(y(point.decided)),
                label=point.label,
                value=point.decided,
            )
        )
    every = max(1, math.ceil(len(points) / MAX_AXIS_LABELS))
    x_ticks = [
        Tick(_coordinate(PLOT_LEFT + index * slot + slot / 2), point.label)
        for index, point in enumerate(points)
        if index % every == 0
    ]
    y_ticks = [Tick(_coordinate(y(value)), number_format(value)) for value in {0, top // 2, top}]
    return TrendChart(
        bars=bars,
        line=" ".join(f"{dot.x},{dot.y}" for dot in dots),
        dots=dots,
        y_ticks=y_ticks,
        x_ticks=x_ticks,
    )


@dataclass(frozen=True)
class Segment:
    """A part of a 100 % bar: its start and width in per cent of the bar."""

    name: str
    label: str
    value: int
    x: str
    width: str


def share_bar(figures: Figures) -> list[Segment]:
    """The decided suggestions split by outcome, left to right, as one bar."""
    parts = [
        ("accepted", gettext("accepted"), figures.accepted),
        ("rejected", gettext("rejected"), figures.rejected),
        ("spam", gettext("spam"), figures.spam),
        ("duplicate", gettext("duplicate"), figures.duplicate),
    ]
    segments, start = [], 0.0
    for name, label, value in parts:
        width = 100 * value / figures.decided if figures.decided else 0
        segments.append(Segment(name, label, value, _coordinate(start), _coordinate(width)))
        start += width
    return segments


@dataclass(frozen=True)
class BacklogBar:
    label: str
    value: int
    width: str


def backlog_bars(figures: Figures) -> list[BacklogBar]:
    """Open suggestions by age, each bar's length in per cent of the longest."""
    longest = max(figures.backlog, default=0) or 1
    return [
        BacklogBar(str(label), value, _coordinate(100 * value / longest))
        for (label, _older, _at_most), value in zip(BACKLOG_AGES, figures.backlog, strict=True)
    ]
