"""Request dependencies: the shared resources created once in the application's lifespan."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from opensearchpy import AsyncOpenSearch
from sqlalchemy import Engine

from app.auth.deps import CallerDep as CallerDep
from app.core.config import Settings


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_search_client(request: Request) -> AsyncOpenSearch:
    client: AsyncOpenSearch = request.app.state.search_client
    return client


def get_engine(request: Request) -> Engine:
    engine: Engine = request.app.state.engine
    return engine


SettingsDep = Annotated[Settings, Depends(get_settings)]
SearchClientDep = Annotated[AsyncOpenSearch, Depends(get_search_client)]
EngineDep = Annotated[Engine, Depends(get_engine)]
