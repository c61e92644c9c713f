"""The directory understands the field's words; facets show all values; one technology shows once."""

from __future__ import annotations

import pytest

from clustera.registry import models

pytestmark = pytest.mark.django_db


@pytest.fixture
def printing(registry):
    """A firm tagged with additive manufacturing whose text never says so."""
    ati = models.Technology.objects.create(
        scheme="ATI", code="ATI01", name="Additive manufacturing"
    )
    firm = models.Organisation.objects.create(
        key="ORG9", name="Forma Parts", type="sme", description="Titanium parts for aircraft",
        city="Port City", country="XA", is_public=True,
    )  # fmt: skip
    firm.technologies.add(ati)
    return firm


def _keys(response) -> list[str]:
    return [o.key for o in response.context["page"]]


@pytest.mark.parametrize("q", ["3D printing", "impression 3D", "3D-Druck", "fabrication additive"])
def test_everyday_words_find_a_tagged_organisation_in_the_directory(client, printing, q):
    assert _keys(client.get("/directory/", {"q": q})) == ["ORG9"]
    assert client.get("/directory/", {"q": q}).context["facets"][0].values[0].value == "sme"


@pytest.mark.parametrize("q", ["3D printing", "impression 3D", "3D-Druck"])
def test_everyday_words_in_the_api_search(client, printing, q):
    items = client.get("/api/organisations", {"q": q}).json()["items"]
    assert [o["key"] for o in items] == ["ORG9"]


def test_thesaurus_words_combine_with_other_words(client, printing):
    assert _keys(client.get("/directory/", {"q": "3D printing titanium"})) == ["ORG9"]
    assert _keys(client.get("/directory/", {"q": "3D printing harbour"})) == []
    # the words as typed still find a text that holds them
    models.Organisation.objects.filter(key="ORG1").update(description="We do 3D printing")
    assert sorted(_keys(client.get("/directory/", {"q": "3d printing"}))) == ["ORG1", "ORG9"]
    # organisations tagged with the technology come first
    assert _keys(client.get("/directory/", {"q": "3d printing"}))[0] == "ORG9"


def test_chips_and_puces_find_micro_and_nanoelectronics(client, registry):
    # KET1 "Micro- and nanoelectronics" is ORG2's tag; its text says "Laser optics and sensors"
    for q in ("chips", "puces", "Halbleiter", "microelectronics"):
        assert _keys(client.get("/directory/", {"q": q})) == ["ORG2"], q


def test_a_narrow_word_is_not_widened_to_its_field(client, registry):
    # "laser" is photonics, but the photonics cluster (ORG1) does not make lasers
    assert _keys(client.get("/directory/", {"q": "laser"})) == ["ORG2"]


@pytest.fixture
def many_countries(registry):
    for number in range(15):
        models.Organisation.objects.create(
            key=f"C{number:02d}", name=f"Firm {number}", type="sme", country=f"Q{number:01X}",
            is_public=True,
        )  # fmt: skip


def test_a_cut_facet_offers_show_all_without_javascript(client, many_countries):
    response = client.get("/directory/", {"type": "sme"})
    country = next(f for f in response.context["facets"] if f.name == "country")
    assert len(country.values) == 12 and country.truncated
    body = response.content.decode()
    assert 'href="?type=sme&amp;facet_all=country#facet-country"' in body
    everything = client.get("/directory/", {"type": "sme", "facet_all": "country"})
    country = next(f for f in everything.context["facets"] if f.name == "country")
    assert len(country.values) == 16 and not country.truncated and country.expanded
    assert "Show fewer" in everything.content.decode()
    # every other facet keeps its cut; an unknown facet name is ignored
    ignored = client.get("/directory/", {"facet_all": "nonsense"})
    assert next(f for f in ignored.context["facets"] if f.name == "country").truncated


@pytest.fixture
def twins(registry):
    """ORG1 and ORG2 tagged with both KET2 and ATI14 "Photonics"; ORG9 with ATI14 only."""
    ati = models.Technology.objects.create(scheme="ATI", code="ATI14", name="Photonics")
    for key in ("ORG1", "ORG2"):
        registry[key].technologies.add(ati)
    lone = models.Organisation.objects.create(
        key="ORG9", name="Beam Works", type="sme", country="XA", is_public=True
    )
    lone.technologies.add(ati)
    return ati


def test_one_technology_under_two_schemes_shows_once_in_the_facet(client, twins):
    response = client.get("/directory/")
    technology = next(f for f in response.context["facets"] if f.name == "technology")
    labels = [v.label for v in technology.values]
    assert labels.count("Photonics") == 1
    photonics = next(v for v in technology.values if v.label == "Photonics")
    assert photonics.count == 3  # three organisations, however many tags each carries


@pytest.mark.parametrize("code", ["KET2", "ATI14", "ATI:ATI14"])
def test_filtering_by_either_scheme_finds_both(client, twins, code):
    assert sorted(_keys(client.get("/directory/", {"technology": code}))) == [
        "ORG1",
        "ORG2",
        "ORG9",
    ]
    facet = next(
        f
        for f in client.get("/directory/", {"technology": code}).context["facets"]
        if f.name == "technology"
    )
    assert [v.selected for v in facet.values if v.label == "Photonics"] == [True]


def test_one_technology_shows_once_on_the_profile_and_in_the_list(client, twins, registry):
    body = client.get(f"/organisations/{registry['ORG2'].pk}/").content.decode()
    technologies = body.split("Technologies</dt>")[1].split("</dd>")[0]
    assert technologies.count(">Photonics<") == 1
    listing = client.get("/directory/", {"q": "Lumen"}).content.decode()
    assert listing.count('<span class="tag">Photonics</span>') == 1
