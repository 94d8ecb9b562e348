"""Pure functions: validated search parameters → OpenSearch request bodies (no I/O, unit-tested).

Rules (ARCHITECTURE §3, docs/ranking.md):
- every hard criterion is a filter (cached, not scored): radius, kinds, age, social aid, price, beds;
- coded filters that are also facets go in ``post_filter`` so each facet still counts its other values
  (multi-select); each facet's aggregation applies every other facet filter but its own;
- ``sort=distance``: ``_geo_distance`` on ``location`` in metres, one origin, ``mode: min``, id as tie-breaker;
- ``sort=relevance``: text in ``must``, proximity as a ``distance_feature`` clause (it can skip
  non-competitive documents); equal scores ordered by one of 8 precomputed rotation keys picked by the seed;
- total hits counted up to 10,000; deep pages by ``search_after``.
"""

from __future__ import annotations

from typing import Any

from app.search.params import CODED_FILTERS, MAX_PAGE_DEPTH, SearchParams

Json = dict[str, Any]
ROTATIONS = 8
TEXT_FIELDS = ["name^3", "site.name^2", "labels_text", "address.city.text", "site.legal_entity_name"]


def geo_filter(p: SearchParams, radius_km: float) -> Json:
    assert p.origin is not None
    return {
        "geo_distance": {
            "distance": f"{radius_km}km",
            "distance_type": "arc",
            "location": {"lat": p.origin.lat, "lon": p.origin.lon},
        }
    }


def availability_filter(beds_min: int, max_age_h: float) -> list[Json]:
    """Free beds ≥ n, reported within the last ``max_age_h`` hours (older figures are not trusted)."""
    minutes = max(1, round(max_age_h * 60))
    return [
        {"range": {"restricted.free_beds": {"gte": beds_min}}},
        {"range": {"restricted.availability_updated_at": {"gte": f"now-{minutes}m/m"}}},
    ]


def hard_filters(p: SearchParams, radius_km: float | None) -> list[Json]:
    """Filters that are not facets: they narrow both the hits and every facet count."""
    filters: list[Json] = [{"terms": {"kind": list(p.profile.kinds)}}]
    if p.origin is not None and radius_km is not None:
        filters.append(geo_filter(p, radius_km))
    if p.age is not None:
        filters.append({"range": {"age_min": {"lte": p.age}}})
        filters.append({"range": {"age_max": {"gte": p.age}}})
    if p.social_aid is not None:
        filters.append({"term": {"social_aid": p.social_aid}})
    if p.price_max_month is not None:
        filters.append({"range": {"price_per_month": {"lte": p.price_max_month}}})
    if p.beds_min is not None:
        filters.extend(availability_filter(p.beds_min, p.availability_max_age_h))
    for param, default in (("category", p.profile.categories), ("activity", p.profile.activities)):
        if default and not p.filters.get(param):
            field, _ = CODED_FILTERS[param]
            filters.append({"terms": {field: list(default)}})
    return filters


def facet_filters(p: SearchParams) -> dict[str, Json]:
    """One clause per selected coded parameter (values OR'ed), applied as post_filter."""
    return {param: {"terms": {CODED_FILTERS[param][0]: list(codes)}} for param, codes in p.filters.items() if codes}


def text_query(q: str) -> Json:
    return {
        "bool": {
            "should": [
                {"multi_match": {"query": q, "type": "cross_fields", "operator": "and", "fields": TEXT_FIELDS}},
                {"multi_match": {"query": q, "type": "bool_prefix", "fields": ["name.suggest", "site.name.suggest"]}},
            ],
            "minimum_should_match": 1,
        }
    }


def main_query(p: SearchParams, radius_km: float | None) -> Json:
    query: Json = {"bool": {"filter": hard_filters(p, radius_km)}}
    if p.q:
        query["bool"]["must"] = [text_query(p.q)]
    if p.sort == "relevance" and p.origin is not None:
        query["bool"]["should"] = [
            {
                "distance_feature": {
                    "field": "location",
                    "origin": {"lat": p.origin.lat, "lon": p.origin.lon},
                    "pivot": f"{p.profile.distance_pivot_km}km",
                    "boost": 1.0,
                }
            }
        ]
    return query


def sort_clause(p: SearchParams, seed: int) -> list[Json]:
    if p.sort == "distance":
        assert p.origin is not None
        return [
            {
                "_geo_distance": {
                    "location": {"lat": p.origin.lat, "lon": p.origin.lon},
                    "order": "asc",
                    "unit": "m",
                    "mode": "min",
                    "distance_type": "arc",
                    "ignore_unmapped": True,
                }
            },
            {"id": "asc"},
        ]
    clauses: list[Json] = [{"_score": "desc"}]
    if p.profile.rotate_ties:
        clauses.append({f"rot.r{seed % ROTATIONS}": "asc"})
    clauses.append({"id": "asc"})
    return clauses


def aggregations(p: SearchParams) -> Json:
    """Facet counts, multi-select aware: each facet applies the other facets' selections, not its own."""
    selected = facet_filters(p)
    aggs: Json = {}
    for param, (field, _) in CODED_FILTERS.items():
        others = [clause for name, clause in selected.items() if name != param]
        aggs[param] = {
            "filter": {"bool": {"filter": others}} if others else {"match_all": {}},
            "aggs": {"values": {"terms": {"field": field, "size": 100}}},
        }
    return aggs


def search_body(
    p: SearchParams,
    radius_km: float | None,
    seed: int = 0,
    search_after: list[Any] | None = None,
    with_facets: bool = True,
) -> Json:
    selected = list(facet_filters(p).values())
    body: Json = {
        "size": p.size,
        "track_total_hits": MAX_PAGE_DEPTH,
        "query": main_query(p, radius_km),
        "sort": sort_clause(p, seed),
        "_source": {"excludes": ["labels_text", "rot"]},
    }
    if selected:
        body["post_filter"] = {"bool": {"filter": selected}}
    if with_facets:
        body["aggs"] = aggregations(p)
    if search_after is not None:
        body["search_after"] = search_after
    if p.explain:
        body["explain"] = True
    return body


def count_body(p: SearchParams, radius_km: float | None) -> Json:
    """How many results a radius gives (for the adaptive radius): the same filters, no hits."""
    filters = hard_filters(p, radius_km) + list(facet_filters(p).values())
    query: Json = {"bool": {"filter": filters}}
    if p.q:
        query["bool"]["must"] = [text_query(p.q)]
    return {"query": query}
