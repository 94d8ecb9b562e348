"""Real inputs of the demo: hospital sites (Eurostat/GISCO healthcare services, from FINESS) and communes
(data/geo/places.csv). See data/sources/PROVENANCE*.md and data/geo/PROVENANCE.md."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from geopy.distance import geodesic

from indexer.demo.generator import Commune, RealSite
from indexer.validate import department_of
from nomenclatures import loader

ROOT = Path(__file__).resolve().parents[2]
HOSPITALS = ROOT / "data" / "sources" / "eurostat-healthcare-FR.csv"
PLACES = ROOT / "data" / "geo" / "places.csv"
FALLBACK_POINT = (46.62184, 2.45194)  # where the source puts sites it could not geocode


MAX_KM_FROM_DEPARTMENT = 150.0  # farther than this from its department's centre, a point is a source error


def load_hospitals(path: Path = HOSPITALS) -> tuple[list[RealSite], Counter[str]]:
    """Sites with a real point; the counter says how many rows were skipped and why."""
    from app.geocode.gazetteer import gazetteer

    centres = gazetteer().departments
    categories = loader.get("TRE_R66")
    skipped: Counter[str] = Counter()
    sites: dict[str, RealSite] = {}
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            finess = row["id"].strip().zfill(9)
            try:
                lat, lon = float(row["lat"]), float(row["lon"])
            except ValueError:
                skipped["no coordinates"] += 1
                continue
            if (round(lat, 5), round(lon, 5)) == FALLBACK_POINT:
                skipped["source fallback point"] += 1
                continue
            try:
                category = categories.resolve(row["facility_type"]).code
            except loader.UnknownCode:
                category = "355"
                skipped["category label not in TRE_R66 (kept as 355)"] += 1
            postal = row["postcode"].strip().zfill(5) if row["postcode"].strip() else None
            department = department_of(None, postal)
            centre = centres.get(department or "")
            if centre is not None and geodesic((lat, lon), (centre.lat, centre.lon)).km > MAX_KM_FROM_DEPARTMENT:
                skipped[f"point more than {MAX_KM_FROM_DEPARTMENT:.0f} km from its department"] += 1
                continue
            beds = int(float(row["cap_beds"])) if row.get("cap_beds", "").strip() else None
            if finess in sites:
                skipped["duplicate FINESS"] += 1
                continue
            sites[finess] = RealSite(
                finess=finess,
                name=" ".join((row["site_name"] or row["hospital_name"]).split()),
                lat=lat,
                lon=lon,
                postal_code=postal,
                city=row["city"].strip() or None,
                department=department,
                beds=beds,
                category=category,
            )
    return list(sites.values()), skipped


def load_communes(path: Path = PLACES) -> list[Commune]:
    """Located communes (and arrondissements instead of their city) with their population."""
    out = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if not row["lat"] or row["code"] in ("75056", "69123", "13055"):
                continue
            out.append(
                Commune(
                    code=row["code"],
                    name=row["name"],
                    lat=float(row["lat"]),
                    lon=float(row["lon"]),
                    department=row["department"] or None,
                    postal_codes=tuple(row["postal_codes"].split()),
                    population=int(row["population"] or 0),
                )
            )
    return out
