"""Settings for bench/public_pages.py: the development settings without DEBUG, with the
benchmark's own database and page cache, and a fixed view to compare pages with."""

from cms.settings.dev import *  # noqa: F403
from cms.settings.env import env

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "bench.public_urls"
LOGGING["root"]["level"] = env("LOG_LEVEL", "WARNING")  # noqa: F405
if env("PAGE_CACHE_URL") is None:
    CACHES["pages"]["LOCATION"] = str(VAR_DIR / "bench-page-cache")  # noqa: F405
STATIC_ROOT = str(VAR_DIR / "bench-static")  # noqa: F405  (WhiteNoise warns if missing)
(VAR_DIR / "bench-static").mkdir(exist_ok=True)  # noqa: F405
