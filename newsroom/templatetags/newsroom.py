from django import template
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext

from newsroom.models import site_path as _site_path

register = template.Library()


@register.simple_tag
def byline(names: list[str]) -> str:
    """ "By A, B and C", translated as whole phrases (word order differs between languages)."""
    spans = [format_html('<span class="article__author">{}</span>', name) for name in names]
    if len(spans) == 1:
        listed = spans[0]
    else:
        listed = format_html(
            # Translators: the last two names of a byline, e.g. "Ann Lee, Bo Chan and Cy Day".
            gettext("{names} and {last}"),
            names=format_html_join(", ", "{}", ((span,) for span in spans[:-1])),
            last=spans[-1],
        )
    return format_html(gettext("By {names}"), names=listed)


@register.simple_tag
def site_path(viewname: str) -> str:
    """`{% url %}` for the links on every page (home, feed, corrections), reversed once."""
    return _site_path(viewname)


@register.filter
def result_count(changelist) -> str:
    """The admin list's "10 articles", in the model's own plural forms where it has them.

    Django's pagination prints the number before the model's singular or plural name,
    which gives "10 статті" where Ukrainian says "10 статей" (see newsroom.admin.NamedPages).
    """
    count = changelist.result_count
    label = getattr(changelist.model_admin, "count_label", None)
    if label is not None:
        return label % {"count": count}
    opts = changelist.opts
    return f"{count} {opts.verbose_name if count == 1 else opts.verbose_name_plural}"
