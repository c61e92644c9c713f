"""The table contract of the synthetic world, as pyarrow schemas.

Strings are never missing (an empty value is ``""``); multi-valued cells join
codes with ``;``. See ``docs/synth.md`` for what each column holds.
"""

from __future__ import annotations

import pyarrow as pa

__all__ = ["TABLE_SCHEMAS"]

_S, _I, _F, _B = pa.string(), pa.int64(), pa.float64(), pa.bool_()
TABLE_SCHEMAS: dict[str, pa.Schema] = {
    "countries": pa.schema([("code", _S), ("name", _S)]),
    "regions": pa.schema(
        [
            ("code", _S),
            ("level", _I),
            ("name", _S),
            ("parent", _S),
            ("country", _S),
            ("nuts_version", _S),
            ("geometry", _S),
            ("label_lon", _F),
            ("label_lat", _F),
            ("population", _I),
            ("area_km2", _F),
        ]
    ),
    "activities": pa.schema(
        [("scheme", _S), ("code", _S), ("name", _S), ("parent", _S), ("level", _I)]
    ),
    "technologies": pa.schema([("scheme", _S), ("code", _S), ("name", _S), ("parent", _S)]),
    "ecosystems": pa.schema([("code", _S), ("name", _S)]),
    "s3_priorities": pa.schema([("code", _S), ("name", _S)]),
    "organisations": pa.schema(
        [
            ("id", _S),
            ("name", _S),
            ("type", _S),
            ("description", _S),
            ("website", _S),
            ("address", _S),
            ("city", _S),
            ("region", _S),
            ("country", _S),
            ("lat", _F),
            ("lon", _F),
            ("size_class", _S),
            ("employees", _I),
            ("founded", _I),
            ("nace", _S),
            ("technologies", _S),
            ("ecosystems", _S),
            ("languages", _S),
            ("is_public", _B),
        ]
    ),
    "clusters": pa.schema(
        [
            ("organisation", _S),
            ("label", _S),
            ("label_date", _S),
            ("year_founded", _I),
            ("management_staff", _I),
            ("s3_priorities", _S),
            ("members_count", _I),
            ("sme_members_count", _I),
        ]
    ),
    "memberships": pa.schema([("cluster", _S), ("member", _S), ("since", _I)]),
    "offers": pa.schema(
        [
            ("id", _S),
            ("organisation", _S),
            ("kind", _S),
            ("title", _S),
            ("description", _S),
            ("technologies", _S),
            ("nace", _S),
            ("created", _S),
        ]
    ),
    "services": pa.schema(
        [
            ("id", _S),
            ("organisation", _S),
            ("kind", _S),
            ("name", _S),
            ("description", _S),
            ("technology", _S),
            ("trl_min", _I),
            ("trl_max", _I),
            ("access_conditions", _S),
            ("languages", _S),
        ]
    ),
    "contacts": pa.schema(
        [("organisation", _S), ("name", _S), ("email", _S), ("role", _S), ("is_personal_data", _B)]
    ),
    "employment": pa.schema([("region", _S), ("activity", _S), ("year", _I), ("value", _I)]),
    "input_output": pa.schema([("supplier", _S), ("user", _S), ("value", _F)]),
    "patents": pa.schema(
        [
            ("appln_id", _I),
            ("year", pa.int32()),
            ("region", _S),
            ("region_share", _F),
            ("tech_class", _S),
            ("class_share", _F),
        ]
    ),
    "projects": pa.schema(
        [("id", _S), ("start_year", _I), ("programme", _S), ("title", _S), ("description", _S)]
    ),
    "participations": pa.schema([("project", _S), ("organisation", _S), ("role", _S)]),
}
