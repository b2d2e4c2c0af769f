"""Country names for the ISO 3166-1 alpha-2 codes a European supply chain is likely to name."""

from __future__ import annotations

COUNTRY_NAMES = {
    "AT": "Austria",
    "BE": "Belgium",
    "CH": "Switzerland",
    "CZ": "Czechia",
    "DE": "Germany",
    "DK": "Denmark",
    "ES": "Spain",
    "FI": "Finland",
    "FR": "France",
    "GB": "United Kingdom",
    "GR": "Greece",
    "HU": "Hungary",
    "IE": "Ireland",
    "IT": "Italy",
    "NL": "Netherlands",
    "NO": "Norway",
    "PL": "Poland",
    "PT": "Portugal",
    "RO": "Romania",
    "SE": "Sweden",
    "SK": "Slovakia",
    "TR": "Türkiye",
}


def country_name(code: str) -> str:
    """``IT`` → ``Italy``; a code the table does not know is given back as it is."""
    return COUNTRY_NAMES.get(code.upper(), code)
