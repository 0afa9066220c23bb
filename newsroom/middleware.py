from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

# Long enough for a database restart or fail-over; readers and load balancers come back then.
RETRY_AFTER_SECONDS = 30


class DatabaseUnavailableMiddleware:
    """A database outage answers 503 with Retry-After on every page, not a 500.

    An outage is temporary and not our visitors' fault: a 503 tells readers to come back,
    load balancers to try another server and crawlers not to drop the page. Pages found
    in the page cache are still served, as they need no database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        response = render(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response


class SiteLanguageMiddleware:
    """The public site speaks the site's language; the desk speaks the editor's.

    Public pages are cached whole and shared by every visitor, so they cannot follow the
    browser's Accept-Language: they speak settings.LANGUAGE_CODE, or an article's own
    language where a view switches to it. The admin is per person and never cached, so it
    follows the editor's browser (or Django's language cookie), as LocaleMiddleware would.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for_editor = request.path_info.startswith(reverse("admin:index"))
        if for_editor:
            language = translation.get_language_from_request(request)
        else:
            language = settings.LANGUAGE_CODE
        with translation.override(language):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
        if for_editor:
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", language)
        return response
