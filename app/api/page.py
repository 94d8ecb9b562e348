"""``GET /``: the public search page (static files under ``/static``, mounted by the app factory)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
INDEX_HTML = STATIC_DIR / "index.html"

router = APIRouter(tags=["page"])


@router.get("/", include_in_schema=False)
async def index() -> FileResponse:
    """The search page; everything it needs is served from ``/static`` (no CDN)."""
    return FileResponse(INDEX_HTML, media_type="text/html; charset=utf-8")
