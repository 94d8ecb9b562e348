"""The benchmark harness end to end at a tiny scale: every phase runs and the result has every key.

Timings are never checked against issue 7's targets here (a test machine proves nothing about them);
only that the numbers are there, positive, and that nothing failed. The run uses its own database and
index (``ror_bench_test``, ``ror-bench-test-offers``), so neither the test stack nor a bench run is touched.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from app.core.config import Settings, get_settings
from app.db.session import create_db_engine
from bench.harness import QUERY_NAMES, config, plan_dataset, run
from bench.report import TARGETS
from indexer import lifecycle
from indexer.search_client import create_sync_client

DATABASE, INDEX = "ror_bench_test", "ror-bench-test-offers"


def _bench_keys(engine: Engine) -> int:
    """Keys the harness creates are named "bench"."""
    with engine.connect() as conn:
        return int(conn.execute(text("select count(*) from api_key where name = 'bench'")).scalar_one())


@pytest.fixture(scope="module")
def bench_run(
    tmp_path_factory: pytest.TempPathFactory, settings: Settings, engine: Engine
) -> Iterator[tuple[Path, Path, dict[str, Any], int]]:
    before = _bench_keys(engine)
    out = tmp_path_factory.mktemp("bench")
    cfg = config(
        2000,
        out,
        seed=3,
        duration=2.0,
        queries_per_name=12,
        warmup=2,
        updates=150,
        update_concurrency=4,
        idle_s=1.5,
        probes=4,
        database=DATABASE,
        index=INDEX,
    )
    json_path, md_path, _ = run(cfg)
    yield json_path, md_path, json.loads(json_path.read_text()), before
    client = create_sync_client(settings)
    try:
        for name in lifecycle.versioned_indices(client, INDEX):
            client.indices.delete(index=name, ignore_unavailable=True)
    finally:
        client.close()


def test_files_are_named_by_date_and_scale(bench_run: tuple[Path, Path, dict[str, Any], Any]) -> None:
    json_path, md_path, result, _ = bench_run
    assert json_path.name == f"{result['date']}-2000.json"
    assert md_path.name == f"{result['date']}-2000.md"
    report = md_path.read_text()
    for target in TARGETS:
        assert target.text in report
    assert report.count("| ok |") + report.count("| missed |") == len(TARGETS)


def test_result_has_every_key_with_sane_numbers(bench_run: tuple[Path, Path, dict[str, Any], Any]) -> None:
    _, _, r, _ = bench_run
    assert r["scale"] == 2000
    assert 1000 <= r["offers"] <= 3000
    m = r["machine"]
    assert m["cores"] >= 1 and m["memory_mb"] > 0 and m["cpu_model"]
    assert m["opensearch_version"].startswith("2.") and m["postgis_version"].startswith("3")
    for key in ("ingest_records_per_s", "bulk_docs_per_s", "rebuild_s", "storm_p99_ratio"):
        assert r[key] > 0, key
    assert r["rebuild"]["documents"] >= r["offers"] and r["rebuild"]["failed"] == 0
    assert r["ingest"]["rejected"] == 0

    assert set(r["queries"]) == set(QUERY_NAMES)
    for name, q in r["queries"].items():
        for way in ("raw", "raw_topk", "api", "pg"):
            assert q[f"{way}_errors"] == 0, (name, way)
            assert 0 < q[f"{way}_p50_ms"] <= q[f"{way}_p90_ms"] <= q[f"{way}_p99_ms"], (name, way)
        # The same queries find something, and the peer finds the same offers as OpenSearch (distance order).
        assert q["raw_hits"] == q["api_hits"], name
    assert any(q["raw_hits"] > 0 for q in r["queries"].values())
    for name in ("nursing_home", "practitioner", "emergency"):
        assert r["queries"][name]["pg_overlap"] >= 0.9, name

    assert set(r["load"]) == {"8", "32"}
    for level in r["load"].values():
        assert level["qps"] > 0 and level["p99_ms"] > 0 and level["errors"] == 0

    u = r["updates"]
    assert u["per_s"] > 0 and u["errors"] == 0 and u["count"] == 150
    assert u["probes"] == 4 and u["visible_timeouts"] == 0 and u["probe_errors"] == 0
    assert 0 < u["visible_p50_s"] <= u["visible_p95_s"] <= u["visible_max_s"] < 15
    assert r["storm"]["errors"] == 0 and r["storm"]["idle_requests"] > 0 and r["storm"]["storm_requests"] > 0

    mem = r["memory"]
    for key in ("opensearch_heap_used_mb", "index_size_mb", "api_rss_mb"):
        assert mem[key] > 0, key
    assert mem["index_docs"] == r["rebuild"]["documents"]
    assert {t["key"] for t in r["targets"]} == {t.key for t in TARGETS}
    assert all(isinstance(t["ok"], bool) for t in r["targets"])


def test_run_touches_only_its_own_database_and_index(
    bench_run: tuple[Path, Path, dict[str, Any], int], settings: Settings, engine: Engine
) -> None:
    *_, before = bench_run
    assert _bench_keys(engine) == before  # its keys went to its own database
    bench_settings = settings.model_copy(
        update={"database_url": settings.database_url.rsplit("/", 1)[0] + f"/{DATABASE}", "index": INDEX}
    )
    bench_engine = create_db_engine(bench_settings)
    try:
        assert _bench_keys(bench_engine) == 2
    finally:
        bench_engine.dispose()
    client = create_sync_client(settings)
    try:
        assert lifecycle.alias_indices(client, INDEX)
    finally:
        client.close()
    assert get_settings().index == settings.index  # the environment is restored
    assert get_settings().database_url == settings.database_url


def test_dataset_plan_tracks_the_number_of_offers() -> None:
    hospital, practitioners, sites = 9000.0, 63000.0, 3000
    small = plan_dataset(2000, hospital, practitioners, sites)
    assert small.scale == 1 and small.hospital_sites < sites and small.practitioner_rate < 1
    big = plan_dataset(1_000_000, hospital, practitioners, sites)
    per_scale = hospital + big.ehpad_count * 1.6 + practitioners * big.practitioner_rate
    assert big.scale > 1 and abs(big.scale * per_scale - 1_000_000) < 1000
