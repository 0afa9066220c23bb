import codecs

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http.multipartparser import MultiPartParserError
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


class UnreadableFormMiddleware:
    """A form body that cannot be read answers 400 with words, before anything reads it.

    A urlencoded body in a charset other than UTF-8: Django refuses it with BadRequest when
    request.POST is first read. The CSRF check reads it, and so do Django's 400 and 500
    views (they run the CSRF check again), so every such request was a 500 with three
    chained tracebacks in the log. Another name for UTF-8 ("UTF8", "utf_8") is UTF-8 and
    is read as such.

    A broken multipart body: Django answered 400 but logged a traceback for each one.
    Either way anyone could flood the error log; now each is Django's one "Bad Request"
    line.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.content_type == "application/x-www-form-urlencoded" and request.encoding:
            if codecs.lookup(request.encoding).name != "utf-8":
                return render(request, "400.html", {"reason": "charset"}, status=400)
            request.encoding = "utf-8"
        elif request.content_type == "multipart/form-data" and request.method == "POST":
            try:
                request.POST  # noqa: B018 (parsed here, where a failure can be answered)
            except MultiPartParserError:
                return render(request, "400.html", status=400)
        return self.get_response(request)


class MethodNotAllowedPageMiddleware:
    """A 405 says in words which methods the address takes.

    Django's `require_http_methods` answers 405 with an empty body, which tells a person
    (or a developer trying the address by hand) nothing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            page = render(request, "405.html", {"allowed": response.get("Allow", "")}, status=405)
            page["Allow"] = response.get("Allow", "")
            return page
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
        self.admin_prefix = None  # reversed on the first request, when the URLconf is loaded

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("admin:index")
        for_editor = request.path_info.startswith(self.admin_prefix)
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
