"""OpenSearch hits → API items: labels, geodesic distance, restricted data only for those allowed."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from pyproj import Geod

from app.search.params import Origin
from indexer.records import OFFER_CODED_FIELDS
from nomenclatures import loader
from nomenclatures.loader import UnknownCode

Json = dict[str, Any]


def coded(system: str, code: str | None) -> Json | None:
    if code is None:
        return None
    try:
        label: str | None = loader.get(system).label(code)
    except UnknownCode:
        label = None
    return {"code": code, "label": label}


WGS84 = Geod(ellps="WGS84")  # GeographicLib's geodesic (Karney), the algorithm geopy uses, in C


def distances_km(origin: Origin, locations: list[Json | None]) -> list[float | None]:
    """Geodesic distances (WGS84) from the origin, rounded to the metre, for a page of locations at once."""
    points = [(loc["lat"], loc["lon"]) for loc in locations if loc is not None]
    if not points:
        return [None] * len(locations)
    lats, lons = zip(*points, strict=True)
    _, _, metres = WGS84.inv([origin.lon] * len(points), [origin.lat] * len(points), list(lons), list(lats))
    found = iter(metres)
    return [None if loc is None else round(float(next(found)) / 1000, 3) for loc in locations]


def distance_km(origin: Origin, location: Json | None) -> float | None:
    return distances_km(origin, [location])[0]


def capacity_items(source: Json, restricted: bool, stale_after_h: float, now: datetime) -> list[Json]:
    """``[{type, label, installed, free, updated_at, stale}]``; free/updated_at/stale for professionals only."""
    detail: dict[str, int] = (source.get("capacity") or {}).get("detail") or {}
    availability: dict[str, Json] = (source.get("restricted") or {}).get("availability") or {}
    out = []
    for type_code in sorted(set(detail) | (set(availability) if restricted else set())):
        item: Json = {
            "type": type_code,
            "label": (coded("capacity_nature", type_code) or {}).get("label"),
            "installed": detail.get(type_code),
        }
        if restricted:
            figure = availability.get(type_code)
            updated = figure.get("updated_at") if figure else None
            item["free"] = figure.get("free") if figure else None
            item["updated_at"] = updated
            item["stale"] = is_stale(updated, stale_after_h, now) if updated else None
        out.append(item)
    return out


def is_stale(updated_at: str, stale_after_h: float, now: datetime) -> bool:
    at = datetime.fromisoformat(updated_at.replace("Z", "+00:00"))
    return now - at > timedelta(hours=stale_after_h)


def shape_item(
    source: Json,
    origin: Origin | None,
    can_see_restricted: bool,
    stale_after_h: float,
    now: datetime | None = None,
    distance: float | None = None,
) -> Json:
    """An API item from a document. ``distance`` (km) when already computed for the page, else from ``origin``."""
    now = now or datetime.now(UTC)
    site = source["site"]
    item: Json = {
        "id": source["id"],
        "kind": source["kind"],
        "name": source["name"],
        "site": {
            "key": site["key"],
            "finess": site["finess"],
            "ror_id": site.get("ror_id"),
            "name": site["name"],
            "category": coded("category", site.get("category")),
            "legal_entity": {"finess": site.get("legal_entity_finess"), "name": site.get("legal_entity_name")},
        },
        "address": source["address"],
        "location": source["location"],
        "distance_km": distance
        if distance is not None
        else (distance_km(origin, source["location"]) if origin else None),
        "offer_type": coded("offer_type", source.get("offer_type")),
        **{field: [coded(system, c) for c in source.get(field) or ()] for field, system in OFFER_CODED_FIELDS.items()},
        "age_range": {"min": source.get("age_min"), "max": source.get("age_max")},
        "price": {
            "per_day": source.get("price_per_day"),
            "per_month": source.get("price_per_month"),
            "dependency_per_day": source.get("gir_per_day") or {},
        },
        "social_aid": source.get("social_aid"),
        "capacity": capacity_items(source, can_see_restricted, stale_after_h, now),
        "contacts": list(source.get("contacts") or ()),
        "opening_hours": source.get("opening_hours"),
        "emergency_24_7": source.get("emergency_24_7", False),
        "synthetic": source.get("synthetic", False),
        "updated_at": source.get("updated_at"),
    }
    if can_see_restricted:
        restricted = source.get("restricted") or {}
        item["restricted_contacts"] = list(restricted.get("contacts") or ())
        updated = restricted.get("availability_updated_at")
        item["availability"] = {
            "free_beds": restricted.get("free_beds"),
            "free_places": restricted.get("free_places"),
            "updated_at": updated,
            "age_h": round((now - datetime.fromisoformat(updated.replace("Z", "+00:00"))).total_seconds() / 3600, 2)
            if updated
            else None,
            "stale": is_stale(updated, stale_after_h, now) if updated else None,
        }
    return item


def facet_items(aggregations: Json, system_by_param: dict[str, str]) -> dict[str, list[Json]]:
    out: dict[str, list[Json]] = {}
    for param, system in system_by_param.items():
        buckets = aggregations.get(param, {}).get("values", {}).get("buckets", [])
        out[param] = [
            {"code": b["key"], "label": (coded(system, b["key"]) or {}).get("label"), "count": b["doc_count"]}
            for b in buckets
        ]
    return out
