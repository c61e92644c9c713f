"""Background tasks of partnering.

The task imports the use case it runs; the use cases never import this module
(``PartneringConfig.ready`` hands the task to ``model_store``), so there is no cycle.
"""

from __future__ import annotations

from django_tasks import task

from clustera.partnering import services


@task()
def refit_recommender() -> str:
    """Refit the partner recommender on the registry as it is now."""
    return services.refit()


@task()
def remind_expiring_offers() -> int:
    """Remind the admins of offers expiring soon to renew them (idempotent)."""
    from clustera.partnering import marketplace

    return marketplace.remind_expiring_offers()
