"""Settings for the test suite: a throw-away data folder, fast hashing, eager tasks.

``CLUSTERA_DATABASE_URL`` picks the database as in production; pytest-django
creates ``test_<name>`` and drops it afterwards.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("CLUSTERA_DATA_DIR", tempfile.mkdtemp(prefix="clustera-test-"))
os.environ.setdefault("CLUSTERA_RECOMMENDER_REFIT", "false")
os.environ.setdefault("CLUSTERA_SECRET_KEY", "test-only-not-secret")  # noqa: S105

from clustera.portal.settings.base import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# API rate limits off (the contract and matrix tests send thousands of requests from one
# address); tests of the limits set a rate and use this per-process cache.
CLUSTERA_API_RATE_IP = ""
CLUSTERA_API_RATE_TOKEN = ""
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "throttle": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "rl"},
    "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
}
CLUSTERA_PAGE_CACHE_SECONDS = 0  # off: tests change the registry between pages (test_page_cache)
CLUSTERA_FACET_CACHE_SECONDS = 0  # counted afresh: tests change the registry between pages
