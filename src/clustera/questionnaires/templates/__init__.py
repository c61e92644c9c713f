"""The shipped survey templates, kept as XLSForm in pyxform's markdown layout.

Markdown rather than .xlsx so that a change to a question is a readable one-line diff; pyxform
reads the layout as it reads a workbook, and :func:`~clustera.questionnaires.to_xlsform` turns a
template into an .xlsx for KoboToolbox or ODK.

>>> TEMPLATES
('sme_technology_needs', 'cluster_s3_opportunities')
>>> load_template("cluster_s3_opportunities").title["de"]
'S3- und Schlüsseltechnologie-Chancen von Clustern'
"""

from __future__ import annotations

from importlib import resources

from clustera.errors import InvalidInputError
from clustera.questionnaires.model import Definition
from clustera.questionnaires.xlsform_import import read_xlsform

__all__ = ["TEMPLATES", "load_template"]

TEMPLATES: tuple[str, ...] = ("sme_technology_needs", "cluster_s3_opportunities")


def load_template(name: str) -> Definition:
    """The definition of a shipped template: the SME technology-needs survey or the cluster S3
    and enabling-technology opportunities survey, in English, French and German."""
    if name not in TEMPLATES:
        raise InvalidInputError(
            f"unknown template; choose one of {', '.join(TEMPLATES)}", field="template", value=name
        )
    with resources.as_file(resources.files(__package__).joinpath(f"{name}.md")) as path:
        return read_xlsform(path)
