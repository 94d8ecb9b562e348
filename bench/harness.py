"""The benchmark harness (issue 7): one run, against its own database and index, measures

1. ingestion and indexing: the demo generator sized to ``scale`` offers, ``run_ingest`` (records/s),
   ``lifecycle.rebuild`` (bulk docs/s, seconds including the alias swap);
2. searches at 1 client, per use case, four ways: raw OpenSearch (the API's own body builder, sent with the
   async client), raw top-20 (no facets, the peer's fields: the like-for-like comparison with PostGIS), through
   the API (uvicorn subprocess, HTTP), the PostGIS peer (``bench.pg_peer``);
3. load: mixed searches through the API at 8 and 32 concurrent clients for ``duration`` seconds each;
4. availability: an update storm through the API (updates/s), search p99 during it vs idle, and the delay
   until an update is visible in search;
5. memory: OpenSearch heap, index size on disk, API resident memory.

It writes ``<out>/<date>-<scale>.json`` and ``.md``. Everything runs on 127.0.0.1, bounded in time and count.
The database (``ror_bench``) and index alias (``ror-bench-offers``) are emptied and rebuilt by each run.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import platform
import random
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, TypeVar

import httpx
import orjson
from opensearchpy import AsyncOpenSearch, OpenSearch
from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from bench import load
from bench.pg_peer import DOCUMENT_FIELDS, PEER_INDEXES, Peer, drop_indexes, ensure_indexes
from bench.queries import QUERY_NAMES, BenchQuery, interleave, query_mix
from bench.report import check_targets, markdown

Json = dict[str, Any]
T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
BENCH_DATABASE = "ror_bench"
BENCH_INDEX = "ror-bench-offers"
WAYS = ("raw", "raw_topk", "api", "pg")
QUIET = ("--log-level", "warning")
# The demo's EHPAD count at scale 1, and its offers per EHPAD (permanent stay, temporary stay in 60 %).
DEMO_EHPAD = 6301
OFFERS_PER_EHPAD = 1.6
DIRECTORY_TABLES = (
    "availability_history, availability_current, capacity, contact, offer, site, legal_entity, api_key, index_sync"
)


@dataclass(frozen=True)
class BenchConfig:
    scale: int  # offers wanted (≈)
    out: Path
    seed: int = 42
    duration: float = 20.0  # seconds per load level
    queries_per_name: int = 200
    warmup: int = 10  # queries per use case and way run before measuring
    load_clients: tuple[int, ...] = (8, 32)
    updates: int = 2000
    update_concurrency: int = 8
    storm_search_clients: int = 2
    idle_s: float = 10.0  # search baseline before the storm
    probes: int = 40
    probe_concurrency: int = 4
    database: str = BENCH_DATABASE
    index: str = BENCH_INDEX


def log(message: str) -> None:
    print(f"[bench {datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


# --- environment ----------------------------------------------------------------------------------


@contextlib.contextmanager
def bench_environment(database: str, index: str) -> Iterator[Any]:
    """``ROR_DATABASE_URL`` (same server, database ``database``) and ``ROR_INDEX`` for everything the run does,
    the API subprocess included; the previous environment is restored afterwards."""
    from app.core.config import Settings, get_settings

    if not database.startswith(BENCH_DATABASE) or not index.startswith("ror-bench"):
        raise ValueError(f"the bench empties its database and index: {database!r}/{index!r} must be ror_bench*")
    base = Settings()
    url = make_url(base.database_url).set(database=database).render_as_string(hide_password=False)
    saved = {k: os.environ.get(k) for k in ("ROR_DATABASE_URL", "ROR_INDEX")}
    os.environ["ROR_DATABASE_URL"] = url
    os.environ["ROR_INDEX"] = index
    get_settings.cache_clear()
    try:
        yield get_settings()
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()


def timed(timings: dict[str, float], phase: str, fn: Callable[[], T]) -> T:
    started = time.perf_counter()
    log(f"{phase}…")
    try:
        return fn()
    finally:
        timings[f"{phase}_s"] = round(time.perf_counter() - started, 2)
        log(f"{phase}: {timings[f'{phase}_s']} s")


# --- machine --------------------------------------------------------------------------------------


def _proc_value(path: str, key: str) -> str | None:
    with contextlib.suppress(OSError), open(path, encoding="utf-8") as fh:
        for line in fh:
            name, _, value = line.partition(":")
            if name.strip() == key:
                return value.strip()
    return None


def busy_cores(seconds: float = 2.0) -> float:
    """Cores the machine keeps busy while the bench does nothing (other work disturbs every figure)."""
    before = load.system_cpu_s()
    time.sleep(seconds)
    return round((load.system_cpu_s() - before) / seconds, 2)


def machine(engine: Engine, client: OpenSearch) -> Json:
    from app.db.session import database_versions

    memory_kb = int((_proc_value("/proc/meminfo", "MemTotal") or "0 kB").split()[0])
    jvm = next(iter(client.nodes.stats(metric="jvm")["nodes"].values()))["jvm"]
    return {
        "cores": os.cpu_count(),
        "loadavg_at_start": [round(x, 2) for x in os.getloadavg()],
        "busy_cores_at_start": busy_cores(),
        "memory_mb": memory_kb // 1024,
        "cpu_model": _proc_value("/proc/cpuinfo", "model name") or platform.processor(),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "opensearch_version": client.info()["version"]["number"],
        "opensearch_heap_max_mb": jvm["mem"]["heap_max_in_bytes"] // 2**20,
        **database_versions(engine),
    }


def opensearch_cpu_s(client: OpenSearch) -> float:
    node = next(iter(client.nodes.stats(metric="process")["nodes"].values()))
    return float(node["process"]["cpu"]["total_in_millis"]) / 1000.0


class CpuMeter:
    """CPU used over a phase, in cores: the API process, OpenSearch, this process (the load generator), the whole
    machine, and ``other`` = machine − those three (PostgreSQL, and anything else running on the machine)."""

    def __init__(self, api_pid: int, client: OpenSearch) -> None:
        self.api_pid, self.client = api_pid, client
        self.start = self._now()

    def _now(self) -> tuple[float, float, float, float]:
        return (
            load.process_cpu_s(self.api_pid),
            opensearch_cpu_s(self.client),
            time.process_time(),
            load.system_cpu_s(),
        )

    def read(self, seconds: float) -> dict[str, float]:
        api, search, own, system = (b - a for a, b in zip(self.start, self._now(), strict=True))
        seconds = seconds or 1.0
        out = {"api": api, "opensearch": search, "load_generator": own, "system": system}
        out["other"] = max(0.0, system - api - search - own)
        return {k: round(v / seconds, 2) for k, v in out.items()}


# --- dataset --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DatasetPlan:
    scale: int  # the generator's multiplier
    practitioner_rate: float
    ehpad_count: int
    hospital_sites: int
    expected_offers: int


def plan_dataset(offers: int, hospital_offers: float, practitioner_offers: float, hospital_sites: int) -> DatasetPlan:
    """Generator settings giving ≈ ``offers`` offers with the demo's mix of hospitals, EHPAD and practitioners.

    ``hospital_offers`` and ``practitioner_offers`` are the expected offers at scale 1 and practitioner rate 1.
    Above the demo's size the multiplier grows and the practitioner rate makes up the rest; below it, fewer
    hospital sites and EHPAD and a lower practitioner rate, in proportion."""
    ehpad_offers = DEMO_EHPAD * OFFERS_PER_EHPAD
    base = hospital_offers + ehpad_offers + practitioner_offers
    if offers >= base:
        scale = max(1, round(offers / base))
        rate = max(0.01, (offers / scale - hospital_offers - ehpad_offers) / practitioner_offers)
        return DatasetPlan(scale, round(rate, 4), DEMO_EHPAD, hospital_sites, offers)
    share = offers / base
    return DatasetPlan(
        scale=1,
        practitioner_rate=round(share, 4),
        ehpad_count=max(1, round(DEMO_EHPAD * share)),
        hospital_sites=max(1, round(hospital_sites * share)),
        expected_offers=offers,
    )


def build_dataset(cfg: BenchConfig, workdir: Path) -> tuple[Path, Json]:
    from indexer.demo import generator
    from indexer.demo.sources import load_communes, load_hospitals

    sites, _ = load_hospitals()
    communes = load_communes()
    hospital_offers = 0.0
    for site in sites:
        family = generator._family(site)
        if family is None:
            continue
        allowed = generator.UNITS_BY_FAMILY.get(family)
        size = generator._size_class(site)
        hospital_offers += sum(
            u.share[size] if allowed is None else (0.8 if u.key in allowed else 0.0) for u in generator.UNITS
        )
    population = sum(c.population for c in communes)
    practitioner_offers = sum(population / per for _, per, *_ in generator.PRACTITIONERS)
    plan = plan_dataset(cfg.scale, hospital_offers, practitioner_offers, len(sites))
    chosen = sites if plan.hospital_sites >= len(sites) else random.Random(cfg.seed).sample(sites, plan.hospital_sites)
    started = time.perf_counter()
    path, stats = generator.build(
        workdir,
        chosen,
        communes,
        seed=cfg.seed,
        scale=plan.scale,
        ehpad_count=plan.ehpad_count,
        practitioner_rate=plan.practitioner_rate,
    )
    info = {
        **asdict(plan),
        "offers": stats.offers,
        "sites": stats.sites,
        "generate_s": round(time.perf_counter() - started, 2),
        "ndjson_mb": round(path.stat().st_size / 2**20, 1),
    }
    return path, info


def reset(engine: Engine, client: OpenSearch, alias: str, database_url: str) -> None:
    """Empty the bench directory (keys included), drop the PostGIS peer's indexes (ingestion must not pay for
    them) and delete the bench alias's indices."""
    from indexer import lifecycle

    with engine.begin() as conn:
        conn.execute(text(f"truncate {DIRECTORY_TABLES} restart identity cascade"))
    drop_indexes(database_url)
    for name in lifecycle.versioned_indices(client, alias):
        client.indices.delete(index=name, ignore_unavailable=True)


@contextlib.contextmanager
def bulk_timer(seconds: list[float]) -> Iterator[None]:
    """Times ``lifecycle.rebuild``'s bulk phase (documents read, built and sent) apart from the rest."""
    from indexer import lifecycle
    from indexer.bulk import bulk_load as original

    def timed_bulk(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            seconds.append(time.perf_counter() - started)

    setattr(lifecycle, "bulk_load", timed_bulk)  # noqa: B010 - restored below
    try:
        yield
    finally:
        setattr(lifecycle, "bulk_load", original)  # noqa: B010


# --- the API --------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
    return port


@dataclass
class ApiProcess:
    """``ror-search serve`` (uvicorn, one process) on a free 127.0.0.1 port, with the bench environment."""

    log_path: Path
    url: str = ""
    proc: subprocess.Popen[bytes] | None = None
    _log: IO[bytes] | None = field(default=None, repr=False)

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, timeout_s: float = 60.0) -> None:
        port = free_port()
        self.url = f"http://127.0.0.1:{port}"
        env = {**os.environ, "ROR_API_HOST": "127.0.0.1", "ROR_API_PORT": str(port)}
        self._log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port), *QUIET],
            env=env,
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the API exited with {self.proc.returncode}: {self.log_tail()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/readyz", timeout=2).status_code == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(f"the API was not ready within {timeout_s:g} s: {self.log_tail()}")

    def log_tail(self) -> str:
        with contextlib.suppress(OSError):
            return self.log_path.read_text(errors="replace")[-3000:]
        return ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=5)
        if self._log is not None:
            self._log.close()


# --- searches at 1 client -------------------------------------------------------------------------


@dataclass
class WayStats:
    seconds: list[float] = field(default_factory=list)
    hits: list[int] = field(default_factory=list)
    errors: int = 0


def raw_body(q: BenchQuery, way: str) -> Json:
    """``raw``: the API's body (``search_body``: hits and facets). ``raw_topk``: the same filtered top-20 without
    facets, returning the fields the PostGIS peer returns (the like-for-like comparison with the peer)."""
    from app.search.query import search_body

    body = search_body(q.params, q.params.radius_km, seed=q.seed, with_facets=way == "raw")
    if way == "raw_topk":
        body["_source"] = DOCUMENT_FIELDS
    return body


async def _one(
    took: dict[str, list[float]],
    way: str,
    q: BenchQuery,
    os_client: AsyncOpenSearch,
    index: str,
    http: httpx.AsyncClient,
    pro: dict[str, str],
    peer: Peer,
) -> tuple[float, list[str]]:
    radius = q.params.radius_km
    if way in ("raw", "raw_topk"):
        body = raw_body(q, way)
        started = time.perf_counter()
        response = await os_client.search(index=index, body=body)
        seconds = time.perf_counter() - started
        took[way].append(response["took"] / 1000.0)
        return seconds, [h["_id"] for h in response["hits"]["hits"]]
    if way == "api":
        seconds, answer, outcome = await load.timed_get(http, load.Call(q.path, pro if q.professional else {}))
        if answer is None or answer.status_code != 200:
            raise RuntimeError(f"API answered {outcome} to {q.path}")
        return seconds, [item["id"] for item in answer.json()["items"]]
    assert radius is not None
    result = peer.search(q.params, radius)
    return result.seconds, result.ids


async def measure_queries(
    mix: dict[str, list[BenchQuery]], settings: Any, api_url: str, pro: dict[str, str], peer: Peer, warmup: int
) -> Json:
    """Each query of the mix, each way, one at a time; the order of the ways turns from one query to the next."""
    from app.core.search_client import create_search_client

    os_client = create_search_client(settings)
    out: Json = {}
    try:
        async with load.client(api_url, 1) as http:
            for name, queries in mix.items():
                took: dict[str, list[float]] = {"raw": [], "raw_topk": []}
                for q in queries[:warmup]:
                    for way in WAYS:
                        await _one(took, way, q, os_client, settings.index, http, pro, peer)
                took = {"raw": [], "raw_topk": []}
                stats = {way: WayStats() for way in WAYS}
                overlap: list[float] = []
                for i, q in enumerate(queries):
                    ids: dict[str, list[str]] = {}
                    for way in WAYS[i % len(WAYS) :] + WAYS[: i % len(WAYS)]:
                        try:
                            seconds, ids[way] = await _one(took, way, q, os_client, settings.index, http, pro, peer)
                        except Exception as exc:
                            stats[way].errors += 1
                            log(f"{name} {way}: {type(exc).__name__}: {exc}"[:300])
                            continue
                        stats[way].seconds.append(seconds)
                        stats[way].hits.append(len(ids[way]))
                    if "raw_topk" in ids and "pg" in ids:
                        a, b = set(ids["raw_topk"]), set(ids["pg"])
                        overlap.append(len(a & b) / max(len(a), len(b)) if a or b else 1.0)
                entry: Json = {"queries": len(queries)}
                for way, s in stats.items():
                    for q_ in (50, 90, 99):
                        entry[f"{way}_p{q_}_ms"] = load.ms(s.seconds, q_)
                    entry[f"{way}_hits"] = round(sum(s.hits) / len(s.hits), 1) if s.hits else 0.0
                    entry[f"{way}_errors"] = s.errors
                for way, values in took.items():
                    entry[f"{way}_took_p50_ms"] = load.ms(values, 50)  # OpenSearch's own time ("took")
                entry["pg_overlap"] = round(sum(overlap) / len(overlap), 3) if overlap else 0.0
                out[name] = entry
                log(
                    f"{name}: raw p50 {entry['raw_p50_ms']} ms, API p50 {entry['api_p50_ms']} / p99 "
                    f"{entry['api_p99_ms']} ms, PostGIS p50 {entry['pg_p50_ms']} ms"
                )
    finally:
        await os_client.close()
    return out


def opensearch_profile(client: OpenSearch, index: str, mix: dict[str, list[BenchQuery]], runs: int = 3) -> Json:
    """Where OpenSearch spends a search's time (profile API, first query of each use case, last of ``runs``):
    query, collectors, aggregations (facets), and the costliest query clauses. Profiling adds its own cost."""
    out: Json = {}
    for name, queries in mix.items():
        if not queries:
            continue
        body = {**raw_body(queries[0], "raw"), "profile": True}
        for _ in range(runs):
            response = client.search(index=index, body=body)
        shard = response["profile"]["shards"][0]
        searches = shard["searches"]
        clauses = [c for s_ in searches for q in s_["query"] for c in q.get("children", [])]
        clauses.sort(key=lambda c: -int(c["time_in_nanos"]))
        out[name] = {
            "took_ms": response["took"],
            "query_ms": round(sum(q["time_in_nanos"] for s_ in searches for q in s_["query"]) / 1e6, 2),
            "collector_ms": round(sum(c["time_in_nanos"] for s_ in searches for c in s_["collector"]) / 1e6, 2),
            "aggregations_ms": round(sum(a["time_in_nanos"] for a in shard.get("aggregations", [])) / 1e6, 2),
            "costliest_clauses": [
                {"type": c["type"], "ms": round(c["time_in_nanos"] / 1e6, 2), "description": c["description"][:120]}
                for c in clauses[:3]
            ],
        }
    return out


# --- load, storm, visibility ----------------------------------------------------------------------


async def measure_load(
    api: ApiProcess, client: OpenSearch, calls: Sequence[load.Call], levels: Sequence[int], duration: float
) -> Json:
    out: Json = {}
    for clients in levels:
        async with load.client(api.url, clients) as http:
            meter = CpuMeter(api.pid, client)
            sample = await load.closed_loop(http, calls, clients, duration=duration)
            cpu = meter.read(sample.seconds)
        out[str(clients)] = {**sample.summary(), "cpu": cpu}
        summary = out[str(clients)]
        log(f"load {clients} clients: {summary['qps']} QPS, p99 {summary['p99_ms']} ms, {sample.errors} errors")
    return out


async def measure_availability(
    cfg: BenchConfig,
    api: ApiProcess,
    client: OpenSearch,
    calls: Sequence[load.Call],
    targets: Sequence[load.BedsTarget],
    pro: dict[str, str],
    admin: dict[str, str],
) -> tuple[Json, Json]:
    searches_client = load.client(api.url, cfg.storm_search_clients)
    writes_client = load.client(api.url, cfg.update_concurrency)
    async with searches_client as searches, writes_client as writes:
        idle = await load.closed_loop(searches, calls, cfg.storm_search_clients, duration=cfg.idle_s)
        stop = asyncio.Event()
        during_task = asyncio.create_task(load.closed_loop(searches, calls, cfg.storm_search_clients, stop=stop))
        meter = CpuMeter(api.pid, client)
        try:
            storm = await load.update_storm(writes, targets, cfg.updates, cfg.update_concurrency, admin, cfg.seed)
        finally:
            stop.set()
        during = await during_task
        storm_cpu = meter.read(storm.sample.seconds)
        rate, p99, idle99 = storm.sample.summary()["qps"], load.ms(during.latencies, 99), load.ms(idle.latencies, 99)
        log(f"storm: {rate} updates/s, search p99 {p99} ms vs idle {idle99} ms")
        await asyncio.sleep(2.0)  # the publisher's last batch and a refresh
        candidates = list(targets)
        random.Random(f"{cfg.seed}:probes").shuffle(candidates)
        visibility = await load.visibility_probes(writes, candidates, cfg.probes, cfg.probe_concurrency, pro, admin)
    put = storm.sample
    delays = visibility.delays
    updates = {
        "per_s": round(len(put.latencies) / put.seconds, 1) if put.seconds else 0.0,
        "count": storm.updates,
        "concurrency": cfg.update_concurrency,
        "errors": put.errors,
        "seconds": round(put.seconds, 2),
        "put_p50_ms": load.ms(put.latencies, 50),
        "put_p99_ms": load.ms(put.latencies, 99),
        "cpu": storm_cpu,
        "visible_p50_s": round(load.percentile(delays, 50), 3),
        "visible_p95_s": round(load.percentile(delays, 95), 3),
        "visible_max_s": round(max(delays, default=0.0), 3),
        "probes": len(delays),
        "visible_timeouts": visibility.timeouts,
        "probe_errors": visibility.errors,
        "probe_polls": visibility.polls,
    }
    idle_p99, storm_p99 = load.ms(idle.latencies, 99), load.ms(during.latencies, 99)
    storm_info = {
        "search_clients": cfg.storm_search_clients,
        "idle_p99_ms": idle_p99,
        "storm_p99_ms": storm_p99,
        "idle_p50_ms": load.ms(idle.latencies, 50),
        "storm_p50_ms": load.ms(during.latencies, 50),
        "idle_requests": idle.requests,
        "storm_requests": during.requests,
        "errors": idle.errors + during.errors,
        "ratio": round(storm_p99 / idle_p99, 3) if idle_p99 else 0.0,
    }
    return updates, storm_info


def beds_targets(engine: Engine) -> list[load.BedsTarget]:
    """Offers with installed beds, where they are and an activity to search them by."""
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "select o.offer_id, c.installed, ST_Y(s.geog::geometry), ST_X(s.geog::geometry), o.activities[1] "
                "from offer o join capacity c on c.offer_id = o.id and c.type_code = '01' "
                "join site s on s.id = o.site_id where c.installed > 0 and s.geog is not null "
                "and cardinality(o.activities) > 0 order by o.offer_id"
            )
        ).all()
    return [load.BedsTarget(str(r[0]), int(r[1]), float(r[2]), float(r[3]), str(r[4])) for r in rows]


def memory(client: OpenSearch, alias: str, engine: Engine, api: ApiProcess) -> Json:
    node = next(iter(client.nodes.stats(metric="jvm,indices")["nodes"].values()))
    jvm = node["jvm"]["mem"]
    stats = client.indices.stats(index=alias, metric="store,docs,segments")["_all"]["primaries"]
    rss = load.process_memory_kb(api.pid)
    with engine.connect() as conn:
        db_bytes = int(conn.execute(text("select pg_database_size(current_database())")).scalar_one())
    return {
        "opensearch_heap_used_mb": round(jvm["heap_used_in_bytes"] / 2**20, 1),
        "opensearch_heap_max_mb": round(jvm["heap_max_in_bytes"] / 2**20, 1),
        "index_size_mb": round(stats["store"]["size_in_bytes"] / 2**20, 1),
        "index_docs": int(stats["docs"]["count"]),
        "index_segments": int(stats["segments"]["count"]),
        # Everything the node holds (other aliases share the heap and the page cache).
        "opensearch_node_docs": int(node["indices"]["docs"]["count"]),
        "opensearch_node_store_mb": round(node["indices"]["store"]["size_in_bytes"] / 2**20, 1),
        "api_rss_mb": round(rss.get("VmRSS", 0) / 1024, 1),
        "api_rss_peak_mb": round(rss.get("VmHWM", 0) / 1024, 1),
        "pg_database_mb": round(db_bytes / 2**20, 1),
    }


# --- the run --------------------------------------------------------------------------------------


def run(cfg: BenchConfig) -> tuple[Path, Path, Json]:
    """One benchmark run; returns the JSON and markdown paths and the result."""
    with bench_environment(cfg.database, cfg.index) as settings:
        return _run(cfg, settings)


def _run(cfg: BenchConfig, settings: Any) -> tuple[Path, Path, Json]:
    from app.auth.keys import create_key
    from app.db.bootstrap import upgrade
    from app.db.session import create_db_engine
    from indexer import lifecycle
    from indexer.run import READERS, run_ingest
    from indexer.search_client import create_sync_client

    started = time.perf_counter()
    timings: dict[str, float] = {}
    cfg.out.mkdir(parents=True, exist_ok=True)
    log(f"{cfg.scale:,} offers → {settings.database_url_masked}, index {settings.index}")
    timed(timings, "database", lambda: upgrade(settings))
    engine = create_db_engine(settings)
    client = create_sync_client(settings, timeout=300.0)
    work = Path(tempfile.mkdtemp(prefix="ror-bench-"))
    api = ApiProcess(work / "api.log")
    try:
        result: Json = {
            "scale": cfg.scale,
            "date": datetime.now(UTC).strftime("%Y-%m-%d"),
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "seed": cfg.seed,
            "config": {k: str(v) if isinstance(v, Path) else v for k, v in asdict(cfg).items()},
            "machine": machine(engine, client),
        }
        if result["machine"]["busy_cores_at_start"] > 0.25:
            log(
                f"warning: {result['machine']['busy_cores_at_start']} cores busy before the run: other work on the "
                "machine will disturb the figures"
            )
        timed(timings, "reset", lambda: reset(engine, client, settings.index, settings.database_url))

        # 1. dataset, ingestion, index
        path, dataset = timed(timings, "generate", lambda: build_dataset(cfg, work / "data"))
        result["dataset"] = dataset
        result["offers"] = dataset["offers"]
        log(f"dataset: {dataset['offers']:,} offers, {dataset['sites']:,} sites, {dataset['ndjson_mb']} MB")
        reader, sniff = READERS["fhir"]
        cpu0 = time.process_time()
        report = timed(
            timings,
            "ingest",
            lambda: run_ingest(engine, "fhir", [path], reader, sniff, None, work / "rejects", progress=False),
        )
        result["ingest_s"] = timings["ingest_s"]
        result["ingest_records_per_s"] = round(report.read / timings["ingest_s"], 1)
        result["ingest"] = {
            **{k: v for k, v in report.summary().items() if k != "reject_report"},
            "harness_cpu_s": round(time.process_time() - cpu0, 1),
        }
        shutil.rmtree(work / "data", ignore_errors=True)
        bulk_seconds: list[float] = []
        cpu0, os_cpu0 = time.process_time(), opensearch_cpu_s(client)
        with bulk_timer(bulk_seconds):
            index_run = timed(timings, "rebuild", lambda: lifecycle.rebuild(engine, client, settings))
        bulk_s = bulk_seconds[0] if bulk_seconds else index_run.seconds
        result["rebuild_s"] = round(index_run.seconds, 2)
        result["bulk_docs_per_s"] = round(index_run.documents / bulk_s, 1) if bulk_s else 0.0
        result["rebuild"] = {
            **index_run.summary(),
            "bulk_s": round(bulk_s, 2),
            "harness_cpu_s": round(time.process_time() - cpu0, 1),
            "opensearch_cpu_s": round(opensearch_cpu_s(client) - os_cpu0, 1),
        }
        result["pg_indexes"] = timed(timings, "pg_indexes", lambda: ensure_indexes(settings.database_url))
        result["pg_indexes_s"] = timings["pg_indexes_s"]
        pro = {"Authorization": f"Bearer {create_key(engine, 'professional', [], 'bench')[0]}"}
        admin = {"Authorization": f"Bearer {create_key(engine, 'admin', [], 'bench')[0]}"}

        # 2. searches at 1 client
        mix = query_mix(cfg.seed, cfg.queries_per_name)
        timed(timings, "api_start", api.start)
        peer = Peer(settings.database_url)
        try:
            result["queries"] = timed(
                timings,
                "queries",
                lambda: asyncio.run(measure_queries(mix, settings, api.url, pro, peer, cfg.warmup)),
            )
            result["pg_plans"] = {
                name: peer.explain(qs[0].params, qs[0].params.radius_km or 0.0) for name, qs in mix.items() if qs
            }
        finally:
            peer.close()
        result["opensearch_profile"] = opensearch_profile(client, settings.index, mix)
        result["pg_peer"] = {"indexes": sorted(PEER_INDEXES)}

        # 3. load
        calls = [load.Call(q.path, pro if q.professional else {}) for q in interleave(mix)]
        result["load"] = timed(
            timings,
            "load",
            lambda: asyncio.run(measure_load(api, client, calls, cfg.load_clients, cfg.duration)),
        )

        # 4. availability
        targets = beds_targets(engine)
        if not targets:
            raise RuntimeError("no offer with installed beds to update")
        result["updates"], result["storm"] = timed(
            timings,
            "availability",
            lambda: asyncio.run(measure_availability(cfg, api, client, calls, targets, pro, admin)),
        )
        result["storm_p99_ratio"] = result["storm"]["ratio"]

        # 5. memory
        result["memory"] = memory(client, settings.index, engine, api)
        timings["total_s"] = round(time.perf_counter() - started, 1)
        result["timings"] = timings
        result["targets"] = check_targets(result)
    finally:
        api.stop()
        client.close()
        engine.dispose()
        shutil.rmtree(work, ignore_errors=True)
    stem = cfg.out / f"{result['date']}-{cfg.scale}"
    json_path, md_path = stem.with_suffix(".json"), stem.with_suffix(".md")
    json_path.write_bytes(orjson.dumps(result, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS) + b"\n")
    md_path.write_text(markdown(result), encoding="utf-8")
    log(f"wrote {json_path} and {md_path} ({timings['total_s']} s)")
    return json_path, md_path, result


def config(scale: int, out: Path, **overrides: Any) -> BenchConfig:
    return replace(BenchConfig(scale=scale, out=out), **overrides)


__all__ = ["QUERY_NAMES", "BenchConfig", "config", "plan_dataset", "run"]
