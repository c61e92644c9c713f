"""A tiny hand-made registry in the exchange schema, for tests (a private profile, a cluster, contacts)."""

from __future__ import annotations

import json
from pathlib import Path

REGIONS = (
    "code,nuts_version,level,name,parent,country,geometry,label_lon,label_lat,population,area_km2\n"
    "XA,SYN,0,Synthetic Aldoria,,XA,,,,,\n"
    "XA1,SYN,1,North,XA,XA,,,,,\n"
    "XA11,SYN,2,North Coast,XA1,XA,,,,,\n"
    "XA111,SYN,3,Port City,XA11,XA,,10.5,50.25,120000,310.5\n"
)
ACTIVITIES = (
    "scheme,code,name,parent,level\n"
    "NACE2,C,Manufacturing,,0\n"
    "NACE2,C26,Computer and electronics,C,1\n"
    "NACE2,C27,Electrical equipment,C,1\n"
)
TECHNOLOGIES = (
    "scheme,code,name,parent,level\nKET,KET1,Micro- and nanoelectronics,,0\nKET,KET2,Photonics,,0\n"
)
ECOSYSTEMS = "scheme,code,name,parent,level\nEU14,ELEC,Electronics,,0\n"
ORGANISATIONS = (
    "id,name,type,description,website,address,city,region,country,lat,lon,size_class,employees,"
    "founded,nace,technologies,ecosystems,languages,is_public\n"
    "ORG1,Photon Valley Cluster,cluster,Photonics cluster of the coast,https://pv.example,,"
    "Port City,XA111,XA,50.2,10.4,small,12,2005,C26,KET2,ELEC,en;de,true\n"
    "ORG2,Lumen Optics,sme,Laser optics and sensors,,,Port City,XA111,XA,50.21,10.41,micro,8,2015,"
    "C26;C27,KET1;KET2,,en,true\n"
    "ORG3,Hidden Works,large_company,Private profile,,,Port City,XA111,XA,,,large,900,1950,C27,,,"
    ",false\n"
)
CLUSTERS = (
    "organisation,label,label_date,year_founded,management_staff,s3_priorities,members_count,"
    "sme_members_count\n"
    "ORG1,gold,2023-05-01,2005,4,,2,1\n"
)
MEMBERSHIPS = "cluster,member,since\nORG1,ORG2,2016\nORG1,ORG3,2010\n"
SERVICES = (
    "id,organisation,kind,name,description,technology,trl_min,trl_max,access_conditions,languages\n"
)
CONTACTS = (
    "organisation,name,email,role,is_personal_data\nORG2,Ada Lumen,ada@lumen.example,CEO,true\n"
)

FILES = {
    "regions.csv": REGIONS,
    "activities.csv": ACTIVITIES,
    "technologies.csv": TECHNOLOGIES,
    "ecosystems.csv": ECOSYSTEMS,
    "organisations.csv": ORGANISATIONS,
    "clusters.csv": CLUSTERS,
    "memberships.csv": MEMBERSHIPS,
    "contacts.csv": CONTACTS,
}


def write_registry(folder: Path, **overrides: str) -> Path:
    """Write the tiny registry as a folder of CSVs; ``overrides`` replace whole files."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in {**FILES, **overrides}.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def write_json(path: Path, document: object) -> Path:
    path.write_text(json.dumps(document), encoding="utf-8")
    return path
