from django.conf import settings

from .models import Section
from .prepared import PreparedQuery

# On every public page: compiled once per thread (newsroom/prepared.py).
NAVIGATION = PreparedQuery(Section.objects.all)


def site(request):
    """The site's name and its sections for the navigation, on every page."""
    return {
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL,
        # Pages about an article in another language mark the site's own words with this.
        "site_language": settings.LANGUAGE_CODE,
        # Lazy: evaluated only by templates that render the navigation.
        "navigation_sections": NAVIGATION.fetch,
    }
