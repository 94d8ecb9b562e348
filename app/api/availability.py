"""Bed availability: referents write, professionals read (history, national summary)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import AwareDatetime, BaseModel, Field

from app.api.deps import EngineDep, SettingsDep
from app.auth.deps import require
from app.availability import service
from app.availability.publisher import Publisher
from app.search.params import ParamError, resolve_codes
from app.search.profiles import DEFAULT
from app.search.service import Caller

router = APIRouter(prefix="/v1", tags=["availability"])

Professional = Annotated[Caller, Depends(require("professional", "referent", "admin"))]
Writer = Annotated[Caller, Depends(require("referent", "admin"))]


class AvailabilityUpdate(BaseModel):
    observed_at: AwareDatetime | None = Field(default=None, description="When the figure was observed (≤ 7 days old)")
    beds: dict[str, Any] = Field(description='Free beds per bed type (TRE_R329 code or label), e.g. {"01": 3}')
    surge: bool = Field(default=False, description="Allow more free beds than installed (extra beds, plan blanc)")


@router.put("/offers/{offer_id}/availability", summary="Report free beds of an offer (referent of its site, admin)")
async def put_availability(
    offer_id: Annotated[str, Path(max_length=200)],
    update: AvailabilityUpdate,
    request: Request,
    caller: Writer,
    engine: EngineDep,
) -> dict[str, Any]:
    try:
        offer = await asyncio.to_thread(service.offer_ref, engine, offer_id)
    except service.NotFound:
        raise HTTPException(404, f"no offer {offer_id!r}") from None
    if caller.role == "referent" and offer.site_finess not in caller.sites:
        raise HTTPException(403, f"this key answers for sites {', '.join(caller.sites)}, not {offer.site_finess}")
    now = datetime.now(UTC)
    figures, at = service.validate(offer, update.beds, update.observed_at, update.surge, now)
    block = await asyncio.to_thread(service.write, engine, offer, figures, at, f"api:key{caller.key_id}")
    publisher: Publisher = request.app.state.publisher
    publisher.submit(offer.offer_id, {"restricted": block})
    return {
        "offer_id": offer.offer_id,
        "observed_at": at.isoformat(),
        "beds": figures,
        "current": block["availability"],
    }


@router.get("/offers/{offer_id}/availability/history", summary="Recorded free-bed figures of an offer")
async def get_history(
    offer_id: Annotated[str, Path(max_length=200)],
    caller: Professional,
    engine: EngineDep,
    start: Annotated[AwareDatetime | None, Query(alias="from")] = None,
    end: Annotated[AwareDatetime | None, Query(alias="to")] = None,
) -> dict[str, Any]:
    if start and end and end < start:
        raise ParamError("to", "must not be before from")
    try:
        offer = await asyncio.to_thread(service.offer_ref, engine, offer_id)
    except service.NotFound:
        raise HTTPException(404, f"no offer {offer_id!r}") from None
    items = await asyncio.to_thread(service.history, engine, offer, start, end)
    return {"offer_id": offer_id, "items": items}


@router.get("/availability/summary", summary="Installed and free beds per region or department (professionals)")
async def get_summary(
    request: Request,
    caller: Professional,
    settings: SettingsDep,
    group_by: Literal["region", "department"] = "region",
    activity: Annotated[list[str], Query()] = [],  # noqa: B006
    bed_type: Annotated[str, Query(description="TRE_R329 code or label: 01 lit, 02 place")] = "01",
    stale_after_h: Annotated[float, Query(gt=0, le=24 * 30)] = DEFAULT.availability_max_age_h,
) -> dict[str, Any]:
    from nomenclatures import loader

    try:
        bed = loader.get("capacity_nature").resolve(bed_type).code
    except loader.UnknownCode:
        raise ParamError("bed_type", f"unknown bed type {bed_type!r} (01 lit, 02 place)") from None
    if bed not in service.FREE_FIELDS:
        raise ParamError("bed_type", f"no figures are kept for bed type {bed!r}; use 01 (lit) or 02 (place)")
    activities = resolve_codes("activity", activity) if activity else ()
    return await service.summary(
        request.app.state.search_client, settings.index, group_by, activities, bed, stale_after_h
    )
