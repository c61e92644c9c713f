"""The OpenAPI spec names each schema once: two API schemas of one name would share a component.

django-ninja files every schema under ``components/schemas/<class name>``; when two apps each
define, say, a ``MemberOut``, one of them describes the other's answers and clients (and the
contract test) read the wrong fields.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

SOURCE = Path(__file__).resolve().parents[2] / "src" / "clustera"


def schema_classes(root: Path = SOURCE) -> dict[str, list[str]]:
    """Class name -> the modules defining an API schema of that name."""
    found: dict[str, list[str]] = defaultdict(list)
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef) and any(
                (isinstance(base, ast.Name) and base.id.endswith("Schema"))
                or (isinstance(base, ast.Attribute) and base.attr.endswith("Schema"))
                for base in node.bases
            ):
                found[node.name].append(str(path.relative_to(root)))
    return found


def test_every_api_schema_has_a_name_of_its_own():
    repeated = {name: paths for name, paths in schema_classes().items() if len(paths) > 1}
    assert repeated == {}


def test_the_spec_lists_each_component_once_per_class():
    import django

    django.setup()
    from clustera.portal.api import api

    components = api.get_openapi_schema()["components"]["schemas"]
    assert "MemberOut" in components and "PartnershipMemberOut" in components
    assert "since" in components["MemberOut"]["properties"]  # a cluster's members (registry)
    assert "role" in components["PartnershipMemberOut"]["properties"]
