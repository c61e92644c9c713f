"""Value-chain links between industries, from an input-output table."""

from __future__ import annotations

import numpy as np
import pandas as pd

from clustera.errors import InvalidInputError

__all__ = ["input_output_links"]


def input_output_links(flows: pd.DataFrame) -> pd.DataFrame:
    """How strongly two industries are linked as supplier and customer (0 to 1).

    ``flows`` is an input-output table of intermediate use: ``flows.loc[i, j]`` is
    what industry (or product) ``i`` supplies to industry ``j``, in any currency;
    rows and columns carry the same codes (extra rows or columns, such as totals
    or value added, must be dropped first). With

        input_ij  = flows_ij / sum_k flows_kj   (share of j's intermediate inputs bought from i)
        output_ij = flows_ij / sum_k flows_ik   (share of i's intermediate sales made to j)

    the link is ``max(input_ij, input_ji, output_ij, output_ji)``: symmetric, 0 on
    the diagonal (an industry's purchases from itself do not make a partner), and
    0 where neither industry buys nor sells anything.

    References
    ----------
    Delgado, M., Porter, M.E., Stern, S. (2016). Defining clusters of related
    industries. *Journal of Economic Geography* 16(1):1-38 (the IO-links measure).
    Feser, E.J., Bergman, E.M. (2000). National industry cluster templates: a
    framework for applied regional cluster analysis. *Regional Studies* 34(1):1-19.

    Examples
    --------
    >>> flows = pd.DataFrame([[5, 30, 0], [10, 0, 60], [0, 20, 5]],
    ...                      index=["C24", "C25", "C28"], columns=["C24", "C25", "C28"])
    >>> input_output_links(flows).round(3)
           C24    C25    C28
    C24  0.000  0.857  0.000
    C25  0.857  0.000  0.923
    C28  0.000  0.923  0.000
    """
    if list(flows.index) != list(flows.columns):
        raise InvalidInputError(
            "the input-output table must have the same codes, in the same "
            "order, as rows (suppliers) and columns (users)",
            field="flows",
            value=f"{len(flows.index)} rows, {len(flows.columns)} columns",
        )
    values = flows.to_numpy(dtype=np.float64)
    if not np.isfinite(values).all() or (values < 0).any():
        raise InvalidInputError(
            "flows must be finite and not negative",
            field="flows",
            value=float(np.nanmin(values)) if values.size else None,
        )
    purchases = values.sum(axis=0)  # each industry's intermediate inputs
    sales = values.sum(axis=1)  # each industry's intermediate sales
    with np.errstate(divide="ignore", invalid="ignore"):
        inputs = np.where(purchases[None, :] > 0, values / purchases[None, :], 0.0)
        outputs = np.where(sales[:, None] > 0, values / sales[:, None], 0.0)
    links = np.maximum.reduce([inputs, inputs.T, outputs, outputs.T])
    np.fill_diagonal(links, 0.0)
    return pd.DataFrame(links, index=flows.index, columns=flows.columns)
