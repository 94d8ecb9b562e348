"""Reads of single records: ``GET /v1/offers/{id}``, ``GET /v1/sites/{finess}``, ``GET /v1/nomenclatures/{name}``."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, HTTPException, Path
from opensearchpy import NotFoundError

from app.api.deps import CallerDep, SearchClientDep, SettingsDep
from app.search.profiles import DEFAULT
from app.search.results import shape_item
from nomenclatures import loader

router = APIRouter(prefix="/v1", tags=["directory"])

STALE_AFTER_H = DEFAULT.availability_max_age_h


@router.get("/offers/{offer_id}", summary="One offer (offre opérationnelle)")
async def get_offer(
    offer_id: Annotated[str, Path(max_length=200)], client: SearchClientDep, settings: SettingsDep, caller: CallerDep
) -> dict[str, Any]:
    try:
        found = await client.get(index=settings.index, id=offer_id)
    except NotFoundError:
        raise HTTPException(404, f"no offer {offer_id!r}") from None
    return shape_item(found["_source"], None, caller.can_see_restricted, STALE_AFTER_H)


@router.get("/sites/{finess}", summary="A site (établissement géographique) with all its offers")
async def get_site(
    finess: Annotated[str, Path(pattern=r"^[0-9][0-9AB][0-9]{7}$", description="FINESS ET number")],
    client: SearchClientDep,
    settings: SettingsDep,
    caller: CallerDep,
) -> dict[str, Any]:
    response = await client.search(
        index=settings.index,
        body={"size": 1000, "query": {"term": {"site.finess": finess}}, "sort": [{"id": "asc"}]},
    )
    hits = [h["_source"] for h in response["hits"]["hits"]]
    if not hits:
        raise HTTPException(404, f"no site with FINESS {finess}")
    items = [shape_item(h, None, caller.can_see_restricted, STALE_AFTER_H) for h in hits]
    first = items[0]
    return {
        "finess": finess,
        "name": first["site"]["name"],
        "site": first["site"],
        "address": first["address"],
        "location": first["location"],
        "offers": [i for i in items if i["kind"] == "offer"],
    }


@router.get("/nomenclatures", summary="The nomenclatures the API understands")
async def list_nomenclatures() -> dict[str, Any]:
    return {
        name: {"tables": list(tables), "title": loader.get(name).title, "codes": len(loader.get(name))}
        for name, tables in loader.available().items()
    }


@router.get("/nomenclatures/{name}", summary="Codes, labels and hierarchy of a nomenclature")
async def get_nomenclature(name: Annotated[str, Path(max_length=64)]) -> dict[str, Any]:
    try:
        system = loader.get(name)
    except KeyError:
        raise HTTPException(404, f"unknown nomenclature {name!r}; see /v1/nomenclatures") from None
    return {
        "name": name,
        "id": system.id,
        "title": system.title,
        "version": system.version,
        "hierarchical": system.hierarchical,
        "provenance": system.provenance,
        "codes": [
            {"code": c.code, "label": c.label, "parent": c.parent, "active": c.active, "status": c.status}
            for c in system
        ],
    }
