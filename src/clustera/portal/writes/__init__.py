"""Committed writes make visitors' stored pages stale, in every process (``apps.WritesConfig``).

Not an app of the registry's shape (no models, pages or API): an ``AppConfig`` only, so that the
page cache's write watcher (:func:`clustera.portal.page_cache.listen_for_writes`) starts with
Django wherever Django starts: the web processes, the task worker (``django db_worker``), the
scheduler and every ``clustera`` command.
"""
