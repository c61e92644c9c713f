"""Resolving the codes and keys that exchange files use to their database rows."""

from __future__ import annotations

from typing import Any

from clustera.errors import UnknownCodeError
from clustera.registry import models

# Where a bare code exists in several schemes, the first scheme listed here wins.
SCHEME_PREFERENCE = ("NACE21", "NACE2", "WIPO35", "KET", "ATI")


def _version_rank(version: str) -> tuple[int, str]:
    return (0, version) if version == "SYN" else (1, version)


class CodeResolver:
    """Cached lookups of region codes, taxonomy codes and organisation keys."""

    def __init__(self) -> None:
        self._terms: dict[Any, dict[str, list[tuple[str, int]]]] = {}
        self._regions: dict[str, list[tuple[str, int]]] | None = None
        self._organisations: dict[str, tuple[int, str]] | None = None
        self._organisation_types: dict[int, str] = {}

    def forget(self, model: Any) -> None:
        self._terms.pop(model, None)

    def forget_regions(self) -> None:
        self._regions = None

    def forget_organisations(self) -> None:
        self._organisations = None
        self._organisation_types = {}

    def _term_index(self, model: Any) -> dict[str, list[tuple[str, int]]]:
        if model not in self._terms:
            index: dict[str, list[tuple[str, int]]] = {}
            for pk, scheme, code in model.objects.values_list("id", "scheme", "code"):
                index.setdefault(code, []).append((scheme, pk))
            self._terms[model] = index
        return self._terms[model]

    def _region_index(self) -> dict[str, list[tuple[str, int]]]:
        if self._regions is None:
            index: dict[str, list[tuple[str, int]]] = {}
            for pk, region_code, version in models.Region.objects.values_list(
                "id", "code", "nuts_version"
            ):
                index.setdefault(region_code, []).append((version, pk))
            self._regions = index
        return self._regions

    # An import resolves codes before it writes: it adds the rows it will create (with
    # placeholder ids, clustera.registry.staging) and the organisations it will change.
    def add_term(self, model: Any, scheme: str, code: str, pk: int) -> None:
        self._term_index(model).setdefault(code, []).append((scheme, pk))

    def add_region(self, code: str, version: str, pk: int) -> None:
        self._region_index().setdefault(code, []).append((version, pk))

    def set_organisation(self, key: str, pk: int, kind: str) -> None:
        self._organisation_index()[key] = (pk, kind)
        self._organisation_types[pk] = kind

    def term_id(self, model: Any, value: str) -> int:
        """Id of a taxonomy term given as ``code`` or ``SCHEME:code``."""
        index = self._term_index(model)
        scheme, _, code = value.rpartition(":")
        matches = index.get(code, [])
        if scheme:
            matches = [m for m in matches if m[0] == scheme]
        if not matches:
            raise UnknownCodeError(f"no {model._meta.verbose_name} with this code", value=value)
        if len(matches) > 1:
            preferred = sorted(
                matches,
                key=lambda m: SCHEME_PREFERENCE.index(m[0]) if m[0] in SCHEME_PREFERENCE else 99,
            )
            if preferred[0][0] not in SCHEME_PREFERENCE:
                schemes = ", ".join(sorted(m[0] for m in matches))
                raise UnknownCodeError(
                    f"the code exists in several schemes ({schemes}); write it as SCHEME:code",
                    value=value,
                )
            return preferred[0][1]
        return matches[0][1]

    def region_id(self, code: str) -> int:
        """Id of a region code, in the newest NUTS version that holds it."""
        matches = self._region_index().get(code)
        if not matches:
            raise UnknownCodeError("no region with this code", value=code)
        return max(matches, key=lambda m: _version_rank(m[0]))[1]

    def _organisation_index(self) -> dict[str, tuple[int, str]]:
        if self._organisations is None:
            self._organisations = {
                key: (pk, kind)
                for pk, key, kind in models.Organisation.objects.values_list("id", "key", "type")
            }
            self._organisation_types = {pk: kind for pk, kind in self._organisations.values()}
        return self._organisations

    def organisation_id(self, key: str) -> int:
        """Id of the organisation with this key."""
        found = self._organisation_index().get(key)
        if found is None:
            raise UnknownCodeError("no organisation with this id", value=key)
        return found[0]

    def organisation_type(self, organisation_id: int) -> str:
        self._organisation_index()
        if organisation_id in self._organisation_types:
            return self._organisation_types[organisation_id]
        raise UnknownCodeError("no organisation with this id", value=organisation_id)
