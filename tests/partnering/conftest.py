from __future__ import annotations

import pytest
from django.core.management import call_command

from clustera.portal.seeding import seed_world
from clustera.registry import models


@pytest.fixture(scope="module")
def anchor_excluded_types() -> tuple[str, ...]:
    """Organisation types the world's anchor may not have; a module overrides this."""
    return ()


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, anchor_excluded_types):
    """A 300-organisation synthetic world, seeded once for the module, with its model fitted."""
    with django_db_blocker.unblock():
        from clustera.partnering import services

        seed_world(11, 300, with_datasets=False)
        # a model fitted by an earlier module (another world) may be in memory: fit this one
        services.refit()
        anchor = (
            models.Organisation.objects.filter(is_public=True, participations__isnull=False)
            .exclude(type__in=anchor_excluded_types)
            .order_by("key")
            .first()
        )
        yield {"anchor": anchor}
        call_command("flush", interactive=False, verbosity=0)


@pytest.fixture
def refit_requests(settings, tmp_path, monkeypatch):
    """No stored model yet (a fresh data folder); refit requests are recorded, not run."""
    from clustera.partnering import model_store

    settings.DATA_DIR = tmp_path
    requests: list[str] = []
    monkeypatch.setattr(model_store._Fitted, "recommender", None)
    monkeypatch.setattr(model_store._Fitted, "loaded_mtime", 0.0)
    monkeypatch.setattr(model_store._Fitted, "fingerprint", "")
    monkeypatch.setattr(model_store._Fitted, "refit_requested", "")
    monkeypatch.setattr(model_store._Fitted, "enqueue_refit", lambda: requests.append("refit"))
    return requests


@pytest.fixture
def centres(registry):
    """A "Laser Centre" without any laser service and a centre with laser testing at TRL 4-6."""
    photonics = models.Technology.objects.create(scheme="TEST", code="PHOT", name="Photonics")
    lasers = models.Technology.objects.create(
        scheme="TEST", code="PHOT-L", name="Laser processing", parent=photonics
    )
    metrology = models.Technology.objects.create(scheme="TEST", code="METRO", name="Metrology")
    region = models.Region.objects.get(code="XA111")

    def centre(key, name, lat, lon):
        return models.Organisation.objects.create(
            key=key,
            name=name,
            type="technology_centre",
            country="XA",
            region=region,
            lat=lat,
            lon=lon,
            languages=["en"],
        )

    laser_centre = centre("LC", "Laser Centre", 50.3, 10.6)
    beam = centre("BW", "Beam Works", 51.0, 11.0)
    models.Service.objects.create(
        key="LC-1",
        organisation=laser_centre,
        kind="service",
        name="Testing at Laser Centre",
        description="Coordinate measuring of parts at the Laser Centre",
        technology=metrology,
        trl_min=1,
        trl_max=9,
    )
    models.Service.objects.create(
        key="BW-1",
        organisation=beam,
        kind="service",
        name="Beam testing",
        description="Characterisation of beams and optics",
        technology=lasers,
        trl_min=4,
        trl_max=6,
    )
    return {"laser_centre": laser_centre, "beam": beam}
