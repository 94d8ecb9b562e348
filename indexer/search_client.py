"""The indexer's (synchronous) OpenSearch client, serialising with orjson."""

from __future__ import annotations

from typing import Any

import orjson
from opensearchpy import OpenSearch
from opensearchpy.serializer import JSONSerializer

from app.core.config import Settings


class OrjsonSerializer(JSONSerializer):
    def dumps(self, data: Any) -> str:
        if isinstance(data, str | bytes):
            return data  # type: ignore[return-value]
        return orjson.dumps(data, option=orjson.OPT_NON_STR_KEYS).decode()

    def loads(self, s: str) -> Any:
        return orjson.loads(s)


def create_sync_client(settings: Settings, timeout: float = 120.0) -> OpenSearch:
    return OpenSearch(
        hosts=[settings.opensearch_url],
        timeout=timeout,
        max_retries=3,
        retry_on_timeout=True,
        serializer=OrjsonSerializer(),
        http_compress=False,
    )
