"""The national demo dataset, deterministic from a seed, written as ROR FHIR ndjson.

Real: hospital sites (FINESS numbers, names, WGS84 points, bed counts; data/sources) and communes
(points, postal codes, population; data/geo/places.csv). Synthetic (meta tag ``urn:ror-search:synthetic``):
the offers of hospital sites, EHPAD sites (no open source with their prices is reachable here) and
liberal practitioners, placed on real communes in proportion to their population. ``scale`` multiplies
the synthetic offers (for benchmarks).
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from indexer.demo import fhir_builders as fb
from nomenclatures.territories import region_of

Json = dict[str, Any]


# Hospital units: (name, activity TRE_R211, care mode TRE_R213, beds range, share of sites by size class
# small/medium/large, minimum age, maximum age).
@dataclass(frozen=True)
class Unit:
    key: str
    name: str
    activity: str
    care_mode: str
    beds: tuple[int, int]
    share: tuple[float, float, float]
    ages: tuple[int, int] = (0, 120)
    field: str = "01"  # TRE_R227 activity field


UNITS: tuple[Unit, ...] = (
    Unit("urg", "Urgences", "157", "33", (0, 0), (0.5, 0.95, 1.0)),
    Unit("urgped", "Urgences pédiatriques", "249", "33", (0, 0), (0.0, 0.3, 0.9), (0, 17)),
    Unit("rea", "Réanimation polyvalente", "127", "28", (8, 30), (0.05, 0.6, 1.0), (16, 120)),
    Unit("ream", "Réanimation médicale", "126", "28", (10, 24), (0.0, 0.1, 0.7), (16, 120)),
    Unit("reaped", "Réanimation pédiatrique", "130", "28", (6, 16), (0.0, 0.0, 0.5), (0, 17)),
    Unit("si", "Soins intensifs polyvalents", "351", "28", (6, 16), (0.1, 0.5, 0.9), (16, 120)),
    Unit("usic", "Soins intensifs de cardiologie (USIC)", "354", "28", (6, 14), (0.0, 0.4, 0.9), (16, 120)),
    Unit("neurochir", "Neurochirurgie", "096", "28", (15, 40), (0.0, 0.05, 0.6), (16, 120)),
    Unit("rhumato", "Consultation de rhumatologie", "131", "32", (0, 0), (0.1, 0.5, 0.9)),
    Unit("rhumatohc", "Rhumatologie, hospitalisation complète", "131", "28", (10, 30), (0.0, 0.2, 0.6)),
    Unit("pedia", "Pédiatrie", "088", "28", (10, 40), (0.1, 0.6, 1.0), (0, 17)),
    Unit("cardio", "Cardiologie", "013", "28", (15, 50), (0.2, 0.7, 1.0), (16, 120)),
    Unit("geria", "Gériatrie", "050", "28", (15, 60), (0.5, 0.7, 0.9), (60, 120)),
    Unit("psy", "Consultation de psychologie", "289", "32", (0, 0), (0.1, 0.4, 0.8)),
)
EQUIPMENT = (("231", (0.5, 0.95, 1.0)), ("230", (0.2, 0.7, 1.0)))  # Scanner, IRM

PRACTITIONERS = (
    # (kind, per inhabitants, profession TRE_G15, specialty TRE_R38, activity TRE_R211, care mode, name)
    ("psy", 2500, "93", None, "289", "32", "Cabinet de psychologie"),
    ("gp", 2000, "10", "SM54", "437", "32", "Cabinet de médecine générale"),
    ("rhumato", 25000, "10", "SM48", "131", "32", "Cabinet de rhumatologie"),
)


@dataclass(frozen=True)
class RealSite:
    finess: str
    name: str
    lat: float
    lon: float
    postal_code: str | None
    city: str | None
    department: str | None
    beds: int | None
    category: str = "355"


@dataclass(frozen=True)
class Commune:
    code: str
    name: str
    lat: float
    lon: float
    department: str | None
    postal_codes: tuple[str, ...]
    population: int


@dataclass
class Stats:
    sites: int = 0
    offers: int = 0
    locations: int = 0
    practitioner_roles: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str, n: int = 1) -> None:
        self.by_kind[kind] = self.by_kind.get(kind, 0) + n


# TRE_R66 categories (FINESS) → which units a site may have.
ACUTE = {"101", "355", "106", "114", "122", "128", "129", "131", "365"}  # MCO hospitals and clinics
PSYCHIATRY = {"292", "161"}  # psychiatric hospitals
LONG_STAY = {"109", "362"}  # SSR and long-stay
UNITS_BY_FAMILY = {"psychiatry": {"psy"}, "long_stay": {"geria"}}


def _family(site: RealSite) -> str | None:
    if site.category in ACUTE:
        return "acute"
    if site.category in PSYCHIATRY:
        return "psychiatry"
    if site.category in LONG_STAY:
        return "long_stay"
    return None


def _size_class(site: RealSite) -> int:
    """0 small, 1 medium, 2 large (CHR/CHU, or ≥ 400 beds when the source gives beds)."""
    beds = site.beds or 0
    if site.category == "101" or beds >= 400 or "UNIVERSITAIRE" in site.name.upper() or " CHU" in f" {site.name}":
        return 2
    if site.category in ("355", "131", "114") or beds >= 100:
        return 1
    return 0


def _iso(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


class Writer:
    """Keeps resources in the order the reader likes (organizations, locations, roles, services)."""

    def __init__(self, out: Path) -> None:
        self.parts = {k: (out / f".{k}.part").open("w", encoding="utf-8") for k in ("org", "loc", "role", "hs")}
        self.out = out

    def put(self, kind: str, resource: Json) -> None:
        self.parts[kind].write(json.dumps(resource, ensure_ascii=False, separators=(",", ":")) + "\n")

    def close(self, name: str) -> Path:
        target = self.out / name
        with target.open("w", encoding="utf-8") as final:
            for kind, fh in self.parts.items():
                fh.close()
                path = self.out / f".{kind}.part"
                with path.open(encoding="utf-8") as part:
                    for line in part:
                        final.write(line)
                path.unlink()
        return target


def _jitter(rng: random.Random, lat: float, lon: float, km: float) -> tuple[float, float]:
    """A point within ``km`` of (lat, lon), uniformly on the disc."""
    r = km * math.sqrt(rng.random())
    a = rng.random() * 2 * math.pi
    dlat = (r * math.cos(a)) / 111.32
    dlon = (r * math.sin(a)) / (111.32 * max(0.2, math.cos(math.radians(lat))))
    return round(lat + dlat, 6), round(lon + dlon, 6)


def _availability(rng: random.Random, installed: int, now: datetime) -> tuple[int, str]:
    free = rng.randint(0, max(0, installed // 4)) if rng.random() < 0.75 else 0
    age_h = rng.choice([rng.uniform(0, 6), rng.uniform(0, 12), rng.uniform(6, 48)])
    return free, _iso(now - timedelta(hours=age_h))


def _hospital(w: Writer, site: RealSite, rng: random.Random, now: datetime, scale: int, stats: Stats) -> None:
    region = region_of(site.department)
    updated = _iso(now - timedelta(days=rng.randint(1, 200)))
    w.put(
        "org",
        fb.site(
            f"eg-{site.finess}",
            site.name,
            updated,
            region,
            False,
            site.category,
            finess=site.finess,
            postal_code=site.postal_code,
            city=site.city,
            lat=site.lat,
            lon=site.lon,
            telecoms=[
                fb.Telecom(
                    f"0{rng.randint(1, 5)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                    f"{rng.randint(10, 99)} {rng.randint(10, 99)}"
                )
            ],
        ),
    )
    stats.sites += 1
    family = _family(site)
    size = _size_class(site)
    equipment = [code for code, share in EQUIPMENT if rng.random() < share[size]] if family == "acute" else []
    allowed = UNITS_BY_FAMILY.get(family or "")
    for copy in range(scale):
        for unit in UNITS:
            if family is None or (allowed is not None and unit.key not in allowed):
                continue
            if rng.random() >= (unit.share[size] if allowed is None else 0.8):
                continue
            suffix = f"-{copy}" if copy else ""
            oid = f"hs-{site.finess}-{unit.key}{suffix}"
            loc_id = f"loc-{site.finess}-{unit.key}{suffix}"
            capacities: list[fb.CapacityFigure] = []
            if unit.beds[1]:
                installed = rng.randint(*unit.beds)
                free, observed = _availability(rng, installed, now)
                capacities = [
                    fb.CapacityFigure("01", "01", installed, updated),
                    fb.CapacityFigure("01", "02", free, observed),
                ]
            w.put("loc", fb.location(loc_id, updated, region, True, site.lat, site.lon, None, capacities, equipment))
            stats.locations += 1
            slots = (
                [fb.Slot(day=d, all_day=True) for d in range(1, 8)]
                if unit.care_mode in ("33", "28")
                else [fb.Slot(day=d, start="08:30:00", end="17:30:00") for d in range(1, 6)]
            )
            direct = fb.Telecom(
                f"0{rng.randint(1, 5)} {rng.randint(10, 99)} 00 {rng.randint(10, 99)} 00",
                confidentiality="2",
                purpose="06",
            )
            w.put(
                "hs",
                fb.healthcare_service(
                    oid,
                    unit.name,
                    updated,
                    region,
                    True,
                    f"eg-{site.finess}",
                    loc_id,
                    unit.field,
                    [unit.activity],
                    [unit.care_mode],
                    age_min=unit.ages[0],
                    age_max=unit.ages[1],
                    telecoms=[direct],
                    slots=slots,
                ),
            )
            stats.offers += 1
            stats.add(f"hospital:{unit.key}")


def _weighted_communes(communes: Sequence[Commune], rng: random.Random, n: int, power: float) -> Iterator[Commune]:
    weights = [max(c.population, 1) ** power for c in communes]
    yield from rng.choices(communes, weights=weights, k=n)


def _ehpad(
    w: Writer, communes: Sequence[Commune], rng: random.Random, now: datetime, count: int, scale: int, stats: Stats
) -> None:
    for i, commune in enumerate(_weighted_communes(communes, rng, count, 0.6)):
        region = region_of(commune.department)
        lat, lon = _jitter(rng, commune.lat, commune.lon, 1.5)
        sid = f"demo-ehpad-{i:05d}"
        updated = _iso(now - timedelta(days=rng.randint(1, 365)))
        per_day = round(rng.triangular(52.0, 130.0, 68.0), 2)
        temp_per_day = round(per_day * rng.uniform(1.0, 1.15), 2)
        social_aid = rng.random() < 0.75
        prices = [
            fb.Price(per_day, "2", "Tarif journalier", price_type="02", welcome_type="02"),
            fb.Price(temp_per_day, "2", "Tarif journalier", price_type="02", welcome_type="01"),
            *(
                fb.Price(round(rng.uniform(*r), 2), "2", "Tarif journalier", price_type="03", gir=g)
                for g, r in (("01", (20.0, 28.0)), ("02", (13.0, 18.0)), ("03", (5.5, 8.0)))
            ),
        ]
        postal = commune.postal_codes[0] if commune.postal_codes else None
        w.put(
            "org",
            fb.site(
                sid,
                f"EHPAD (démo) n°{i:05d} — {commune.name}",
                updated,
                region,
                True,
                "500",
                postal_code=postal,
                city=commune.name,
                insee_code=commune.code,
                lat=lat,
                lon=lon,
                telecoms=[fb.Telecom(f"0{rng.randint(1, 5)} {rng.randint(10, 99)} {rng.randint(10, 99)} 00 00")],
                social_aid=social_aid,
                prices=prices,
            ),
        )
        stats.sites += 1
        places = rng.randint(40, 120)
        offers = [("hp", "Hébergement permanent", "02", places)]
        if rng.random() < 0.6:
            offers.append(("ht", "Hébergement temporaire", "01", rng.randint(2, 8)))
        for copy in range(scale):
            for key, name, stay, installed in offers:
                suffix = f"-{copy}" if copy else ""
                loc_id = f"loc-{sid}-{key}{suffix}"
                free, observed = _availability(rng, installed, now)
                w.put(
                    "loc",
                    fb.location(
                        loc_id,
                        updated,
                        region,
                        True,
                        lat,
                        lon,
                        commune.code,
                        [
                            fb.CapacityFigure("02", "01", installed, updated),
                            fb.CapacityFigure("02", "02", free, observed),
                        ],
                    ),
                )
                stats.locations += 1
                w.put(
                    "hs",
                    fb.healthcare_service(
                        f"hs-{sid}-{key}{suffix}",
                        name,
                        updated,
                        region,
                        True,
                        sid,
                        loc_id,
                        "04",
                        ["050"],
                        ["46"],
                        publics=["01"],
                        age_min=60,
                        age_max=120,
                        stay=[stay],
                        offer_type="21",
                    ),
                )
                stats.offers += 1
                stats.add(f"ehpad:{key}")


def _practitioners(
    w: Writer,
    communes: Sequence[Commune],
    rng: random.Random,
    now: datetime,
    scale: int,
    rate: float,
    stats: Stats,
) -> None:
    population = sum(c.population for c in communes)
    for kind, per, profession, specialty, activity, care_mode, label in PRACTITIONERS:
        count = max(1, round(population / per * rate)) * scale
        for i, commune in enumerate(_weighted_communes(communes, rng, count, 1.0)):
            region = region_of(commune.department)
            lat, lon = _jitter(rng, commune.lat, commune.lon, 1.0)
            sid = f"demo-{kind}-{i:06d}"
            updated = _iso(now - timedelta(days=rng.randint(1, 365)))
            postal = commune.postal_codes[0] if commune.postal_codes else None
            w.put(
                "org",
                fb.site(
                    sid,
                    f"{label} (démo) n°{i:06d} — {commune.name}",
                    updated,
                    region,
                    True,
                    "601",
                    postal_code=postal,
                    city=commune.name,
                    insee_code=commune.code,
                    lat=lat,
                    lon=lon,
                ),
            )
            stats.sites += 1
            if kind == "psy":
                ages = rng.choice([(0, 17), (3, 17), (0, 120), (18, 120), (12, 25), (0, 120)])
            elif kind == "gp":
                ages = (0, 120)
            else:
                ages = (16, 120)
            hs_id = f"hs-{sid}"
            days = sorted(rng.sample(range(1, 7), rng.randint(3, 5)))
            w.put(
                "hs",
                fb.healthcare_service(
                    hs_id,
                    label,
                    updated,
                    region,
                    True,
                    sid,
                    None,
                    "05",
                    [activity],
                    [care_mode],
                    publics=["07"],
                    age_min=ages[0],
                    age_max=ages[1],
                    telecoms=[
                        fb.Telecom(
                            f"0{rng.randint(1, 9)} {rng.randint(10, 99)} {rng.randint(10, 99)} "
                            f"{rng.randint(10, 99)} {rng.randint(10, 99)}",
                            purpose="02",
                        )
                    ],
                    slots=[fb.Slot(day=d, start="09:00:00", end="18:30:00") for d in days],
                ),
            )
            w.put("role", fb.practitioner_role(f"pr-{sid}", updated, region, True, hs_id, profession, specialty))
            stats.offers += 1
            stats.practitioner_roles += 1
            stats.add(f"practitioner:{kind}")


def build(
    out: Path,
    sites: Sequence[RealSite],
    communes: Sequence[Commune],
    seed: int = 42,
    scale: int = 1,
    ehpad_count: int = 6301,
    practitioner_rate: float = 1.0,
    now: datetime | None = None,
) -> tuple[Path, Stats]:
    """Write ``ror-demo.ndjson`` into ``out``; the same seed, inputs and ``now`` give the same file."""
    out.mkdir(parents=True, exist_ok=True)
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    stats = Stats()
    writer = Writer(out)
    for site in sites:
        _hospital(writer, site, random.Random(f"{seed}:{site.finess}"), now, scale, stats)
    _ehpad(writer, communes, random.Random(f"{seed}:ehpad"), now, ehpad_count, scale, stats)
    _practitioners(writer, communes, random.Random(f"{seed}:practitioners"), now, scale, practitioner_rate, stats)
    return writer.close("ror-demo.ndjson"), stats


def write_stats(stats: Stats, fh: TextIO) -> None:
    json.dump(
        {
            "sites": stats.sites,
            "offers": stats.offers,
            "locations": stats.locations,
            "practitioner_roles": stats.practitioner_roles,
            "by_kind": stats.by_kind,
        },
        fh,
        indent=1,
    )
