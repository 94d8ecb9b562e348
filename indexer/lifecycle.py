"""Index lifecycle behind the alias: rebuild (new versioned index, then atomic alias swap), rollback,
incremental update from the directory's ``updated_at``, and drift check.

Index names: ``<alias>-v<mapping version>-<UTC timestamp>``. Searches go through the alias only, so a
rebuild never shows a half-built index: the alias moves in one ``_aliases`` call once the new index
is complete, refreshed and counted. One previous index is kept for ``rollback``.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
from opensearchpy import NotFoundError, OpenSearch
from opensearchpy.helpers import scan
from sqlalchemy import Engine, text
from tqdm import tqdm

from app.core.config import Settings
from indexer.bulk import BulkFailure, bulk_load
from indexer.directory import document_count, document_ids, document_rows
from indexer.documents import Document, build_document
from indexer.mapping import CURRENT_VERSION, index_body


class IndexNotPublished(RuntimeError):
    """A rebuild that must not go live (count mismatch, failed documents), or nothing to roll back to."""


@dataclass
class IndexRun:
    index: str
    documents: int = 0
    deleted: int = 0
    seconds: float = 0.0
    failures: list[BulkFailure] = field(default_factory=list)

    @property
    def docs_per_s(self) -> float:
        return round(self.documents / self.seconds, 1) if self.seconds else 0.0

    def summary(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "documents": self.documents,
            "deleted": self.deleted,
            "failed": len(self.failures),
            "seconds": round(self.seconds, 2),
            "docs_per_s": self.docs_per_s,
        }


def _documents(rows: Iterable[dict[str, Any]], progress: bool, total: int | None, desc: str) -> Iterator[Document]:
    items: Iterable[dict[str, Any]] = rows
    if progress:
        items = tqdm(rows, total=total, desc=desc, unit=" docs", file=sys.stderr, mininterval=0.5)
    for row in items:
        yield build_document(row)


def alias_indices(client: OpenSearch, alias: str) -> list[str]:
    try:
        return sorted(client.indices.get_alias(name=alias))
    except NotFoundError:
        return []


def versioned_indices(client: OpenSearch, alias: str) -> list[str]:
    """Indices built for ``alias``, oldest first (names sort by timestamp)."""
    try:
        names = client.indices.get(index=f"{alias}-v*", expand_wildcards="open")
    except NotFoundError:
        return []
    return sorted(names, key=lambda n: n.rsplit("-", 1)[-1])


def rebuild(engine: Engine, client: OpenSearch, settings: Settings, progress: bool = False) -> IndexRun:
    """Build a new index from the whole directory and move the alias to it."""
    alias = settings.index
    stamp = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f")
    name = f"{alias}-v{CURRENT_VERSION}-{stamp}"
    body = index_body(CURRENT_VERSION, settings.index_shards, replicas=0)
    body["settings"]["index"]["refresh_interval"] = "-1"  # no refresh while loading
    started = time.perf_counter()
    sync_from = _db_now(engine)
    client.indices.create(index=name, body=body)
    expected = document_count(engine)
    run = IndexRun(index=name)
    try:
        report = bulk_load(
            client,
            name,
            _documents(document_rows(engine), progress, expected, "rebuild"),
            chunk_size=settings.bulk_chunk_size,
        )
        run.documents, run.failures = report.indexed, report.failures
        client.indices.put_settings(
            index=name,
            body={"index": {"refresh_interval": "1s", "number_of_replicas": settings.index_replicas}},
        )
        client.indices.refresh(index=name)
        counted = int(client.count(index=name)["count"])
        if report.failures or counted != expected:
            raise IndexNotPublished(
                f"{name}: {counted} documents for {expected} in the directory, {len(report.failures)} failed; "
                "the alias was not moved"
            )
        _swap_alias(client, alias, name)
        _record_sync(engine, alias, sync_from)
    except BaseException:
        client.indices.delete(index=name, ignore_unavailable=True)
        raise
    _prune(client, alias, keep=2)
    run.seconds = time.perf_counter() - started
    return run


def _swap_alias(client: OpenSearch, alias: str, new_index: str) -> None:
    actions: list[dict[str, Any]] = [{"remove": {"index": old, "alias": alias}} for old in alias_indices(client, alias)]
    actions.append({"add": {"index": new_index, "alias": alias, "is_write_index": True}})
    client.indices.update_aliases(body={"actions": actions})


def _prune(client: OpenSearch, alias: str, keep: int) -> None:
    """Delete versioned indices older than the ``keep`` newest (the live one and one for rollback)."""
    live = set(alias_indices(client, alias))
    names = versioned_indices(client, alias)
    for name in names[: max(0, len(names) - keep)]:
        if name not in live:
            client.indices.delete(index=name, ignore_unavailable=True)


def rollback(client: OpenSearch, alias: str) -> str:
    """Move the alias back to the index built before the live one; returns its name."""
    live = alias_indices(client, alias)
    names = versioned_indices(client, alias)
    if not live or live[0] not in names or names.index(live[0]) == 0:
        raise IndexNotPublished(f"no previous index to roll back to for {alias!r}")
    previous = names[names.index(live[0]) - 1]
    _swap_alias(client, alias, previous)
    return previous


# --- incremental update ---------------------------------------------------------------------------


def _db_now(engine: Engine) -> datetime:
    with engine.connect() as conn:
        now: datetime = conn.execute(text("select now()")).scalar_one()
    return now


def _record_sync(engine: Engine, alias: str, at: datetime) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into index_sync (alias, synced_at) values (:a, :t) "
                "on conflict (alias) do update set synced_at = excluded.synced_at"
            ),
            {"a": alias, "t": at},
        )


def last_sync(engine: Engine, alias: str) -> datetime | None:
    with engine.connect() as conn:
        at: datetime | None = conn.execute(
            text("select synced_at from index_sync where alias = :a"), {"a": alias}
        ).scalar_one_or_none()
    return at


def indexed_ids(client: OpenSearch, alias: str) -> set[str]:
    return {
        hit["_id"] for hit in scan(client, index=alias, query={"query": {"match_all": {}}}, _source=False, size=5000)
    }


def update(
    engine: Engine, client: OpenSearch, settings: Settings, since: datetime | None = None, progress: bool = False
) -> IndexRun:
    """Re-index what changed in the directory since the last sync (or ``since``), remove what is gone."""
    alias = settings.index
    live = alias_indices(client, alias)
    if not live:
        raise IndexNotPublished(f"alias {alias!r} does not exist yet: run `ror-search index rebuild` first")
    started = time.perf_counter()
    sync_from = _db_now(engine)
    since = since or last_sync(engine, alias)
    stale = indexed_ids(client, alias) - set(document_ids(engine))
    rows = document_rows(engine, since=since)
    report = bulk_load(
        client,
        live[0],
        _documents(rows, progress, None, "update"),
        deletes=sorted(stale),
        chunk_size=settings.bulk_chunk_size,
    )
    client.indices.refresh(index=live[0])
    if not report.failures:
        _record_sync(engine, alias, sync_from)
    run = IndexRun(index=live[0], documents=report.indexed, deleted=report.deleted, failures=report.failures)
    run.seconds = time.perf_counter() - started
    return run


# --- drift check ----------------------------------------------------------------------------------


@dataclass
class Drift:
    missing: list[str]
    orphans: list[str]
    different: list[str]
    sampled: int

    @property
    def ok(self) -> bool:
        return not (self.missing or self.orphans or self.different)

    def summary(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "missing": len(self.missing),
            "orphans": len(self.orphans),
            "different": len(self.different),
            "sampled": self.sampled,
            "examples": {"missing": self.missing[:10], "orphans": self.orphans[:10], "different": self.different[:10]},
        }


def check(engine: Engine, client: OpenSearch, settings: Settings, sample: int = 500, seed: int = 0) -> Drift:
    """Offers missing from the index, documents without an offer, and sampled documents that differ from a
    fresh build."""
    in_db = set(document_ids(engine))
    in_index = indexed_ids(client, settings.index)
    common = sorted(in_db & in_index)
    picked = set(random.Random(seed).sample(common, min(sample, len(common))))
    different: list[str] = []
    if picked:
        fresh = {d["id"]: d for d in (build_document(r) for r in document_rows(engine)) if d["id"] in picked}
        got = client.mget(index=settings.index, body={"ids": sorted(picked)})
        for doc in got["docs"]:
            if doc.get("_source") != _normalise(fresh.get(doc["_id"])):
                different.append(doc["_id"])
    return Drift(
        missing=sorted(in_db - in_index),
        orphans=sorted(in_index - in_db),
        different=sorted(different),
        sampled=len(picked),
    )


def _normalise(doc: Document | None) -> Any:
    """A document as OpenSearch returns it (JSON round trip)."""
    return None if doc is None else orjson.loads(orjson.dumps(doc, option=orjson.OPT_NON_STR_KEYS))
