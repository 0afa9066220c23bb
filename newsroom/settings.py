"""Settings for the newsroom site.

Configuration comes only from the environment (twelve-factor), so the same code runs on a
laptop with SQLite and in production with PostgreSQL, Redis and several app servers.
"""

import os
from pathlib import Path
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Turn a DATABASE_URL into a DATABASES entry (sqlite:///path or postgres://...)."""
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        path = unquote(parts.path)
        # sqlite:///relative.db and sqlite:////absolute.db, as dj-database-url reads them.
        name = path[1:] if path.startswith("/") else path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": BASE_DIR / name if not Path(name).is_absolute() else name,
            "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 20},
        }
    if parts.scheme in {"postgres", "postgresql"}:
        options = dict(parse_qsl(parts.query, keep_blank_values=True))
        pool_max = int(options.pop("pool_max", "8"))
        # Statements bound on the server (newsroom/prepared.py: the reader's POST, nothing
        # else) are prepared once they have run this often on a connection; `none` turns
        # preparing off (for a transaction-pooling PgBouncer older than 1.21).
        prepare_threshold = options.pop("prepare_threshold", "5").strip().lower()
        options["prepare_threshold"] = (
            None if prepare_threshold in {"", "none"} else int(prepare_threshold)
        )
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")),
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": parts.port or "",
            # The psycopg pool replaces persistent connections: each worker borrows a
            # connection per request and a restarted database is reconnected transparently.
            "OPTIONS": {
                "pool": {"min_size": 1, "max_size": pool_max, "timeout": 5},
                **options,
            },
        }
    raise ImproperlyConfigured(f"DATABASE_URL scheme {parts.scheme!r} is not supported.")


DEBUG = env_bool("DJANGO_DEBUG", False)

# Without a secret in production, commands that sign nothing (makemigrations, migrate)
# still run, with a warning; serving refuses to start (newsroom/wsgi.py).
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.syndication",
    "django_htmx",
    "django_tasks_db",
    "newsroom",
    "corrections",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "newsroom.middleware.MethodNotAllowedPageMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "newsroom.middleware.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "newsroom.middleware.UnreadableFormMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "newsroom.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "newsroom.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": database_from_url(os.environ.get("DATABASE_URL", "sqlite:///db.sqlite3")),
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "newsroom.cache_backends.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "newsroom"),
            # Fail fast when Redis is away: pages are then rendered uncached.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Whole public pages are cached (newsroom/cache.py). Each process has its own memory cache,
# and an edit invalidates only the one that saved it, so without Redis pages expire sooner.
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", 600 if REDIS_URL else 30))
# How long browsers and a CDN may keep a public page; our own invalidation cannot reach them.
PAGE_CACHE_MAX_AGE = int(os.environ.get("PAGE_CACHE_MAX_AGE", 60))

TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django.tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

MAILER_BACKEND = os.environ.get(
    "EMAIL_BACKEND_PATH",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
SMTP_OPTIONS = {
    "host": os.environ.get("EMAIL_HOST", "localhost"),
    "port": int(os.environ["EMAIL_PORT"]) if os.environ.get("EMAIL_PORT") else None,
    "username": os.environ.get("EMAIL_USER"),
    "password": os.environ.get("EMAIL_PASSWORD"),
    "use_tls": env_bool("EMAIL_USE_TLS", False) or None,
    # A mail server that hangs must not hold a worker (or a request) for long.
    "timeout": int(os.environ.get("EMAIL_TIMEOUT", "10")),
}
MAILERS = {
    "default": {
        "BACKEND": MAILER_BACKEND,
        "OPTIONS": {key: value for key, value in SMTP_OPTIONS.items() if value is not None}
        if MAILER_BACKEND.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "corrections@newsroom.example")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The corrections desk's shared mailbox; it hears about every new reader suggestion.
CORRECTIONS_DESK_EMAIL = os.environ.get("CORRECTIONS_DESK_EMAIL", "")

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The languages the site, its articles and the desk can speak. The public site speaks
# LANGUAGE_CODE (or an article's own language), never the visitor's browser's, so a page is
# the same for everyone and can be cached whole; the desk follows the editor's browser
# (newsroom.middleware.SiteLanguageMiddleware).
LANGUAGES = [("en", _("English")), ("uk", _("Ukrainian"))]
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en").strip().lower() or "en"
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ImproperlyConfigured(
        f"LANGUAGE_CODE {LANGUAGE_CODE!r} is not one of {', '.join(dict(LANGUAGES))}."
    )
# Our catalogue, then the few of Django's own admin strings its Ukrainian lacks.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "django"]
# Our own date formats ("30 November 2026", "30 листопада 2026") over Django's defaults.
FORMAT_MODULE_PATH = ["newsroom.formats"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# The site's public identity, used in pages, feeds and structured data.
SITE_NAME = os.environ.get("SITE_NAME", "The Harbour Chronicle")
# In development the site is wherever `make run` serves it (PORT), so links in emails work.
SITE_URL = (
    os.environ.get("SITE_URL") or f"http://127.0.0.1:{os.environ.get('PORT') or 8000}"
    if DEBUG
    else os.environ.get("SITE_URL", "http://127.0.0.1:8000")
).rstrip("/")

# Readers' emails, IP hashes and user agents are kept this long (purge_personal_data).
CORRECTIONS_PERSONAL_DATA_RETENTION_DAYS = int(
    os.environ.get("CORRECTIONS_PERSONAL_DATA_RETENTION_DAYS", 180)
)

# Security headers on every response. Scripts run only from our own origin or with the
# per-response nonce; no inline styles, so templates keep all styling in static CSS.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    # Load balancers probe over plain HTTP.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A status page's address is its key: logs keep only a prefix of it (corrections/logs.py).
    "filters": {"status_tokens": {"()": "corrections.logs.StatusTokenFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["status_tokens"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django": {"handlers": ["console"], "level": "WARNING", "propagate": False}},
}

# Reader corrections: abuse limits are settings so load tests and busy sites can raise them.
# CORRECTIONS_RATE_LIMITS: {"ip" | "article": (requests, seconds)}.
CORRECTIONS_RATE_LIMITS = {
    "ip": (int(os.environ.get("CORRECTIONS_IP_LIMIT", 10)), 3600),
    "article": (int(os.environ.get("CORRECTIONS_ARTICLE_LIMIT", 200)), 3600),
}
CORRECTIONS_MIN_SUBMIT_SECONDS = float(os.environ.get("CORRECTIONS_MIN_SUBMIT_SECONDS", 3))
# How many proxies in front of the app append to X-Forwarded-For; 0 trusts only REMOTE_ADDR.
CORRECTIONS_TRUSTED_PROXIES = int(os.environ.get("CORRECTIONS_TRUSTED_PROXIES", 0))
CSRF_FAILURE_VIEW = "corrections.views.csrf_failure"
