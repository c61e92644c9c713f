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
def centres(registry):
    """A "Laser Centre" without any laser service and a centre with laser testing at TRL 4-6."""
    photonics = models.Technology.objects.create(scheme="TEST", code="PHOT", name="Photonics")
    lasers = models.Technology.objects.create(
        scheme="TEST", code="PHOT-L", name="Laser processing", parent=photonics
    )
    metrology = models.Technology.objects.create(scheme="TEST", code="METRO", name="Metrology")
    region = models.Region.objects.get(code="XA111")

    def centre(key, name, position, service, technology, trls):
        """A technology centre in XA111 offering one service (name, description) at TRLs."""
        organisation = models.Organisation.objects.create(
            key=key,
            name=name,
            type="technology_centre",
            country="XA",
            region=region,
            lat=position[0],
            lon=position[1],
            languages=["en"],
        )
        models.Service.objects.create(
            key=f"{key}-1",
            organisation=organisation,
            kind="service",
            name=service[0],
            description=service[1],
            technology=technology,
            trl_min=trls[0],
            trl_max=trls[1],
        )
        return organisation

    laser_centre = centre(
        "LC",
        "Laser Centre",
        (50.3, 10.6),
        ("Testing at Laser Centre", "Coordinate measuring of parts at the Laser Centre"),
        metrology,
        (1, 9),
    )
    beam = centre(
        "BW",
        "Beam Works",
        (51.0, 11.0),
        ("Beam testing", "Characterisation of beams and optics"),
        lasers,
        (4, 6),
    )
    return {"laser_centre": laser_centre, "beam": beam}
