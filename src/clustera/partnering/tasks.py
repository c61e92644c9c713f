"""Background tasks of partnering."""

from __future__ import annotations

from django_tasks import task


@task()
def refit_recommender() -> str:
    """Refit the partner recommender on the registry as it is now."""
    from clustera.partnering.recommend import refit

    return refit()
