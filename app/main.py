"""The FastAPI application: one shared async OpenSearch client and one SQLAlchemy engine per process."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from app.api import availability, directory, errors, health, page, search
from app.availability.publisher import Publisher
from app.core.config import Settings, get_settings
from app.core.search_client import create_search_client
from app.db.session import create_db_engine


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.settings = settings
        app.state.search_client = create_search_client(settings)
        app.state.engine = create_db_engine(settings)
        app.state.publisher = Publisher(app.state.search_client, settings.index)
        app.state.publisher.start()
        try:
            yield
        finally:
            await app.state.publisher.stop()
            await app.state.search_client.close()
            app.state.engine.dispose()

    app = FastAPI(
        title="ror-search",
        summary="Geospatial orientation search over France's health-offer directory (ROR)",
        version="0.1.0",
        lifespan=lifespan,
    )
    errors.install(app)
    app.include_router(health.router)
    app.include_router(search.router)
    app.include_router(directory.router)
    app.include_router(availability.router)
    app.mount("/static", StaticFiles(directory=page.STATIC_DIR), name="static")
    app.include_router(page.router)
    return app
