"""The observatory: datasets with provenance, stored indicators, maps, region pages and reports."""
