"""The site as `bench/lighthouse.py` serves it: uploaded images served as a proxy would.

In production the proxy in front of gunicorn serves MEDIA_ROOT; a measurement without
one would see every lead image as a broken link.
"""

from django.conf import settings
from whitenoise import WhiteNoise

from newsroom.wsgi import application as site

application = WhiteNoise(site)
application.add_files(settings.MEDIA_ROOT, prefix=settings.MEDIA_URL)
