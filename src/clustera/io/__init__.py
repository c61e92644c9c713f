"""Readers for official data files, and the cached downloader behind ``clustera data fetch``.

Every reader returns a tidy pandas table and fails with
:class:`clustera.errors.DataFormatError` naming the file, line and column of
the first bad cell; nothing is returned half-read.

>>> from clustera.io import nace_to_dotted
>>> nace_to_dotted("C26")
'26'
"""

from clustera.io.cordis import CordisTables, read_cordis
from clustera.io.eurostat import EurostatFormat, detect_eurostat_format, read_eurostat
from clustera.io.eurostat_tsv import read_eurostat_tsv
from clustera.io.input_output import input_output_flows
from clustera.io.jsonstat import read_jsonstat
from clustera.io.patents import (
    PATENT_COLUMNS,
    fractional_counts,
    patent_class,
    read_patstat,
    read_regpat,
)
from clustera.io.sdmx_csv import read_sdmx_csv
from clustera.io.tables import analysis_table, read_table
from clustera.taxonomies.nace import nace_to_dotted, nace_to_eurostat

__all__ = [
    "PATENT_COLUMNS",
    "analysis_table",
    "read_table",
    "CordisTables",
    "EurostatFormat",
    "detect_eurostat_format",
    "input_output_flows",
    "fractional_counts",
    "nace_to_dotted",
    "nace_to_eurostat",
    "patent_class",
    "read_cordis",
    "read_eurostat",
    "read_eurostat_tsv",
    "read_jsonstat",
    "read_patstat",
    "read_regpat",
    "read_sdmx_csv",
]
