"""The one shared async OpenSearch client, and a probe of the node behind it."""

from __future__ import annotations

from typing import Any

from opensearchpy import AsyncOpenSearch

from app.core.config import Settings


def create_search_client(settings: Settings) -> AsyncOpenSearch:
    return AsyncOpenSearch(
        hosts=[settings.opensearch_url],
        timeout=settings.opensearch_timeout_s,
        max_retries=1,
        retry_on_timeout=False,
        http_compress=False,
    )


async def opensearch_version(client: AsyncOpenSearch) -> dict[str, str]:
    """Distribution and version number reported by the node (raises when it does not answer)."""
    info: dict[str, Any] = await client.info()
    version = info.get("version", {})
    return {
        "distribution": str(version.get("distribution", "elasticsearch")),
        "version": str(version.get("number", "unknown")),
    }
