"""Build FINESS-format files from the real sample sites (coordinates projected with pyproj)."""

from __future__ import annotations

from indexer.sources.finess import write_finess_lines
from indexer.sources.projections import LAMBERT_93, OVERSEAS_CRS, from_wgs84
from tests.sites import SampleSite

# Postal-code prefix of overseas territories → FINESS department code.
OVERSEAS_POSTAL = {"971": "9A", "972": "9B", "973": "9C", "974": "9D", "975": "9E", "976": "9F"}
PROJECTION_TOKEN = {
    2154: "LAMBERT_93",
    5490: "UTM_N20",
    2972: "UTM_N22",
    2975: "UTM_S40",
    4467: "UTM_N21",
    4471: "UTM_S38",
}


def finess_department(site: SampleSite) -> str:
    return OVERSEAS_POSTAL.get(site.postal_code[:3], site.postal_code[:2])


def site_crs(site: SampleSite) -> int:
    return OVERSEAS_CRS.get(finess_department(site), LAMBERT_93)


def structure_row(site: SampleSite, category: str = "355", **overrides: str) -> dict[str, str]:
    dep = finess_department(site)
    row = {
        "section": "structureet",
        "nofinesset": site.finess_et,
        "nofinessej": "",
        "rs": site.name[:38],
        "rslongue": site.name,
        "numvoie": "1",
        "typvoie": "R",
        "voie": "DE L'HOPITAL",
        "commune": "001",
        "departement": dep,
        "libdepartement": "",
        "ligneacheminement": f"{site.postal_code} {site.city}",
        "telephone": "0500000000",
        "categetab": category,
        "libcategetab": "Centre Hospitalier (C.H.)",
        "datemaj": "2024-01-10",
    }
    row.update(overrides)
    return row


def geo_row(site: SampleSite, new_format: bool = True, **overrides: str) -> dict[str, str]:
    epsg = site_crs(site)
    x, y = from_wgs84(epsg).transform(site.lon, site.lat)
    source = "1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2"
    row = {
        "section": "geolocalisation",
        "nofinesset": site.finess_et,
        "coordxet": f"{x:.2f}",
        "coordyet": f"{y:.2f}",
        "sourcecoordet": f"{source},{PROJECTION_TOKEN[epsg]}" if new_format else source,
        "datemaj": "2024-01-10",
    }
    row.update(overrides)
    return row


def finess_text(sites: list[SampleSite], new_format: bool = True) -> str:
    rows = [structure_row(s) for s in sites] + [geo_row(s, new_format) for s in sites]
    return "finess;etalab;95;2024-01-10\n" + write_finess_lines(rows)
