"""The synthetic world's own code lists: activities, technologies, ecosystems, S3 priorities.

Every list is small, fictional in its codes and plausible in its names. Each
activity and technology has a position in a two-dimensional latent "product
space"; closeness in that space is the hidden relatedness that drives where
activities co-locate, so the observatory's relatedness methods have signal to find.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = ["Taxonomy", "build_taxonomy", "ACTIVITY_SCHEME"]

ACTIVITY_SCHEME = "SYN-NACE"
# The first latent axis runs from simple to complex activities; squeezing the second
# (the "domain" axis) makes sophistication the main direction of specialisation.
_AXES = np.array([1.0, 0.5])

# section code, name, latent anchor (x, y), base complexity (capabilities needed), divisions:
# division code, name, groups (names; codes are division.1, division.2, ...).
_ACTIVITIES: tuple[tuple[str, str, tuple[float, float], float, tuple[tuple[str, str, tuple[str, ...]], ...]], ...] = (
    ("A", "Agriculture, forestry and fishing", (-4.0, -3.0), 1.0, (
        ("01", "Crop and animal production", ("Growing of cereals", "Growing of vegetables", "Raising of dairy cattle", "Mixed farming")),
        ("02", "Forestry and logging", ("Silviculture", "Logging", "Support services to forestry")),
        ("03", "Fishing and aquaculture", ("Marine fishing", "Freshwater aquaculture")),
    )),
    ("B", "Food, drink and bio-based products", (-2.5, -2.0), 1.6, (
        ("10", "Manufacture of food products", ("Processing of meat", "Processing of fish", "Manufacture of dairy products", "Manufacture of bakery products", "Manufacture of prepared meals")),
        ("11", "Manufacture of beverages", ("Brewing of beer", "Manufacture of wine", "Manufacture of soft drinks")),
        ("12", "Wood, paper and bio-based materials", ("Sawmilling of wood", "Manufacture of paper and paperboard", "Manufacture of bio-based plastics")),
    )),
    ("C", "Textiles, clothing and consumer goods", (-3.0, 0.5), 1.8, (
        ("13", "Manufacture of textiles", ("Spinning of textile fibres", "Weaving of technical textiles", "Finishing of textiles")),
        ("14", "Manufacture of clothing and footwear", ("Manufacture of workwear", "Manufacture of footwear", "Manufacture of leather goods")),
        ("15", "Manufacture of furniture and other goods", ("Manufacture of furniture", "Manufacture of sports goods", "Manufacture of toys and games")),
    )),
    ("D", "Chemicals, pharmaceuticals and plastics", (0.5, -1.5), 3.2, (
        ("20", "Manufacture of chemicals", ("Manufacture of basic chemicals", "Manufacture of fertilisers", "Manufacture of paints and coatings", "Manufacture of specialty chemicals")),
        ("21", "Manufacture of pharmaceuticals", ("Manufacture of active pharmaceutical ingredients", "Manufacture of medicines", "Manufacture of vaccines and biologics")),
        ("22", "Manufacture of rubber and plastic products", ("Manufacture of plastic packaging", "Manufacture of rubber products", "Manufacture of composite parts")),
    )),
    ("E", "Metals, minerals and construction materials", (0.0, 1.5), 2.2, (
        ("23", "Manufacture of non-metallic mineral products", ("Manufacture of glass", "Manufacture of cement", "Manufacture of ceramics")),
        ("24", "Manufacture of basic metals", ("Manufacture of steel", "Production of aluminium", "Casting of metals")),
        ("25", "Manufacture of fabricated metal products", ("Manufacture of metal structures", "Machining of metal parts", "Surface treatment of metals", "Manufacture of tools")),
    )),
    ("F", "Machinery, vehicles and equipment", (2.0, 2.5), 3.4, (
        ("28", "Manufacture of machinery", ("Manufacture of engines and turbines", "Manufacture of agricultural machinery", "Manufacture of machine tools", "Manufacture of industrial robots")),
        ("29", "Manufacture of motor vehicles", ("Manufacture of cars", "Manufacture of electric vehicle batteries", "Manufacture of automotive parts")),
        ("30", "Manufacture of other transport equipment", ("Building of ships", "Manufacture of aircraft and spacecraft", "Manufacture of railway rolling stock")),
    )),
    ("G", "Electronics, optics and medical devices", (3.5, 0.5), 4.2, (
        ("26", "Manufacture of electronic and optical products", ("Manufacture of semiconductors", "Manufacture of printed circuit boards", "Manufacture of optical instruments", "Manufacture of measuring instruments", "Manufacture of communication equipment")),
        ("27", "Manufacture of electrical equipment", ("Manufacture of electric motors", "Manufacture of batteries and accumulators", "Manufacture of wiring devices", "Manufacture of lighting equipment")),
        ("32", "Manufacture of medical devices", ("Manufacture of medical instruments", "Manufacture of dental products", "Manufacture of diagnostic equipment")),
    )),
    ("H", "Energy, water and environment", (-0.5, 3.5), 2.4, (
        ("35", "Electricity and gas supply", ("Production of solar electricity", "Production of wind electricity", "Distribution of electricity", "Production of hydrogen")),
        ("36", "Water supply and waste management", ("Water collection and treatment", "Waste collection", "Recycling of materials")),
    )),
    ("I", "Construction and real estate", (-2.0, 2.5), 1.4, (
        ("41", "Construction of buildings", ("Construction of residential buildings", "Construction of non-residential buildings")),
        ("42", "Civil engineering", ("Construction of roads and railways", "Construction of utility projects")),
        ("43", "Specialised construction activities", ("Electrical installation", "Plumbing and heat installation", "Building completion")),
    )),
    ("J", "Transport, logistics and trade", (-1.0, -4.0), 1.2, (
        ("46", "Wholesale trade", ("Wholesale of food", "Wholesale of machinery", "Wholesale of pharmaceutical goods")),
        ("49", "Land transport and logistics", ("Freight transport by road", "Warehousing and storage", "Courier activities")),
        ("55", "Tourism and accommodation", ("Hotels and resorts", "Tour operators", "Restaurants")),
    )),
    ("K", "Information and communication", (4.0, -2.0), 4.0, (
        ("58", "Publishing and media", ("Publishing of software", "Video game publishing", "Film and video production")),
        ("61", "Telecommunications", ("Wired telecommunications", "Wireless telecommunications", "Satellite telecommunications")),
        ("62", "Computer programming and consultancy", ("Computer programming", "IT consultancy", "Data processing and hosting", "Cybersecurity services")),
    )),
    ("L", "Professional, scientific and technical services", (2.0, -3.5), 3.6, (
        ("71", "Engineering and testing", ("Engineering design", "Technical testing and analysis", "Certification services")),
        ("72", "Scientific research and development", ("Research in biotechnology", "Research in natural sciences and engineering", "Research in social sciences")),
        ("73", "Business services", ("Management consultancy", "Advertising and design", "Legal and accounting activities")),
    )),
)

# 35 technology fields in five sectors, each tied to the activity division it serves.
_FIELDS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("SFA", "Electrical engineering", (
        ("Electrical machinery and energy", "27"), ("Audio-visual technology", "26"), ("Telecommunications", "61"),
        ("Digital communication", "61"), ("Basic communication processes", "26"), ("Computer technology", "62"),
        ("IT methods for management", "62"), ("Semiconductors", "26"))),
    ("SFB", "Instruments", (
        ("Optics", "26"), ("Measurement", "26"), ("Analysis of biological materials", "72"),
        ("Control", "28"), ("Medical technology", "32"))),
    ("SFC", "Chemistry", (
        ("Organic fine chemistry", "20"), ("Biotechnology", "72"), ("Pharmaceuticals", "21"),
        ("Macromolecular chemistry and polymers", "22"), ("Food chemistry", "10"), ("Basic materials chemistry", "20"),
        ("Materials and metallurgy", "24"), ("Surface technology and coating", "25"),
        ("Micro-structural and nano-technology", "26"), ("Chemical engineering", "20"), ("Environmental technology", "36"))),
    ("SFD", "Mechanical engineering", (
        ("Handling", "28"), ("Machine tools", "28"), ("Engines, pumps and turbines", "28"),
        ("Textile and paper machines", "13"), ("Other special machines", "28"), ("Thermal processes and apparatus", "35"),
        ("Mechanical elements", "25"), ("Transport", "29"))),
    ("SFE", "Other fields", (
        ("Furniture and games", "15"), ("Other consumer goods", "14"), ("Civil engineering", "42"))),
)

_KETS = (
    ("KET1", "Advanced manufacturing"), ("KET2", "Advanced materials"), ("KET3", "Life-science technologies"),
    ("KET4", "Micro- and nanoelectronics"), ("KET5", "Photonics"), ("KET6", "Artificial intelligence and connectivity"),
)
# ATI technologies: name and the technology fields (by position, 1-based) they draw on.
_ATIS = (
    ("Additive manufacturing", (17, 20, 26)), ("Advanced materials", (20, 21, 17)), ("Artificial intelligence", (6, 7)),
    ("Augmented and virtual reality", (2, 6)), ("Big data", (6, 7)), ("Blockchain", (7, 4)),
    ("Cloud computing", (6, 4)), ("Connectivity", (3, 4)), ("Industrial biotechnology", (15, 11, 18)),
    ("Internet of things", (4, 12, 10)), ("Micro- and nanoelectronics", (8, 5)), ("Mobility technologies", (32, 1)),
    ("Nanotechnology", (22, 20)), ("Photonics", (9, 8)), ("Robotics", (25, 12, 26)), ("Cybersecurity", (6, 4)),
)

_ECOSYSTEMS = (
    ("Aerospace and defence", ("30", "26")), ("Agri-food", ("01", "10", "11", "46")),
    ("Construction", ("41", "42", "43", "23")), ("Cultural and creative industries", ("58", "73", "15")),
    ("Digital", ("62", "61", "58")), ("Electronics", ("26", "27")),
    ("Energy-intensive industries", ("20", "23", "24", "12")), ("Renewable energy", ("35", "27")),
    ("Health", ("21", "32", "72")), ("Mobility, transport and automotive", ("29", "30", "49")),
    ("Proximity and social economy", ("36", "55")), ("Retail and distribution", ("46", "49")),
    ("Textiles", ("13", "14")), ("Tourism", ("55",)),
)

_S3_PRIORITIES = (
    "Smart and sustainable agri-food", "Blue growth and maritime economy", "Advanced manufacturing systems",
    "Circular economy and bio-based materials", "Clean energy transition", "Digital transformation of industry",
    "Health and active ageing", "Sustainable mobility", "Creative and cultural industries",
    "Sustainable tourism", "Smart construction and cities", "Micro-electronics and photonics",
    "Cybersecurity and trusted data", "Green chemistry", "Space and earth observation", "Water and environment",
)


@dataclass(frozen=True)
class Taxonomy:
    """The code lists and the latent positions behind them."""

    activities: pd.DataFrame
    technologies: pd.DataFrame
    ecosystems: pd.DataFrame
    s3_priorities: pd.DataFrame
    leaf_codes: tuple[str, ...]
    leaf_position: npt.NDArray[np.float64]  # (leaves, 2) latent coordinates
    leaf_complexity: npt.NDArray[np.float64]  # capabilities an activity needs
    field_codes: tuple[str, ...]
    field_position: npt.NDArray[np.float64]
    ati_codes: tuple[str, ...]
    ati_fields: tuple[tuple[int, ...], ...]  # field positions (0-based) behind each ATI code
    ati_ket: tuple[str, ...]
    ecosystem_divisions: tuple[tuple[str, ...], ...]
    s3_ecosystems: tuple[tuple[int, ...], ...]


def build_taxonomy(rng: np.random.Generator) -> Taxonomy:
    """The fixed code lists, with latent positions drawn from ``rng``."""
    rows: list[dict[str, object]] = []
    leaf_codes, leaf_positions, complexity = [], [], []
    division_position: dict[str, npt.NDArray[np.float64]] = {}
    for section, section_name, anchor, base, divisions in _ACTIVITIES:
        rows.append({"scheme": ACTIVITY_SCHEME, "code": section, "name": section_name, "parent": "", "level": 0})
        for division, division_name, groups in divisions:
            rows.append({"scheme": ACTIVITY_SCHEME, "code": division, "name": division_name, "parent": section, "level": 1})
            centre = np.asarray(anchor) + rng.normal(0.0, 0.55, size=2)
            division_position[division] = centre
            division_complexity = base + rng.normal(0.0, 0.4)
            for index, group_name in enumerate(groups, start=1):
                code = f"{division}.{index}"
                rows.append({"scheme": ACTIVITY_SCHEME, "code": code, "name": group_name, "parent": division, "level": 2})
                leaf_codes.append(code)
                leaf_positions.append(centre + rng.normal(0.0, 0.3, size=2))
                complexity.append(max(1.0, division_complexity + rng.normal(0.0, 0.5)))
    activities = pd.DataFrame(rows)

    technology_rows: list[dict[str, str]] = []
    field_codes, field_positions = [], []
    number = 0
    for sector, sector_name, fields in _FIELDS:
        technology_rows.append({"scheme": "SYN-FIELD", "code": sector, "name": sector_name, "parent": ""})
        for field_name, division in fields:
            number += 1
            code = f"SF{number:02d}"
            technology_rows.append({"scheme": "SYN-FIELD", "code": code, "name": field_name, "parent": sector})
            field_codes.append(code)
            field_positions.append(division_position[division] + rng.normal(0.0, 0.35, size=2))
    for code, name in _KETS:
        technology_rows.append({"scheme": "SYN-KET", "code": code, "name": name, "parent": ""})
    ati_codes, ati_fields, ati_ket = [], [], []
    ket_of_field = _ket_of_fields(len(field_codes))
    for index, (name, fields_used) in enumerate(_ATIS, start=1):
        code = f"ATI{index:02d}"
        technology_rows.append({"scheme": "SYN-ATI", "code": code, "name": name, "parent": ""})
        ati_codes.append(code)
        ati_fields.append(tuple(field - 1 for field in fields_used))
        ati_ket.append(ket_of_field[fields_used[0] - 1])
    ecosystems = pd.DataFrame(
        {"code": [f"ECO{index:02d}" for index in range(1, len(_ECOSYSTEMS) + 1)], "name": [name for name, _ in _ECOSYSTEMS]}
    )
    s3_ecosystems = []
    for _ in _S3_PRIORITIES:
        s3_ecosystems.append(tuple(sorted(rng.choice(len(_ECOSYSTEMS), size=2, replace=False).tolist())))
    s3_priorities = pd.DataFrame(
        {"code": [f"S3P{index:02d}" for index in range(1, len(_S3_PRIORITIES) + 1)], "name": list(_S3_PRIORITIES)}
    )
    return Taxonomy(
        activities=activities,
        technologies=pd.DataFrame(technology_rows),
        ecosystems=ecosystems,
        s3_priorities=s3_priorities,
        leaf_codes=tuple(leaf_codes),
        leaf_position=np.array(leaf_positions) * _AXES,
        leaf_complexity=np.array(complexity),
        field_codes=tuple(field_codes),
        field_position=np.array(field_positions) * _AXES,
        ati_codes=tuple(ati_codes),
        ati_fields=tuple(ati_fields),
        ati_ket=tuple(ati_ket),
        ecosystem_divisions=tuple(divisions for _, divisions in _ECOSYSTEMS),
        s3_ecosystems=tuple(s3_ecosystems),
    )


def _ket_of_fields(n_fields: int) -> list[str]:
    """The KET most associated with each technology field (by field number)."""
    kets = []
    for number in range(1, n_fields + 1):
        if number in (8, 5, 1, 22):
            kets.append("KET4")
        elif number in (9, 2):
            kets.append("KET5")
        elif number in (3, 4, 6, 7):
            kets.append("KET6")
        elif number in (11, 13, 14, 15, 16):
            kets.append("KET3")
        elif number in (17, 19, 20, 21):
            kets.append("KET2")
        else:
            kets.append("KET1")
    return kets


def activity_ecosystems(taxonomy: Taxonomy) -> list[tuple[int, ...]]:
    """For each leaf activity, the positions of the ecosystems its division belongs to."""
    result = []
    for code in taxonomy.leaf_codes:
        division = code.split(".")[0]
        result.append(tuple(i for i, divisions in enumerate(taxonomy.ecosystem_divisions) if division in divisions))
    return result


def nearest_fields(taxonomy: Taxonomy, leaf_index: int, count: int) -> list[int]:
    """Positions of the ``count`` technology fields nearest to a leaf activity in latent space."""
    distance = np.hypot(*(taxonomy.field_position - taxonomy.leaf_position[leaf_index]).T)
    return [int(index) for index in np.argsort(distance, kind="stable")[:count]]
