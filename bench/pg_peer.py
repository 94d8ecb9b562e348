"""The PostGIS peer: the same filtered nearest-k as the search, in SQL on the directory tables.

Written as one would to serve these searches from PostGIS alone: one statement per search, bound
parameters (psycopg prepares it after a few runs), a persistent connection, the radius as
``ST_DWithin`` on the spherical model (as OpenSearch's ``arc``) and the order as ``geog <-> point``
so the GiST index on ``site.geog`` can return sites nearest first (KNN), array filters as ``&&`` with
GIN indexes, full text with a GIN expression index. The indexes are created in the bench database
only. What it does not do: facets (the OpenSearch way also counts them), sites without an offer (no
query of the mix can match one), text over site names and code labels (offer names only).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy.engine import make_url

from app.search.params import SearchParams
from nomenclatures import loader

# Indexes a PostGIS deployment of these searches would have, beyond the directory's own
# (site.geog GiST, offer.site_id, availability_current primary key).
PEER_INDEXES: dict[str, str] = {
    "bench_offer_activities_gin": "create index if not exists bench_offer_activities_gin on offer "
    "using gin (activities)",
    "bench_offer_professions_gin": "create index if not exists bench_offer_professions_gin on offer "
    "using gin (professions)",
    "bench_offer_accommodation_gin": "create index if not exists bench_offer_accommodation_gin on offer "
    "using gin (accommodation)",
    "bench_offer_equipment_gin": "create index if not exists bench_offer_equipment_gin on offer using gin (equipment)",
    "bench_offer_name_fts": "create index if not exists bench_offer_name_fts on offer "
    "using gin (to_tsvector('french', name))",
    "bench_site_category": "create index if not exists bench_site_category on site (category)",
}

# Coded parameter → SQL array column (site.category is scalar: ``= any``).
ARRAY_COLUMNS = {
    "activity": "o.activities",
    "profession": "o.professions",
    "public": "o.publics",
    "accommodation": "o.accommodation",
    "equipment": "o.equipment",
}
POINT = "ST_SetSRID(ST_MakePoint(%(lon)s, %(lat)s), 4326)::geography"
# What a result list shows, and the same fields in the OpenSearch documents (the raw top-20 way asks for these).
COLUMNS = (
    "o.offer_id, o.name, s.name as site_name, s.city, s.postal_code, s.category, o.activities, "
    "o.price_per_month, o.social_aid"
)
DOCUMENT_FIELDS = [
    "offer_id",
    "name",
    "site.name",
    "address.city",
    "address.postal_code",
    "site.category",
    "activities",
    "price_per_month",
    "social_aid",
]


def libpq_url(database_url: str) -> str:
    """The SQLAlchemy URL as libpq takes it (no ``+driver``)."""
    return make_url(database_url).set(drivername="postgresql").render_as_string(hide_password=False)


def with_descendants(param: str, codes: tuple[str, ...]) -> list[str]:
    """Documents carry activities with their ancestors, rows only their own codes: a filter on a parent code
    must list its children (no activity of the mix has any; kept for equivalence)."""
    if param != "activity":
        return list(codes)
    table = loader.get("activity")
    wanted = set(codes)
    return sorted(wanted | {c.code for c in table if wanted & set(table.ancestors(c.code))})


def peer_query(p: SearchParams, radius_km: float) -> tuple[str, dict[str, Any]]:
    """SQL and parameters of the search ``p`` within ``radius_km``: offers only, ``size`` nearest (or best)."""
    assert p.origin is not None
    args: dict[str, Any] = {"lat": p.origin.lat, "lon": p.origin.lon, "radius_m": radius_km * 1000.0, "k": p.size}
    where = [f"ST_DWithin(s.geog, {POINT}, %(radius_m)s, false)"]
    categories = p.filters.get("category") or p.profile.categories
    if categories:
        where.append("s.category = any(%(categories)s)")
        args["categories"] = list(categories)
    activities = p.filters.get("activity") or p.profile.activities
    for param, column in ARRAY_COLUMNS.items():
        codes = activities if param == "activity" else p.filters.get(param)
        if codes:
            where.append(f"{column} && %({param})s::text[]")
            args[param] = with_descendants(param, tuple(codes))
    if p.age is not None:
        where.append("coalesce(o.age_min, 0) <= %(age)s and coalesce(o.age_max, 130) >= %(age)s")
        args["age"] = p.age
    if p.social_aid is not None:
        where.append("o.social_aid = %(social_aid)s")
        args["social_aid"] = p.social_aid
    if p.price_max_month is not None:
        where.append("o.price_per_month <= %(price)s")
        args["price"] = p.price_max_month
    if p.beds_min is not None:
        where.append(
            "exists (select 1 from availability_current a where a.offer_id = o.id and a.bed_type = '01' "
            "and a.free >= %(beds)s and a.observed_at >= now() - make_interval(mins => %(max_age_min)s))"
        )
        args["beds"] = p.beds_min
        args["max_age_min"] = max(1, round(p.availability_max_age_h * 60))
    if p.q:
        where.append("to_tsvector('french', o.name) @@ plainto_tsquery('french', %(q)s)")
        args["q"] = p.q
    if p.sort == "distance" or not p.q:
        # Without text, relevance is the proximity boost alone, which is monotonic in distance.
        order = f"s.geog <-> {POINT}"
    else:
        order = (
            f"ts_rank_cd(to_tsvector('french', o.name), plainto_tsquery('french', %(q)s)) "
            f"+ %(pivot)s / (%(pivot)s + (s.geog <-> {POINT}) / 1000.0) desc"
        )
        args["pivot"] = p.profile.distance_pivot_km
    sql = (
        f"select {COLUMNS}, s.geog <-> {POINT} as distance_m "
        f"from site s join offer o on o.site_id = s.id "
        f"where {' and '.join(where)} order by {order} limit %(k)s"
    )
    return sql, args


def drop_indexes(database_url: str) -> None:
    """Drop the peer's indexes (before ingestion, which must not pay for them)."""
    with psycopg.connect(libpq_url(database_url), autocommit=True) as conn:
        for name in PEER_INDEXES:
            conn.execute(f"drop index if exists {name}")


def ensure_indexes(database_url: str) -> dict[str, float]:
    """Create the peer's indexes (bench database only) and refresh planner statistics; seconds per step."""
    took: dict[str, float] = {}
    with psycopg.connect(libpq_url(database_url), autocommit=True) as conn:
        for name, ddl in PEER_INDEXES.items():
            started = time.perf_counter()
            conn.execute(ddl)
            took[name] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        conn.execute("analyze site, offer, availability_current, capacity")
        took["analyze"] = round(time.perf_counter() - started, 2)
    return took


@dataclass
class PeerResult:
    ids: list[str]
    seconds: float


class Peer:
    """One persistent connection, as a service would keep in its pool."""

    def __init__(self, database_url: str) -> None:
        self.conn = psycopg.connect(libpq_url(database_url), autocommit=True)

    def close(self) -> None:
        self.conn.close()

    def search(self, p: SearchParams, radius_km: float) -> PeerResult:
        sql, args = peer_query(p, radius_km)
        started = time.perf_counter()
        rows = self.conn.execute(sql, args).fetchall()
        return PeerResult([str(r[0]) for r in rows], time.perf_counter() - started)

    def explain(self, p: SearchParams, radius_km: float, lines: int = 30) -> list[str]:
        sql, args = peer_query(p, radius_km)
        rows = self.conn.execute("explain (analyze, buffers) " + sql, args).fetchall()
        return [str(r[0]) for r in rows][:lines]
