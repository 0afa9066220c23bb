from django import template

register = template.Library()


@register.inclusion_tag("corrections/_suggest_control.html")
def suggest_correction(article):
    """The end-of-article "Suggest a correction" control, the dialog shell and the widget.

    Holds nothing per visitor (no CSRF token, no cookie): the form is fetched when the
    dialog opens, so the article page can be cached whole.
    """
    return {"article": article, "suggest_url": article.get_absolute_url() + "suggest/"}
