"""Complexity outlook: COI of regions and COG of (region, activity) diversification options."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from clustera.analytics._tables import Cube, FloatArray, read_proximity
from clustera.analytics.complexity import complexity_arrays
from clustera.analytics.relatedness import proximities_of
from clustera.analytics.specialisation import presence_cube
from clustera.errors import InvalidInputError

__all__ = ["OUTLOOK_CONVENTIONS", "OutlookResult", "complexity_outlook"]

OutlookConvention = Literal[
    "growthlab", "ecomplexity", "economiccomplexity", "econcomplex", "datawheel", "atlas"
]


@dataclass(frozen=True)
class _Rule:
    self_loops: bool
    normalisation: str  # "source" (Stata) or "target" (Datawheel, econcomplex)
    own_loss_term: bool
    mask_present: bool
    pci_convention: str
    pci_method: str
    standardise: bool  # py-ecomplexity: raw eigenvector PCI, then z(COI) and COG / sd0(K)


_RULES: dict[str, _Rule] = {
    "growthlab": _Rule(False, "source", False, True, "growthlab", "eigenvector", False),
    "ecomplexity": _Rule(True, "source", False, True, "growthlab", "eigenvector", True),
    "economiccomplexity": _Rule(
        True, "source", False, True, "economiccomplexity", "eigenvector", False
    ),
    "econcomplex": _Rule(False, "target", False, True, "atlas", "eigenvector", False),
    "datawheel": _Rule(False, "target", True, False, "datawheel", "reflections", False),
    "atlas": _Rule(False, "source", True, False, "growthlab", "eigenvector", False),
}
OUTLOOK_CONVENTIONS: tuple[str, ...] = tuple(_RULES)


@dataclass(frozen=True)
class OutlookResult:
    """Complexity outlook index per region (``coi``) and gain per region x activity (``cog``)."""

    coi: pd.Series
    cog: pd.DataFrame
    convention: str


def outlook_arrays(
    presence: FloatArray,
    proximity: FloatArray,
    pci: FloatArray,
    rule: _Rule,
    *,
    region_raw: FloatArray | None = None,
    out: tuple[FloatArray, FloatArray, FloatArray] | None = None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """COI (T, R), COG (T, R, I) and density (T, R, I) for every year (written into ``out`` if given)."""
    n_years, _, n_activities = presence.shape
    if out is None:
        out = (np.empty(presence.shape[:2]), np.empty(presence.shape), np.empty(presence.shape))
    coi, cog, density = out
    index = np.arange(n_activities)
    for year in range(n_years):
        phi = np.nan_to_num(proximity[min(year, proximity.shape[0] - 1)], nan=0.0)
        masked = np.isnan(presence[year])
        filled = np.where(masked, 0.0, presence[year])
        phi[index, index] = np.where(filled.sum(axis=0) > 0, 1.0, 0.0) if rule.self_loops else 0.0
        scores = np.nan_to_num(pci[year], nan=0.0)
        if rule.standardise and region_raw is not None:
            scores = scores / np.nanstd(region_raw[year])
        row_sums = phi.sum(axis=1)
        column_sums = phi.sum(axis=0)
        omega, gain = density[year], cog[year]
        with np.errstate(divide="ignore", invalid="ignore"):
            weights = np.where(row_sums > 0, scores / row_sums, 0.0)
            # sum_j (1 - M_cj) v_jp = sum_j v_jp - (M v)_cp: one product gives density and gain.
            if rule.normalisation == "source":
                right = weights[:, np.newaxis] * phi
            else:
                right = scores[:, np.newaxis] * phi.T
            product = filled @ np.hstack([phi, right])
            np.divide(product[:, :n_activities], column_sums[np.newaxis, :], out=omega)
            np.subtract(right.sum(axis=0)[np.newaxis, :], product[:, n_activities:], out=gain)
            if rule.normalisation == "target":
                gain /= row_sums[np.newaxis, :]
        del product
        np.nan_to_num(omega, copy=False, nan=0.0)
        if rule.own_loss_term:
            gain -= omega * scores[np.newaxis, :]
        if rule.mask_present:
            gain[filled > 0] = 0.0
        outlook = omega @ scores - (filled * omega) @ scores
        if rule.standardise:
            active = ~masked.all(axis=1)
            outlook = (outlook - outlook[active].mean()) / outlook[active].std()
        gain[masked] = np.nan
        omega[masked] = np.nan
        outlook[masked.all(axis=1)] = np.nan
        coi[year] = outlook
    return coi, cog, density


def _pci_cube(pci: pd.Series, cube: Cube) -> FloatArray:
    if not isinstance(pci, pd.Series):
        raise InvalidInputError("pci must be a Series", field="pci", value=type(pci).__name__)
    if isinstance(pci.index, pd.MultiIndex) and cube.years is not None:
        table = pci.unstack(level=-1).reindex(index=cube.years, columns=cube.activities)
        return table.to_numpy(dtype=np.float64)
    return pci.reindex(cube.activities).to_numpy(dtype=np.float64)[np.newaxis, :]


def complexity_outlook(
    X_or_M: pd.DataFrame,
    *,
    convention: OutlookConvention = "growthlab",
    proximity: pd.DataFrame | None = None,
    pci: pd.Series | None = None,
    threshold: float = 1.0,
    presence: bool | None = None,
) -> OutlookResult:
    """Complexity outlook index (COI) and complexity outlook gain (COG).

    Platform default (``growthlab``, the Growth Lab's Stata ``coicog``): Hidalgo
    proximity with ``phi_ii = 0``, density ``w`` and Growth Lab PCI,

    * ``COI_c = sum_p w_cp (1 - M_cp) PCI_p``,
    * ``COG_cp = (1 - M_cp) sum_j (1 - M_cj) phi_jp PCI_j / sum_k phi_jk``.

    Other conventions: ``ecomplexity`` (``phi_ii = 1``, raw eigenvector PCI, then
    z-scored COI and COG / sd0(K), as py-ecomplexity 0.5.3); ``economiccomplexity``
    (``phi_ii = 1``, its own PCI, no standardisation); ``econcomplex`` (COG
    normalised by the target's degree ``sum_k phi_pk``); ``datawheel`` (target
    normalised, minus ``w_cp PCI_p``, not masked; PCI from reflections);
    ``atlas`` (Atlas 2014 box 5.4: Stata's sum minus ``w_cp PCI_p``, not masked).
    ``proximity`` and ``pci`` override what the convention would compute.

    References
    ----------
    Hausmann, R., Hidalgo, C.A., et al. (2014). *The Atlas of Economic
    Complexity*. MIT Press, Technical Box 5.4.
    Growth Lab, Harvard University. ``ecomplexity`` Stata package, ``coicog.ado``.

    Examples
    --------
    >>> M = pd.DataFrame([[1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 1], [0, 1, 1, 1]],
    ...                  index=["r1", "r2", "r3", "r4"], columns=list("abcd"))
    >>> outlook = complexity_outlook(M)
    >>> round(float(outlook.coi["r2"]), 4)
    -0.8907
    """
    if convention not in _RULES:
        raise InvalidInputError(
            f"unknown convention; choose one of {', '.join(_RULES)}",
            field="convention",
            value=convention,
        )
    rule = _RULES[convention]
    cube, _ = presence_cube(X_or_M, threshold=threshold, presence=presence, name="X_or_M")
    region_raw: FloatArray | None = None
    if pci is None:
        arrays = complexity_arrays(cube.values, rule.pci_method, rule.pci_convention)
        scores = arrays.activity_raw if rule.standardise else arrays.pci
        region_raw = arrays.region_raw
    else:
        scores = _pci_cube(pci, cube)
        rule = _Rule(
            rule.self_loops,
            rule.normalisation,
            rule.own_loss_term,
            rule.mask_present,
            rule.pci_convention,
            rule.pci_method,
            False,
        )
    if proximity is None:
        phi = proximities_of(cube.values, "proximity", self_loops=rule.self_loops)
    else:
        phi = read_proximity(proximity, cube)
    coi, cog, _ = outlook_arrays(cube.values, phi, scores, rule, region_raw=region_raw)
    return OutlookResult(
        coi=cube.region_series(coi, "coi"), cog=cube.frame(cog), convention=convention
    )
