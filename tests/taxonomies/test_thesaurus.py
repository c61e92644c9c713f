"""The shared technology thesaurus: everyday words in three languages, and one technology per name."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import clustera.synth
from clustera.errors import DataFormatError, DuplicateError
from clustera.matching import TECHNOLOGY_ALIASES as OLD_PATH_ALIASES
from clustera.matching import expand_aliases as old_path_expand
from clustera.taxonomies.thesaurus import (
    TECHNOLOGY_ALIASES,
    expand_aliases,
    expand_query,
    load_thesaurus,
    technology_key,
)


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("3D printing", "additive manufacturing"),
        ("3d-printing services", "additive manufacturing"),
        ("impression 3D", "additive manufacturing"),
        ("3D-Druck", "additive manufacturing"),
        ("AI", "artificial intelligence"),
        ("intelligence artificielle", "artificial intelligence"),
        ("IA", "artificial intelligence"),
        ("Künstliche Intelligenz", "artificial intelligence"),
        ("KI", "artificial intelligence"),
        ("chips", "micro- and nanoelectronics"),
        ("puces", "micro- and nanoelectronics"),
        ("Halbleiter", "micro- and nanoelectronics"),
        ("robots", "robotics"),
        ("Roboter", "robotics"),
        ("robotique", "robotics"),
        ("IoT", "internet of things"),
        ("objets connectés", "internet of things"),
        ("cloud", "cloud computing"),
        ("hydrogen", "hydrogen"),
        ("hydrogène", "hydrogen"),
        ("Wasserstoff", "hydrogen"),
        ("batteries", "batteries"),
        ("Batterien", "batteries"),
        ("Akku", "batteries"),
    ],
)
def test_everyday_words_in_three_languages_stand_for_a_technology(text, concept):
    assert expand_query(text).concepts == (concept,)


def test_narrow_words_and_words_inside_words_do_not_widen_a_search():
    # a photonics cluster is not a laser maker: "laser" stays a plain word in a search
    assert expand_query("laser welding").hits == ()
    assert expand_query("chair design").hits == ()  # "ai" inside a word
    assert expand_query("j'ai besoin d'un partenaire").hits == ()  # French "ai" is no alias
    # the centre finder still reads a narrower word as its field
    assert expand_aliases("laser welding") == "laser welding photonics"


def test_the_rest_of_a_query_keeps_its_words():
    query = expand_query("3D printing titanium Lyon")
    assert query.concepts == ("additive manufacturing",)
    assert query.rest == "titanium Lyon"
    assert query.hits[0].phrase == "3D printing"


def test_old_import_path_of_the_centre_finder_still_works():
    assert OLD_PATH_ALIASES is TECHNOLOGY_ALIASES
    assert old_path_expand("3D printing of titanium parts") == (
        "3D printing of titanium parts additive manufacturing"
    )
    assert TECHNOLOGY_ALIASES["3d printing"] == "additive manufacturing"


def test_one_technology_under_two_schemes_has_one_key():
    # KETs and ATI name the same technologies differently; the thesaurus says they are one
    assert technology_key("Advanced manufacturing technologies") == technology_key(
        "Advanced manufacturing"
    )
    assert technology_key("Micro- and nanoelectronics") == technology_key(
        "Micro and nanoelectronics"
    )
    assert technology_key("Cloud technologies") == technology_key("Cloud computing")
    # everyday and narrower words never merge tags: WIPO's "Optics" is not "Photonics"
    assert technology_key("Optics") != technology_key("Photonics")
    assert technology_key("Semiconductors") != technology_key("Micro- and nanoelectronics")
    # names the thesaurus does not know merge only when equal once normalised
    assert technology_key("Surface technology and coating") == technology_key(
        "Surface  Technology and coating"
    )


def test_the_shipped_thesaurus_covers_every_ket_and_ati_name(shared):
    import pandas as pd

    thesaurus = load_thesaurus()
    kets = pd.read_csv(shared("data/taxonomy/kets_6_key_enabling_technologies.csv"))
    ati = pd.read_csv(shared("data/taxonomy/ati_advanced_technologies_for_industry_16.csv"))
    synthetic = json.loads(
        (Path(clustera.synth.__file__).parent / "data/taxonomy.json").read_text()
    )
    names = [item["name"] for item in synthetic["advanced_technologies"]]
    for name in [*kets["ket_name"], *ati["technology"], *names]:
        assert thesaurus.concept_of_label(name) is not None, name


def test_a_broken_thesaurus_file_names_its_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "concept,kind,language,term\nrobotics,name,en,robotics\nrobotics,synonym,en,x\n"
    )
    with pytest.raises(DataFormatError) as error:
        load_thesaurus(path)
    assert "line 3" in str(error.value)
    path.write_text("concept,kind,language,term\nrobotics,name,en,bot\nai,everyday,en,Bot\n")
    with pytest.raises(DuplicateError):
        load_thesaurus(path)
