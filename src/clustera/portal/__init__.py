"""The Django project: settings, URLs, WSGI; the apps live beside it."""
