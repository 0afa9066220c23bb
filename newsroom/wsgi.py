import os

from django.core.exceptions import ImproperlyConfigured
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

from newsroom.checks import SIGNING_KEY_MESSAGE, has_signing_key  # noqa: E402

# Fail at start-up, not on the first form a reader opens.
if not has_signing_key():
    raise ImproperlyConfigured(SIGNING_KEY_MESSAGE)
