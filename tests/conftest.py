"""Fixtures for tests against the real services named by the ROR_* settings (see scripts/test.sh)."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator, Iterator

import pytest
from opensearchpy import AsyncOpenSearch
from sqlalchemy import Engine

from app.core.config import Settings, get_settings
from app.core.search_client import create_search_client
from app.db.session import create_db_engine


@pytest.fixture(scope="session")
def settings() -> Settings:
    return get_settings()


@pytest.fixture(scope="session")
def engine(settings: Settings) -> Iterator[Engine]:
    engine = create_db_engine(settings)
    yield engine
    engine.dispose()


@pytest.fixture(scope="session")
async def search_client(settings: Settings) -> AsyncIterator[AsyncOpenSearch]:
    client = create_search_client(settings)
    yield client
    await client.close()


@pytest.fixture
def closed_port() -> int:
    """A loopback port on which nothing listens."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port
