from django.conf import settings
from django.core.checks import Warning, register
from django.core.exceptions import ImproperlyConfigured

SIGNING_KEY_MESSAGE = "Set DJANGO_SECRET_KEY (or DJANGO_DEBUG=1 for development)."


def has_signing_key() -> bool:
    try:
        return bool(settings.SECRET_KEY)
    except ImproperlyConfigured:  # Django refuses to read an empty key
        return False


@register
def secret_key_is_set(app_configs, **kwargs):
    if has_signing_key():
        return []
    return [
        Warning(
            SIGNING_KEY_MESSAGE,
            hint="The site will not serve pages, sessions or forms without it.",
            id="newsroom.W001",
        )
    ]
