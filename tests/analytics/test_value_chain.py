"""Value-chain links from an input-output table: hand-checked shares and refusals."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from clustera.analytics import input_output_links
from clustera.errors import InvalidInputError


def test_links_are_the_largest_of_the_four_shares():
    # A sells 2 to B and 8 to C; B sells 4 to A; C buys only from A and sells nothing.
    flows = pd.DataFrame([[0, 2, 8], [4, 0, 0], [0, 0, 0]], index=list("ABC"), columns=list("ABC"))
    links = input_output_links(flows)
    # A-B: A's sales to B 2/10, B's sales to A 4/4, B's inputs from A 2/2, A's inputs from B 4/4
    assert links.loc["A", "B"] == pytest.approx(1.0)
    # A-C: A's sales to C 8/10, C's inputs from A 8/8
    assert links.loc["A", "C"] == pytest.approx(1.0)
    assert links.loc["B", "C"] == 0.0
    assert np.allclose(links.to_numpy(), links.to_numpy().T)
    assert (np.diag(links.to_numpy()) == 0).all()


def test_an_industry_without_flows_has_no_links():
    flows = pd.DataFrame(
        [[0.0, 3.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 0.0]], index=list("ABC"), columns=list("ABC")
    )
    assert input_output_links(flows).loc["C"].tolist() == [0.0, 0.0, 0.0]


@pytest.mark.parametrize(
    "flows",
    [
        pd.DataFrame([[0, 1], [1, 0]], index=["A", "B"], columns=["B", "A"]),
        pd.DataFrame([[0, -1], [1, 0]], index=["A", "B"], columns=["A", "B"]),
        pd.DataFrame([[0, np.nan], [1, 0]], index=["A", "B"], columns=["A", "B"]),
    ],
)
def test_malformed_tables_are_refused(flows):
    with pytest.raises(InvalidInputError, match="flows"):
        input_output_links(flows)
