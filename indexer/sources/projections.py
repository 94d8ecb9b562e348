"""Source coordinate reference systems → WGS84, with one cached pyproj Transformer per CRS."""

from __future__ import annotations

from functools import lru_cache

from pyproj import Transformer

# FINESS department codes of overseas territories, and the CRS their coordinates use.
OVERSEAS_CRS = {
    "9A": 5490,  # Guadeloupe — RGAF09 / UTM zone 20N
    "9B": 5490,  # Martinique — RGAF09 / UTM zone 20N
    "9C": 2972,  # Guyane — RGFG95 / UTM zone 22N
    "9D": 2975,  # La Réunion — RGR92 / UTM zone 40S
    "9E": 4467,  # Saint-Pierre-et-Miquelon — RGSPM06 / UTM zone 21N
    "9F": 4471,  # Mayotte — RGM04 / UTM zone 38S
}
LAMBERT_93 = 2154
SUPPORTED_CRS = frozenset({LAMBERT_93, *OVERSEAS_CRS.values()})

# Projection names ending FINESS `sourcecoordet`, e.g. "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93".
PROJECTION_NAMES = {
    "LAMBERT_93": LAMBERT_93,
    "UTM_N20": 5490,
    "UTM_N22": 2972,
    "UTM_S40": 2975,
    "UTM_N21": 4467,
    "UTM_S38": 4471,
}


@lru_cache(maxsize=16)
def to_wgs84(epsg: int) -> Transformer:
    """Transformer from ``epsg`` to WGS84, x/y = easting/northing → lon/lat."""
    return Transformer.from_crs(epsg, 4326, always_xy=True)


@lru_cache(maxsize=16)
def from_wgs84(epsg: int) -> Transformer:
    """Transformer from WGS84 (lon/lat) to ``epsg`` (used to build fixtures and checks)."""
    return Transformer.from_crs(4326, epsg, always_xy=True)


def crs_for(source_field: str, finess_department: str) -> int:
    """CRS of a FINESS geolocation: the projection named in ``sourcecoordet`` when present (new format),
    else the one the department uses (old format, which names no projection)."""
    token = source_field.rsplit(",", 1)[-1].strip().upper()
    if token in PROJECTION_NAMES:
        return PROJECTION_NAMES[token]
    return OVERSEAS_CRS.get(finess_department.upper(), LAMBERT_93)
