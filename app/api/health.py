"""Liveness (``/healthz``) and readiness (``/readyz``: OpenSearch and PostGIS both answer)."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Response
from pydantic import BaseModel

from app.api.deps import EngineDep, SearchClientDep, SettingsDep
from app.core.search_client import opensearch_version
from app.db.session import database_versions

router = APIRouter(tags=["health"])


class Health(BaseModel):
    status: str


class OpenSearchInfo(BaseModel):
    url: str
    distribution: str
    version: str


class DatabaseInfo(BaseModel):
    url: str
    postgres_version: str
    postgis_version: str


class Readiness(BaseModel):
    status: str
    opensearch: OpenSearchInfo | None = None
    database: DatabaseInfo | None = None
    down: dict[str, str] | None = None


def _reason(exc: Exception) -> str:
    return f"{type(exc).__name__}: {exc}"[:300]


@router.get("/healthz", summary="The process is up")
async def healthz() -> Health:
    return Health(status="ok")


@router.get(
    "/readyz",
    summary="OpenSearch and PostGIS both answer",
    responses={503: {"model": Readiness, "description": "A dependency is down; `down` names it and why"}},
    response_model_exclude_none=True,
)
async def readyz(response: Response, settings: SettingsDep, client: SearchClientDep, engine: EngineDep) -> Readiness:
    ready = Readiness(status="ready")
    down: dict[str, str] = {}
    try:
        ready.opensearch = OpenSearchInfo(url=settings.opensearch_url, **await opensearch_version(client))
    except Exception as exc:  # any failure to answer means "not ready"
        down["opensearch"] = _reason(exc)
    try:
        versions = await asyncio.to_thread(database_versions, engine)
        ready.database = DatabaseInfo(url=settings.database_url_masked, **versions)
    except Exception as exc:
        down["database"] = _reason(exc)
    if down:
        response.status_code = 503
        ready.status, ready.down = "unavailable", down
    return ready
