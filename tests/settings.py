"""Settings for the test suite: production settings (DEBUG off) with test-only secrets."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-0123456789-abcdefghijklmnop")
os.environ.setdefault("DJANGO_SECURE_SSL_REDIRECT", "0")

from newsroom.settings import *  # noqa: F403
from newsroom.settings import STORAGES

# The hashed-name storage needs `collectstatic`; tests serve files from the finders.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Static files come from the finders, as under `runserver`; there is no collected folder.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
