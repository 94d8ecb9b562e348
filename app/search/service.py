"""Runs a search: adaptive radius, the query, paging cursor, result shaping, explanation."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from opensearchpy import AsyncOpenSearch

from app.search import cursor as cursors
from app.search.params import CODED_FILTERS, MAX_PAGE_DEPTH, SearchParams
from app.search.query import count_body, search_body
from app.search.radius import default_radius_km, widening_steps
from app.search.results import distances_km, facet_items, shape_item

Json = dict[str, Any]


@dataclass(frozen=True)
class Caller:
    """Who asks: restricted data (free beds, direct lines) only for professionals and above."""

    role: str = "anonymous"
    sites: tuple[str, ...] = ()
    key_id: int | None = None

    @property
    def can_see_restricted(self) -> bool:
        return self.role in ("professional", "referent", "admin")


def cursor_parts(p: SearchParams) -> Json:
    return {
        "o": [p.origin.lat, p.origin.lon] if p.origin else None,
        "r": p.radius_km,
        "q": p.q,
        "p": p.profile.name,
        "f": {k: sorted(v) for k, v in p.filters.items()},
        "a": p.age,
        "s": p.social_aid,
        "m": p.price_max_month,
        "b": p.beds_min,
        "h": p.availability_max_age_h,
        "o2": p.sort,
        "z": p.size,
    }


async def choose_radius(client: AsyncOpenSearch, index: str, p: SearchParams) -> tuple[float | None, bool]:
    """(radius, widened): the caller's radius; or the department's default, doubled until ``size`` results."""
    if p.origin is None:
        return None, False
    if p.radius_km is not None:
        return p.radius_km, False
    steps = widening_steps(default_radius_km(p.origin.department))
    for radius in steps:
        count = await client.count(index=index, body=count_body(p, radius))
        if int(count["count"]) >= p.size:
            return radius, radius != steps[0]
    return steps[-1], len(steps) > 1


def _explain(hit: Json, p: SearchParams, item: Json) -> Json:
    source = hit["_source"]
    matched = {
        param: sorted(set(codes) & set(_values(source, CODED_FILTERS[param][0])))
        for param, codes in p.filters.items()
        if codes
    }
    steps: list[str] = []
    if p.sort == "distance":
        steps.append(f"sorted by distance: {item['distance_km']} km from the origin")
    else:
        steps.append(f"relevance score {hit.get('_score')}")
        if p.origin is not None:
            steps.append(f"proximity boost: distance_feature, pivot {p.profile.distance_pivot_km} km")
        if p.profile.rotate_ties:
            steps.append("equal scores ordered by the seeded rotation key")
    out: Json = {"matched": matched, "sort_values": hit.get("sort"), "steps": steps}
    if p.age is not None:
        out["age"] = {"asked": p.age, "range": [source.get("age_min"), source.get("age_max")]}
    if p.price_max_month is not None:
        out["price_per_month"] = {"max": p.price_max_month, "offer": source.get("price_per_month")}
    if p.beds_min is not None and "availability" in item:
        out["availability"] = {"beds_min": p.beds_min, **item["availability"]}
    explanation = hit.get("_explanation")
    if explanation:
        out["score"] = {
            "value": explanation.get("value"),
            "details": [
                {"value": d.get("value"), "description": d.get("description", "")[:200]}
                for d in explanation.get("details", [])[:6]
            ],
        }
    return out


def _values(source: Json, dotted: str) -> list[str]:
    value: Any = source
    for part in dotted.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return [value] if isinstance(value, str) else list(value or ())


async def run_search(client: AsyncOpenSearch, index: str, p: SearchParams, caller: Caller) -> Json:
    key = cursors.query_key(cursor_parts(p))
    page = cursors.decode(p.cursor, key) if p.cursor else None
    if page is not None:
        radius, widened, seed = page.radius_km, False, page.seed
    else:
        radius, widened = await choose_radius(client, index, p)
        seed = secrets.randbelow(1 << 30) if p.profile.rotate_ties else 0
    body = search_body(p, radius, seed=seed, search_after=page.after if page else None, with_facets=page is None)
    response = await client.search(index=index, body=body)
    hits = response["hits"]["hits"]
    now = datetime.now(UTC)
    items = []
    distances = distances_km(p.origin, [h["_source"]["location"] for h in hits]) if p.origin else [None] * len(hits)
    for hit, distance in zip(hits, distances, strict=True):
        item = shape_item(hit["_source"], p.origin, caller.can_see_restricted, p.availability_max_age_h, now, distance)
        if p.explain:
            item["explain"] = _explain(hit, p, item)
        items.append(item)
    if p.sort == "distance":
        # OpenSearch orders by great-circle distance (a sphere); the page is shown in the order of the geodesic
        # distance it reports (the WGS84 ellipsoid, < 0.6 % apart). The cursor stays on OpenSearch's order, so
        # paging still returns each result exactly once.
        items.sort(key=lambda i: (i["distance_km"] is None, i["distance_km"] or 0.0, i["id"]))
    total = response["hits"]["total"]
    next_cursor = None
    if len(hits) == p.size and hits:
        next_cursor = cursors.encode(cursors.Cursor(after=hits[-1]["sort"], seed=seed, radius_km=radius, query_key=key))
    result: Json = {
        "total": total["value"],
        "total_relation": total["relation"],
        "radius_km": radius,
        "radius_widened": widened,
        "origin": None
        if p.origin is None
        else {"lat": p.origin.lat, "lon": p.origin.lon, "label": p.origin.label, "precision": p.origin.precision},
        "profile": p.profile.name,
        "sort": p.sort,
        "items": items,
        "facets": facet_items(response.get("aggregations", {}), {k: v[1] for k, v in CODED_FILTERS.items()})
        if page is None
        else None,
        "next_cursor": next_cursor,
        "max_depth": MAX_PAGE_DEPTH,
    }
    if p.alternatives:
        result["origin_alternatives"] = [
            {"lat": o.lat, "lon": o.lon, "label": o.label, "precision": o.precision} for o in p.alternatives
        ]
    return result
