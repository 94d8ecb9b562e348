"""Offline geocoding: typed places → a point, its label and precision, from the shipped gazetteer.

``data/geo/places.csv`` (built by ``scripts/build_gazetteer.py``, see data/geo/PROVENANCE.md) lists
communes and the arrondissements of Paris, Lyon and Marseille with their postal codes, WGS84 point and
population; departments come from ``data/geo/departments.json``, placed at the population-weighted
centre of their communes. Understood forms:

- coordinates ``43.60,1.44`` / ``43.60 1.44`` → precision ``coordinates``;
- a postal code ``75015`` → ``postal_code`` (the most populous commune with that code, others as alternatives);
- postal code and name ``31000 TOULOUSE`` → ``commune``;
- a name ``toulouse``, ``Saint-Étienne`` / ``st etienne`` → ``commune`` (the most populous homonym first);
  a department in parentheses chooses among homonyms: ``Saint-Denis (974)``;
- an arrondissement ``Paris 15e``, ``Lyon 3e arrondissement``, ``Marseille 1er`` → ``arrondissement``;
- a department ``31`` or ``Haute-Garonne`` → ``department``.
"""

from __future__ import annotations

import bisect
import csv
import difflib
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path

from nomenclatures.loader import fold
from nomenclatures.territories import departments

GEO_DIR = Path(__file__).resolve().parents[2] / "data" / "geo"
ARRONDISSEMENT_CITIES = {"paris": "751", "lyon": "6938", "marseille": "132"}


@dataclass(frozen=True)
class Place:
    kind: str  # commune | arrondissement | department | coordinates
    code: str | None
    name: str
    lat: float
    lon: float
    department: str | None
    population: int = 0
    postal_codes: tuple[str, ...] = ()
    located: bool = True  # False: no point in the sources; lat/lon are the postal code's or department's centre
    fallback: str = ""  # for unlocated places: "postal_code" or "department"

    @property
    def label(self) -> str:
        if self.kind == "department":
            return f"{self.name} ({self.code})"
        if self.kind == "coordinates":
            return self.name
        postal = f"{self.postal_codes[0]} " if self.postal_codes else ""
        return f"{postal}{self.name}"


@dataclass(frozen=True)
class Resolution:
    place: Place
    precision: str
    alternatives: tuple[Place, ...] = ()


class PlaceNotFound(ValueError):
    def __init__(self, text: str, suggestions: list[str]) -> None:
        super().__init__(f"unknown place {text!r}")
        self.text = text
        self.suggestions = suggestions


def _normalise_name(text: str) -> str:
    """fold + French abbreviations: 'St-Étienne' → 'saint etienne'."""
    words = fold(text).split()
    expanded = {"st": "saint", "ste": "sainte", "sts": "saints", "stes": "saintes"}
    return " ".join(expanded.get(w, w) for w in words)


@dataclass
class Gazetteer:
    places: list[Place]
    by_name: dict[str, list[Place]] = field(default_factory=dict)
    by_postal: dict[str, list[Place]] = field(default_factory=dict)
    by_code: dict[str, Place] = field(default_factory=dict)
    departments: dict[str, Place] = field(default_factory=dict)
    _sorted_names: list[str] | None = None
    _grid: dict[tuple[int, int], list[Place]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.departments = _department_places(self.places)
        self.places = _place_unlocated(self.places, self.departments)
        by_name: dict[str, list[Place]] = defaultdict(list)
        by_postal: dict[str, list[Place]] = defaultdict(list)
        for place in self.places:
            by_name[_normalise_name(place.name)].append(place)
            for postal in place.postal_codes:
                by_postal[postal].append(place)
            if place.code:
                self.by_code[place.code] = place
        for group in (*by_name.values(), *by_postal.values()):
            group.sort(
                key=lambda p: (
                    p.kind == "commune" and p.code in _CITY_WITH_ARRONDISSEMENTS,
                    not p.located,
                    -p.population,
                )
            )
        self.by_name, self.by_postal = dict(by_name), dict(by_postal)
        for dep in self.departments.values():
            self.by_name.setdefault(_normalise_name(dep.name), []).append(dep)
        for place in self.places:
            if place.located and place.kind in ("commune", "arrondissement"):
                self._grid.setdefault(_cell(place.lat, place.lon), []).append(place)

    def nearest(self, lat: float, lon: float) -> Place | None:
        """The located commune nearest to a point (searched in the 0.1° grid cells around it)."""
        row, col = _cell(lat, lon)
        for reach in (1, 3, 10):
            candidates = [
                p
                for r in range(row - reach, row + reach + 1)
                for c in range(col - reach, col + reach + 1)
                for p in self._grid.get((r, c), ())
            ]
            if candidates:
                scale = math.cos(math.radians(lat)) ** 2
                return min(candidates, key=lambda p: (p.lat - lat) ** 2 + scale * (p.lon - lon) ** 2)
        return None

    def resolve(self, text: str) -> Resolution:
        raw = text.strip()
        if not raw:
            raise PlaceNotFound(text, [])
        coords = _COORDS.match(raw)
        if coords:
            lat, lon = float(coords.group(1)), float(coords.group(2))
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise PlaceNotFound(text, ["latitude within [-90, 90], longitude within [-180, 180]"])
            return Resolution(Place("coordinates", None, f"{lat}, {lon}", lat, lon, None), "coordinates")
        for resolver in (self._arrondissement, self._postal, self._department_code, self._name):
            found = resolver(raw)
            if found is not None:
                return found
        raise PlaceNotFound(text, self.suggest(raw))

    def _arrondissement(self, raw: str) -> Resolution | None:
        m = _ARRONDISSEMENT.match(fold(raw))
        if not m or m.group("city") not in ARRONDISSEMENT_CITIES:
            return None
        number = int(m.group("n"))
        prefix = ARRONDISSEMENT_CITIES[m.group("city")]
        code = f"{prefix}{number:02d}" if len(prefix) == 3 else f"{prefix}{number}"
        place = self.by_code.get(code)
        return Resolution(place, _precision(place)) if place and place.kind == "arrondissement" else None

    def _postal(self, raw: str) -> Resolution | None:
        m = _POSTAL.match(raw)
        if not m:
            return None
        candidates = self.by_postal.get(m.group("code"), [])
        name = m.group("name")
        if name:
            wanted = _normalise_name(_strip_cedex(name))
            named = [p for p in candidates if _normalise_name(p.name) == wanted]
            if not named:
                named = [p for p in self.by_name.get(wanted, []) if p.kind != "department"]
            if named:
                return Resolution(named[0], _precision(named[0]), tuple(named[1:6]))
            return None
        if not candidates:
            return None
        best = candidates[0]
        return Resolution(best, "postal_code" if best.located else _precision(best), tuple(candidates[1:6]))

    def _department_code(self, raw: str) -> Resolution | None:
        code = raw.strip().upper()
        if code in self.departments:
            return Resolution(self.departments[code], "department")
        return None

    def _name(self, raw: str) -> Resolution | None:
        m = _QUALIFIED.match(raw)
        name, qualifier = (m.group("name"), m.group("qualifier").strip().upper()) if m else (raw, None)
        candidates = self.by_name.get(_normalise_name(name), [])
        if qualifier:
            candidates = [p for p in candidates if p.department == qualifier or p.code == qualifier]
        if not candidates:
            return None
        best = candidates[0]
        return Resolution(best, _precision(best), tuple(candidates[1:6]))

    def complete(self, raw: str, n: int = 8) -> list[Place]:
        """Places for a field being typed: names starting with the text (most populous first), or postal codes."""
        text = raw.strip()
        if text.isdigit():
            found = [p for code, places in self.by_postal.items() if code.startswith(text) for p in places[:1]]
            return sorted(found, key=lambda p: -p.population)[:n]
        key = _normalise_name(text)
        if len(key) < 2:
            return []
        if self._sorted_names is None:
            self._sorted_names = sorted(self.by_name)
        start = bisect.bisect_left(self._sorted_names, key)
        found = []
        for name in self._sorted_names[start:]:
            if not name.startswith(key):
                break
            found.extend(self.by_name[name])
        return sorted(found, key=lambda p: (p.kind != "department", -p.population))[:n]

    def suggest(self, raw: str, n: int = 5) -> list[str]:
        key = _normalise_name(raw)
        names = difflib.get_close_matches(key, list(self.by_name), n=n, cutoff=0.6)
        if not names:
            names = [k for k in self.by_name if k.startswith(key[:4])][:n] if len(key) >= 4 else []
        return [self.by_name[k][0].label for k in names]


_CITY_WITH_ARRONDISSEMENTS = {"75056", "69123", "13055"}
_COORDS = re.compile(r"^\s*(-?\d{1,2}(?:\.\d+)?)\s*[,; ]\s*(-?\d{1,3}(?:\.\d+)?)\s*$")
_POSTAL = re.compile(r"^\s*(?P<code>\d{5})(?:\s+(?P<name>.+?))?\s*$")
_QUALIFIED = re.compile(r"^\s*(?P<name>.+?)\s*\((?P<qualifier>[0-9AaBb]{2,3})\)\s*$")
_ARRONDISSEMENT = re.compile(
    r"^(?P<city>paris|lyon|marseille)\s+(?P<n>\d{1,2})\s*(?:e|er|eme|ieme|em|ème)?(?:\s+arr(?:ondissement)?)?$"
)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat * 10), math.floor(lon * 10)


def _precision(place: Place) -> str:
    """commune / arrondissement / department; for a commune without its own point, where its point comes from."""
    if place.located:
        return place.kind
    return place.fallback


def _place_unlocated(places: list[Place], departments_: dict[str, Place]) -> list[Place]:
    """Communes without coordinates get the centre of their postal code (located communes sharing it), else of
    their department; ``located`` stays False and the resolution's precision says which."""
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
    for p in places:
        if p.located:
            for code in p.postal_codes:
                s = sums[code]
                s[0], s[1], s[2] = s[0] + p.lat, s[1] + p.lon, s[2] + 1
    out = []
    for p in places:
        if p.located:
            out.append(p)
            continue
        shared = [sums[c] for c in p.postal_codes if sums.get(c, [0, 0, 0])[2]]
        if shared:
            lat = sum(s[0] / s[2] for s in shared) / len(shared)
            lon = sum(s[1] / s[2] for s in shared) / len(shared)
            out.append(replace(p, lat=lat, lon=lon, fallback="postal_code"))
        elif p.department in departments_:
            dep = departments_[p.department]
            out.append(replace(p, lat=dep.lat, lon=dep.lon, fallback="department"))
    return out


def _strip_cedex(name: str) -> str:
    return re.sub(r"\s+cedex(\s+\d+)?\s*$", "", name, flags=re.IGNORECASE)


def _department_places(places: list[Place]) -> dict[str, Place]:
    weights: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for p in places:
        if p.kind != "commune" or not p.department or not p.located:
            continue
        w = weights[p.department]
        weight = max(p.population, 1)
        w[0] += p.lat * weight
        w[1] += p.lon * weight
        w[2] += weight
        w[3] += p.population
    out = {}
    for code, dep in departments().items():
        sums = weights.get(code)
        if not sums or not sums[2]:
            continue
        out[code] = Place("department", code, dep.name, sums[0] / sums[2], sums[1] / sums[2], code, int(sums[3]))
    return out


def load_places(path: Path) -> list[Place]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            Place(
                kind=row["kind"],
                code=row["code"],
                name=row["name"],
                lat=float(row["lat"]) if row["lat"] else 0.0,
                lon=float(row["lon"]) if row["lon"] else 0.0,
                department=row["department"] or None,
                population=int(row["population"] or 0),
                postal_codes=tuple(row["postal_codes"].split()),
                located=bool(row["lat"]),
            )
            for row in csv.DictReader(fh)
        ]


@cache
def gazetteer() -> Gazetteer:
    return Gazetteer(load_places(GEO_DIR / "places.csv"))
