"""Publishes availability changes to OpenSearch as batched partial updates.

A write to PostGIS enqueues the offer's new ``restricted`` block; a background task sends what has
accumulated as one bulk request every ``interval`` seconds (or sooner when ``max_batch`` items wait).
With the index's 1 s refresh, a figure is searchable within about interval + 1 s.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from opensearchpy import AsyncOpenSearch

log = logging.getLogger("ror_search.availability")


class Publisher:
    def __init__(self, client: AsyncOpenSearch, index: str, interval: float = 0.05, max_batch: int = 500) -> None:
        self.client = client
        self.index = index
        self.interval = interval
        self.max_batch = max_batch
        self._pending: dict[str, dict[str, Any]] = {}
        self._wake = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.failures = 0

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="availability-publisher")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self.flush()

    def submit(self, doc_id: str, partial: dict[str, Any]) -> None:
        """Queue a partial document; a newer one for the same offer replaces the queued one."""
        self._pending[doc_id] = partial
        if len(self._pending) >= self.max_batch:
            self._wake.set()

    async def _run(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), timeout=self.interval)
            self._wake.clear()
            try:
                await self.flush()
            except Exception:  # keep publishing; the offer is re-sent by the next update or `index update`
                log.exception("availability publish failed")

    async def flush(self) -> None:
        if not self._pending:
            return
        batch, self._pending = self._pending, {}
        body: list[dict[str, Any]] = []
        for doc_id, partial in batch.items():
            body.append({"update": {"_index": self.index, "_id": doc_id, "retry_on_conflict": 3}})
            body.append({"doc": partial})
        response = await self.client.bulk(body=body)
        if response.get("errors"):
            for item in response["items"]:
                result = item.get("update", {})
                if result.get("error"):
                    self.failures += 1
                    log.error("availability update of %s failed: %s", result.get("_id"), result["error"])
