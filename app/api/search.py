"""``GET /v1/search`` and ``GET /v1/geocode``."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query

from app.api.deps import CallerDep, SearchClientDep, SettingsDep
from app.geocode.gazetteer import PlaceNotFound, Resolution, gazetteer
from app.search.params import (
    CODED_FILTERS,
    MAX_RADIUS_KM,
    MAX_SIZE,
    Origin,
    ParamError,
    SearchParams,
    check_range,
    resolve_codes,
    resolve_profile,
)
from app.search.service import run_search

router = APIRouter(prefix="/v1", tags=["search"])

Codes = Annotated[list[str], Query(description="Code or exact label; repeat the parameter for several (OR)")]


def origin_of(resolution: Resolution) -> Origin:
    place = resolution.place
    return Origin(place.lat, place.lon, place.label, resolution.precision, place.department)


def nearest_department(lat: float, lon: float) -> str | None:
    """Department of a point: its nearest commune's (good enough to pick a default radius)."""
    best = gazetteer().nearest(lat, lon)
    return best.department if best else None


@router.get("/search", summary="Search offers near a place, with filters, facets and ranking profiles")
async def search(
    client: SearchClientDep,
    settings: SettingsDep,
    caller: CallerDep,
    near: Annotated[
        str | None, Query(max_length=200, description="A place as typed: '31000 TOULOUSE', 'Paris 15e'")
    ] = None,
    lat: Annotated[float | None, Query(description="Latitude (WGS84), with lon")] = None,
    lon: Annotated[float | None, Query(description="Longitude (WGS84), with lat")] = None,
    radius_km: Annotated[float | None, Query(description="Radius in km (default: adaptive, per department)")] = None,
    q: Annotated[str | None, Query(max_length=200, description="Free text")] = None,
    profile: Annotated[str | None, Query(description="nursing_home | practitioner | emergency")] = None,
    category: Codes = [],  # noqa: B006 - FastAPI copies defaults
    activity: Codes = [],  # noqa: B006
    profession: Codes = [],  # noqa: B006
    public: Codes = [],  # noqa: B006
    accommodation: Codes = [],  # noqa: B006
    equipment: Codes = [],  # noqa: B006
    age: Annotated[int | None, Query(ge=0, le=130, description="Patient age in years")] = None,
    social_aid: Annotated[bool | None, Query(description="Habilitation à l'aide sociale")] = None,
    price_max_month: Annotated[float | None, Query(description="Maximum accommodation price per month (€)")] = None,
    beds_min: Annotated[int | None, Query(ge=1, le=10000, description="Free beds at least (professionals)")] = None,
    availability_max_age_h: Annotated[float | None, Query(description="Trust free beds reported within (h)")] = None,
    sort: Annotated[Literal["distance", "relevance"] | None, Query()] = None,
    size: Annotated[int, Query(ge=1, le=MAX_SIZE)] = 20,
    cursor: Annotated[str | None, Query(max_length=2000)] = None,
    explain: bool = False,
) -> dict[str, Any]:
    if near is not None and (lat is not None or lon is not None):
        raise ParamError("near", "give either near or lat/lon, not both")
    if (lat is None) != (lon is None):
        raise ParamError("lat" if lat is None else "lon", "lat and lon go together")
    check_range("lat", lat, -90, 90)
    check_range("lon", lon, -180, 180)
    check_range("radius_km", radius_km, 0, MAX_RADIUS_KM, low_open=True)
    check_range("price_max_month", price_max_month, 0, 1_000_000, low_open=True)
    check_range("availability_max_age_h", availability_max_age_h, 0, 24 * 365, low_open=True)
    chosen = resolve_profile(profile)
    if beds_min is not None and not caller.can_see_restricted:
        raise ParamError(
            "beds_min", "filtering on free beds needs a professional API key (Authorization: Bearer)", status=403
        )
    origin: Origin | None = None
    alternatives: tuple[Origin, ...] = ()
    if near is not None:
        resolution = gazetteer().resolve(near)
        origin = origin_of(resolution)
        alternatives = tuple(origin_of(Resolution(p, p.kind)) for p in resolution.alternatives)
    elif lat is not None and lon is not None:
        origin = Origin(lat, lon, f"{lat}, {lon}", "coordinates", nearest_department(lat, lon))
    chosen_sort = sort or (chosen.sort if origin is not None else "relevance")
    if chosen_sort == "distance" and origin is None:
        raise ParamError("sort", "sort=distance needs a place: near, or lat and lon")
    values = {
        "category": category,
        "activity": activity,
        "profession": profession,
        "public": public,
        "accommodation": accommodation,
        "equipment": equipment,
    }
    params = SearchParams(
        origin=origin,
        radius_km=radius_km,
        q=q.strip() if q and q.strip() else None,
        profile=chosen,
        filters={name: resolve_codes(name, v) for name, v in values.items() if v and name in CODED_FILTERS},
        age=age,
        social_aid=social_aid,
        price_max_month=price_max_month,
        beds_min=beds_min,
        availability_max_age_h=availability_max_age_h or chosen.availability_max_age_h,
        sort=chosen_sort,
        size=size,
        explain=explain,
        cursor=cursor,
        alternatives=alternatives,
    )
    return await run_search(client, settings.index, params, caller)


@router.get("/geocode", summary="Resolve a typed place offline (commune, postal code, arrondissement, department)")
async def geocode(q: Annotated[str, Query(min_length=1, max_length=200)]) -> dict[str, Any]:
    try:
        resolution = gazetteer().resolve(q)
    except PlaceNotFound as exc:
        raise ParamError("q", f"unknown place {q!r}", exc.suggestions) from None

    def place(p: Any, precision: str) -> dict[str, Any]:
        return {
            "lat": p.lat,
            "lon": p.lon,
            "label": p.label,
            "precision": precision,
            "kind": p.kind,
            "code": p.code,
            "department": p.department,
            "postal_codes": list(p.postal_codes),
        }

    return {
        "query": q,
        **place(resolution.place, resolution.precision),
        "alternatives": [place(p, p.kind) for p in resolution.alternatives],
    }


@router.get("/geocode/suggest", summary="Places for a field being typed (names or postal codes)")
async def geocode_suggest(
    q: Annotated[str, Query(min_length=1, max_length=100)],
    size: Annotated[int, Query(ge=1, le=20)] = 8,
) -> dict[str, Any]:
    return {
        "query": q,
        "items": [
            {"label": p.label, "kind": p.kind, "code": p.code, "department": p.department, "lat": p.lat, "lon": p.lon}
            for p in gazetteer().complete(q, size)
        ],
    }
