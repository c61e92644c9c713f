"""Peer regions: the regions whose specialisation profile is most like each region's."""

from __future__ import annotations

import numpy as np
import pandas as pd

from clustera.analytics._tables import FloatArray
from clustera.errors import DuplicateError, InvalidInputError

__all__ = ["peer_regions"]


def _plain(value: object) -> object:
    """A numpy scalar as the Python value it holds, so that messages read ``5``, not ``np.int64(5)``."""
    return value.item() if isinstance(value, np.generic) else value


def _profile_matrix(profiles: pd.DataFrame) -> FloatArray:
    """The profiles as float64 with masked (NaN) cells as 0, checked."""
    if not isinstance(profiles, pd.DataFrame):
        raise InvalidInputError(
            "profiles must be a pandas DataFrame", field="profiles", value=type(profiles).__name__
        )
    if profiles.index.has_duplicates:
        raise DuplicateError(
            "each region may appear once",
            field="region",
            value=_plain(profiles.index[profiles.index.duplicated()][0]),
        )
    try:
        values = profiles.to_numpy(dtype=np.float64)
    except (TypeError, ValueError) as error:
        raise InvalidInputError(
            "profiles must be numbers (location quotients or RCAs)", field="profiles"
        ) from error
    bad = np.isinf(values) | (values < 0)
    if bad.any():
        row, column = (int(axis[0]) for axis in np.nonzero(bad))
        raise InvalidInputError(
            f"region {_plain(profiles.index[row])!r}: a profile value must be finite and >= 0",
            field=str(profiles.columns[column]),
            value=float(values[row, column]),
        )
    # A masked cell (activity absent from the region's data) carries no specialisation.
    filled: FloatArray = np.nan_to_num(values, nan=0.0)
    return filled


def peer_regions(profiles: pd.DataFrame, count: int = 8) -> pd.DataFrame:
    """The ``count`` regions most similar to each region by cosine similarity of their profiles.

    Parameters
    ----------
    profiles
        Regions x activities table of one year, usually location quotients
        (:func:`location_quotient`) or RCAs; rows are regions. NaN (masked) cells
        count as 0.
    count
        How many peers to keep per region (fewer when fewer regions have a
        defined similarity).

    Returns
    -------
    pandas.DataFrame
        Long table with the columns ``region``, ``peer``, ``rank`` (1 is the most
        similar) and ``similarity`` (float64, unrounded, in [0, 1] for
        non-negative profiles); regions in the order of ``profiles``, peers by
        decreasing similarity, ties in the order of ``profiles``.

    Raises
    ------
    InvalidInputError
        ``count`` is not a positive integer, or a value is negative, infinite
        or not a number.
    DuplicateError
        A region appears twice.

    Notes
    -----
    The similarity of regions :math:`r` and :math:`s` with profiles
    :math:`x_r, x_s` (vectors over activities) is

    .. math:: \\cos(r, s) = \\frac{\\sum_i x_{ri} x_{si}}{\\lVert x_r \\rVert \\, \\lVert x_s \\rVert}

    A region is never its own peer. A region whose profile is all 0 or NaN has
    no direction, so its similarity is undefined: it gets no peers and is no
    one's peer. Choosing reference regions by structural similarity is the
    approach of the JRC's Regional Benchmarking Tool [1]_, which measures it by
    distances over socio-economic and structural indicators; here the structure
    is the specialisation profile alone and the measure is the cosine [2]_.

    References
    ----------
    .. [1] Navarro, M., Gibaja, J. J., Franco, S., Murciego, A., Gianelle, C.,
       Hegyi, F. B., Kleibrink, A. (2014). *Regional benchmarking in the smart
       specialisation process: identification of reference regions based on
       structural similarity*. S3 Working Paper Series 03/2014, JRC-IPTS,
       Seville.
    .. [2] Salton, G., McGill, M. J. (1983). *Introduction to Modern Information
       Retrieval*. McGraw-Hill (the cosine measure of vector similarity).

    Examples
    --------
    >>> lq = pd.DataFrame({"a": [2.0, 1.0, 0.0], "b": [0.0, 1.0, 3.0]}, index=["r1", "r2", "r3"])
    >>> peers = peer_regions(lq, count=1)
    >>> peers.loc[peers["region"] == "r1", ["peer", "similarity"]].values.tolist()
    [['r2', 0.7071067811865475]]
    """
    if isinstance(count, bool) or not isinstance(count, int | np.integer) or count < 1:
        raise InvalidInputError("count must be a positive integer", field="count", value=count)
    values = _profile_matrix(profiles)
    norms = np.linalg.norm(values, axis=1)
    defined = norms > 0
    unit = np.zeros_like(values)
    unit[defined] = values[defined] / norms[defined, None]
    similarity = unit @ unit.T
    similarity[~defined, :] = -np.inf
    similarity[:, ~defined] = -np.inf
    np.fill_diagonal(similarity, -np.inf)
    kept = min(int(count), max(len(profiles) - 1, 0))
    # Stable sort of the negated similarity: decreasing, ties in the order of the table.
    order = np.argsort(-similarity, axis=1, kind="stable")[:, :kept]
    chosen = np.take_along_axis(similarity, order, axis=1)
    finite = np.isfinite(chosen)
    rows = np.repeat(np.arange(len(profiles)), kept).reshape(order.shape)
    ranks = np.tile(np.arange(1, kept + 1), (len(profiles), 1))
    labels = profiles.index
    return pd.DataFrame(
        {
            "region": labels[rows[finite]],
            "peer": labels[order[finite]],
            "rank": ranks[finite].astype(np.int64),
            "similarity": chosen[finite],
        }
    )
