"""The fixed, seeded query mix: per use case, searches near communes drawn by population.

Each query exists once, as the API's query string; the raw OpenSearch way and the PostGIS peer derive
their request from the same parameters through ``search_params``, which resolves them exactly as
``app.api.search.search`` does (gazetteer, profile, codes). Radii are explicit, so every way runs one
search (the API's adaptive radius would add ``_count`` round trips that the other ways do not make).
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

from app.api.search import origin_of
from app.geocode.gazetteer import Place, gazetteer
from app.search.params import CODED_FILTERS, SearchParams, resolve_codes, resolve_profile
from app.search.profiles import SortName

QUERY_NAMES = ("nursing_home", "practitioner", "emergency", "text", "facets_heavy")
SIZE = 20

# Use case → fixed parameters (the place is drawn per query). Codes: TRE_R213 accommodation 02 (permanent),
# TRE_G15 profession 93 (psychologue), TRE_R211/JDV_J17 activities, TRE_R212 equipment 231 (scanner),
# TRE_R66 categories.
USE_CASES: dict[str, list[tuple[str, str]]] = {
    "nursing_home": [
        ("profile", "nursing_home"),
        ("accommodation", "02"),
        ("social_aid", "true"),
        ("price_max_month", "2500"),
        ("radius_km", "30"),
    ],
    "practitioner": [("profile", "practitioner"), ("profession", "93"), ("age", "7"), ("radius_km", "20")],
    "emergency": [
        ("profile", "emergency"),
        ("activity", "127"),
        ("activity", "126"),
        ("equipment", "231"),
        ("beds_min", "1"),
        ("radius_km", "150"),
    ],
    "text": [("q", "rhumatologie"), ("sort", "relevance"), ("radius_km", "50")],
    "facets_heavy": [
        *(("activity", code) for code in ("127", "126", "351", "354", "013", "050", "131", "088", "157")),
        *(("category", code) for code in ("355", "101", "106", "500", "202")),
        ("radius_km", "200"),
    ],
}
PROFESSIONAL = {"emergency"}  # beds_min needs a professional key


@dataclass(frozen=True)
class BenchQuery:
    name: str
    place: str  # the commune as a user types it
    query: list[tuple[str, str]]  # the API query string, repeatable parameters kept
    params: SearchParams
    professional: bool
    seed: int  # rotation seed the raw way uses (the API draws its own)

    @property
    def path(self) -> str:
        return "/v1/search?" + urlencode(self.query)


def communes(rng: random.Random, n: int) -> list[Place]:
    """``n`` communes drawn by population (where people search from), each resolvable from its label."""
    g = gazetteer()
    pool = [p for p in g.places if p.kind == "commune" and p.located and p.postal_codes and p.population > 0]
    picked: list[Place] = []
    while len(picked) < n:
        for place in rng.choices(pool, weights=[p.population for p in pool], k=n - len(picked)):
            if g.resolve(place.label).place.code == place.code:
                picked.append(place)
    return picked


def search_params(query: Sequence[tuple[str, str]]) -> SearchParams:
    """The ``SearchParams`` the API builds for this query string (``app.api.search.search``, same order)."""
    values: dict[str, list[str]] = {}
    for key, value in query:
        values.setdefault(key, []).append(value)

    def one(key: str) -> str | None:
        return values[key][0] if key in values else None

    profile = resolve_profile(one("profile"))
    near = one("near")
    origin = origin_of(gazetteer().resolve(near)) if near else None
    chosen = one("sort") or (profile.sort if origin is not None else "relevance")
    sort: SortName = "distance" if chosen == "distance" else "relevance"
    q = one("q")
    radius, age, aid = one("radius_km"), one("age"), one("social_aid")
    price, beds = one("price_max_month"), one("beds_min")
    return SearchParams(
        origin=origin,
        radius_km=float(radius) if radius else None,
        q=q.strip() if q and q.strip() else None,
        profile=profile,
        filters={name: resolve_codes(name, values[name]) for name in CODED_FILTERS if values.get(name)},
        age=int(age) if age else None,
        social_aid=None if aid is None else aid == "true",
        price_max_month=float(price) if price else None,
        beds_min=int(beds) if beds else None,
        availability_max_age_h=profile.availability_max_age_h,
        sort=sort,
        size=int(one("size") or SIZE),
        explain=False,
    )


def query_mix(seed: int, per_name: int) -> dict[str, list[BenchQuery]]:
    """``per_name`` queries per use case; the same seed always gives the same places, in the same order."""
    out: dict[str, list[BenchQuery]] = {}
    for name in QUERY_NAMES:
        rng = random.Random(f"{seed}:{name}")
        queries = []
        for place in communes(rng, per_name):
            query = [("near", place.label), *USE_CASES[name], ("size", str(SIZE))]
            queries.append(
                BenchQuery(
                    name=name,
                    place=place.label,
                    query=query,
                    params=search_params(query),
                    professional=name in PROFESSIONAL,
                    seed=rng.randrange(1 << 30),
                )
            )
        out[name] = queries
    return out


def interleave(mix: Mapping[str, Sequence[BenchQuery]]) -> list[BenchQuery]:
    """All queries, one use case after the other (a mixed workload for the load phases)."""
    longest = max((len(qs) for qs in mix.values()), default=0)
    return [qs[i] for i in range(longest) for qs in mix.values() if i < len(qs)]
