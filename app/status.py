"""What `ror-search status` reports: versions of OpenSearch and PostGIS, index alias and document count."""

from __future__ import annotations

import asyncio
from typing import Any

from opensearchpy import NotFoundError

from app.core.config import Settings
from app.core.search_client import create_search_client, opensearch_version
from app.db.session import create_db_engine, database_versions


async def _opensearch_status(settings: Settings) -> tuple[dict[str, Any], dict[str, Any]]:
    client = create_search_client(settings)
    opensearch: dict[str, Any] = {"url": settings.opensearch_url, "version": None}
    index: dict[str, Any] = {"alias": settings.index, "documents": None}
    try:
        try:
            info = await opensearch_version(client)
            opensearch.update(info)
        except Exception as exc:
            opensearch["error"] = f"{type(exc).__name__}: {exc}"[:300]
            return opensearch, index
        try:
            count = await client.count(index=settings.index)
            index["documents"] = int(count["count"])
        except NotFoundError:
            index["documents"] = 0
            index["missing"] = True
    finally:
        await client.close()
    return opensearch, index


def _database_status(settings: Settings) -> dict[str, Any]:
    database: dict[str, Any] = {"url": settings.database_url_masked, "postgis_version": None}
    engine = create_db_engine(settings)
    try:
        database.update(database_versions(engine))
    except Exception as exc:
        database["error"] = f"{type(exc).__name__}: {exc}"[:300]
    finally:
        engine.dispose()
    return database


def collect_status(settings: Settings) -> dict[str, Any]:
    opensearch, index = asyncio.run(_opensearch_status(settings))
    return {"opensearch": opensearch, "database": _database_status(settings), "index": index}


def status_ok(status: dict[str, Any]) -> bool:
    return "error" not in status["opensearch"] and "error" not in status["database"]


def format_status(status: dict[str, Any]) -> str:
    os_, db, idx = status["opensearch"], status["database"], status["index"]
    lines = [
        f"OpenSearch  {os_['url']}  "
        + (f"DOWN ({os_['error']})" if "error" in os_ else f"{os_['distribution']} {os_['version']}"),
        f"PostGIS     {db['url']}  "
        + (
            f"DOWN ({db['error']})"
            if "error" in db
            else f"PostGIS {db['postgis_version']} on PostgreSQL {db['postgres_version']}"
        ),
        f"Index       {idx['alias']}  "
        + ("unknown" if idx["documents"] is None else f"{idx['documents']} documents")
        + ("  (alias not created yet)" if idx.get("missing") else ""),
    ]
    return "\n".join(lines)
