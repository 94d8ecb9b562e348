"""French departments and regions (INSEE codes), shipped in ``data/geo`` (see its PROVENANCE.md)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GEO_DIR = Path(__file__).resolve().parents[1] / "data" / "geo"


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    region: str


@dataclass(frozen=True)
class Region:
    code: str
    name: str


@cache
def departments() -> dict[str, Department]:
    rows = json.loads((GEO_DIR / "departments.json").read_text(encoding="utf-8"))
    return {r["code"]: Department(r["code"], r["name"], r["region"]) for r in rows}


@cache
def regions() -> dict[str, Region]:
    rows = json.loads((GEO_DIR / "regions.json").read_text(encoding="utf-8"))
    return {r["code"]: Region(r["code"], r["name"]) for r in rows}


def region_of(department: str | None) -> str | None:
    if not department:
        return None
    dep = departments().get(department)
    return dep.region if dep else None
