from django.db import InterfaceError, OperationalError
from django.shortcuts import render

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
