"""Bulk loading: streaming bulk requests, back-off and retry on 429, every failed item reported."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from opensearchpy import OpenSearch
from opensearchpy.helpers import streaming_bulk

Document = dict[str, Any]


@dataclass
class BulkFailure:
    id: str
    status: int | None
    reason: str


@dataclass
class BulkReport:
    indexed: int = 0
    deleted: int = 0
    failures: list[BulkFailure] = field(default_factory=list)


def _actions(index: str, documents: Iterable[Document], deletes: Iterable[str]) -> Iterator[Document]:
    for doc in documents:
        yield {"_op_type": "index", "_index": index, "_id": doc["id"], "_source": doc}
    for doc_id in deletes:
        yield {"_op_type": "delete", "_index": index, "_id": doc_id}


def bulk_load(
    client: OpenSearch,
    index: str,
    documents: Iterable[Document],
    deletes: Iterable[str] = (),
    chunk_size: int = 1000,
    max_retries: int = 5,
) -> BulkReport:
    """Index ``documents`` and delete ``deletes``; items rejected by OpenSearch are reported, not raised.

    Requests refused with 429 (queue full) are retried with exponential back-off (2 s, 4 s… up to 60 s)."""
    report = BulkReport()
    for ok, item in streaming_bulk(
        client,
        _actions(index, documents, deletes),
        chunk_size=chunk_size,
        max_chunk_bytes=20 * 1024 * 1024,
        raise_on_error=False,
        raise_on_exception=False,
        max_retries=max_retries,
        initial_backoff=2,
        max_backoff=60,
    ):
        op, result = next(iter(item.items()))
        if ok:
            if op == "delete":
                report.deleted += 1
            else:
                report.indexed += 1
        elif op == "delete" and result.get("status") == 404:
            report.deleted += 1  # already gone
        else:
            error = result.get("error")
            reason = error.get("reason") if isinstance(error, dict) else str(error)
            caused = error.get("caused_by", {}).get("reason") if isinstance(error, dict) else None
            report.failures.append(
                BulkFailure(
                    id=str(result.get("_id")),
                    status=result.get("status"),
                    reason=f"{reason}: {caused}" if caused else str(reason),
                )
            )
    return report
