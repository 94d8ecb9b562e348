"""Real hospital sites for tests (see tests/data/PROVENANCE.md), read from the sample CSV."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

SAMPLE = Path(__file__).parent / "data" / "hospital_sites_sample.csv"


@dataclass(frozen=True)
class SampleSite:
    finess_et: str
    name: str
    postal_code: str
    city: str
    lat: float
    lon: float


def load_sample_sites() -> list[SampleSite]:
    with SAMPLE.open(encoding="utf-8", newline="") as fh:
        return [
            SampleSite(
                finess_et=row["finess_et"],
                name=" ".join(row["name"].split()),
                postal_code=row["postal_code"],
                city=" ".join(row["city"].split()),
                lat=float(row["lat"]),
                lon=float(row["lon"]),
            )
            for row in csv.DictReader(fh)
        ]
