import os

import django
from django.core.exceptions import ImproperlyConfigured
from django.core.handlers.wsgi import WSGIHandler, WSGIRequest

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


class Request(WSGIRequest):
    def _set_content_type_params(self, meta):
        # Django looks the charset up with codecs.lookup(), which raises ValueError (not
        # LookupError) for a name with a NUL in it: the request could not even be built,
        # and the development server answered 500. A charset that is no charset is
        # ignored, as Django ignores unknown names.
        try:
            super()._set_content_type_params(meta)
        except ValueError:
            self.encoding = None


class Handler(WSGIHandler):
    request_class = Request


# What django.core.wsgi.get_wsgi_application() does, with our request class.
django.setup(set_prefix=False)
application = Handler()

from newsroom.checks import SIGNING_KEY_MESSAGE, has_signing_key  # noqa: E402

# Fail at start-up, not on the first form a reader opens.
if not has_signing_key():
    raise ImproperlyConfigured(SIGNING_KEY_MESSAGE)
