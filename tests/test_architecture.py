"""Every Django app has the same shape, its web layer writes only through services,
and it sits in the import-linter layers contract (docs/adr/0002-app-shape.md)."""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "clustera"
STANDARD_MODULES = ("models", "services", "selectors", "api", "views", "urls", "admin")
STANDARD_TESTS = ("test_api", "test_views", "test_services", "test_permissions")
# Methods that write through the ORM (querysets, managers, model instances, model forms).
ORM_WRITES = frozenset(
    {
        "save",
        "delete",
        "create",
        "update",
        "bulk_create",
        "bulk_update",
        "get_or_create",
        "update_or_create",
    }
)


def django_apps(package: Path = PACKAGE) -> list[str]:
    """Names of the Django apps: the packages with both ``models.py`` and ``apps.py``."""
    return sorted(
        p.name
        for p in package.iterdir()
        if (p / "models.py").is_file() and (p / "apps.py").is_file()
    )


def missing_parts(app: str, package: Path = PACKAGE, tests: Path = ROOT / "tests") -> list[str]:
    """The standard modules, template folder and test files ``app`` lacks."""
    folder = package / app
    missing = [f"{app}/{m}.py" for m in STANDARD_MODULES if not (folder / f"{m}.py").is_file()]
    if not (folder / "templates" / app).is_dir():
        missing.append(f"{app}/templates/{app}/")
    missing += [
        f"tests/{app}/{t}.py" for t in STANDARD_TESTS if not (tests / app / f"{t}.py").is_file()
    ]
    return missing


def orm_writes(source: str) -> list[str]:
    """``line: call`` of every ORM write method called in ``source`` (decorators left aside)."""
    tree = ast.parse(source)
    decorators = {
        id(node)
        for definition in ast.walk(tree)
        if isinstance(definition, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))
        for decorator in definition.decorator_list
        for node in ast.walk(decorator)
    }
    return [
        f"{node.lineno}: {ast.unparse(node.func)}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ORM_WRITES
        and id(node) not in decorators
    ]


def test_the_apps_are_found():
    assert {"accounts", "registry", "observatory", "partnering"} <= set(django_apps())


@pytest.mark.parametrize("app", django_apps())
def test_every_app_has_the_standard_modules_templates_and_tests(app):
    assert missing_parts(app) == []


@pytest.mark.parametrize("app", django_apps())
@pytest.mark.parametrize("module", ["views", "api"])
def test_views_and_api_handlers_never_write_through_the_orm(app, module):
    path = PACKAGE / app / f"{module}.py"
    assert orm_writes(path.read_text(encoding="utf-8")) == [], f"{path}: call a service instead"


@pytest.mark.parametrize("app", django_apps())
def test_every_app_is_in_the_layers_contract(app):
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = config["tool"]["importlinter"]["contracts"]
    # the apps' contract: the layers one with the portal on top (others order modules inside an app)
    layers = next(
        c["layers"] for c in contracts if c["type"] == "layers" and "clustera.portal" in c["layers"]
    )
    listed = {name.strip() for layer in layers for name in layer.replace(":", "|").split("|")}
    assert f"clustera.{app}" in listed


def test_the_checks_catch_a_missing_module_and_a_write_in_a_view(tmp_path):
    (tmp_path / "src" / "shop" / "templates" / "shop").mkdir(parents=True)
    for module in ("apps", *STANDARD_MODULES):
        if module != "selectors":
            (tmp_path / "src" / "shop" / f"{module}.py").write_text("")
    (tmp_path / "tests" / "shop").mkdir(parents=True)
    for name in STANDARD_TESTS[:-1]:
        (tmp_path / "tests" / "shop" / f"{name}.py").write_text("")
    assert django_apps(tmp_path / "src") == ["shop"]
    assert missing_parts("shop", tmp_path / "src", tmp_path / "tests") == [
        "shop/selectors.py",
        "tests/shop/test_permissions.py",
    ]
    view = (
        "@router.delete('/x')\n"
        "def edit(request, form):\n"
        "    form.save()\n"
        "    Order.objects.filter(pk=1).update(paid=True)\n"
        "    return services.update_order(request.user)\n"
    )
    assert orm_writes(view) == ["3: form.save", "4: Order.objects.filter(pk=1).update"]
