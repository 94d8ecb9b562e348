"""Issue 7's targets checked against a result, and the markdown report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Json = dict[str, Any]


@dataclass(frozen=True)
class Target:
    key: str
    text: str
    measure: Callable[[Json], tuple[float, str]]  # result → (value, how it reads)
    ok: Callable[[float], bool]


def _worst(result: Json, field: str) -> tuple[float, str]:
    name, value = max(((n, float(q[field])) for n, q in result["queries"].items()), key=lambda x: x[1])
    return value, f"{value:g} ms (worst: {name})"


def _ratio(result: Json, top: str, bottom: str) -> tuple[float, str]:
    ratios = {n: float(q[top]) / float(q[bottom]) if q[bottom] else float("inf") for n, q in result["queries"].items()}
    name = max(ratios, key=lambda n: ratios[n])
    return ratios[name], f"{ratios[name]:.2f} (worst: {name})"


def _peer(result: Json) -> tuple[float, str]:
    value, text = _ratio(result, "raw_topk_p50_ms", "pg_p50_ms")
    with_facets, _ = _ratio(result, "raw_p50_ms", "pg_p50_ms")
    return value, f"OpenSearch/PostGIS p50 {text}; with facets {with_facets:.2f}"


TARGETS: tuple[Target, ...] = (
    Target("api_p50", "API p50 ≤ 8 ms at 1 client", lambda r: _worst(r, "api_p50_ms"), lambda v: v <= 8),
    Target("api_p99", "API p99 ≤ 25 ms at 1 client", lambda r: _worst(r, "api_p99_ms"), lambda v: v <= 25),
    Target(
        "api_overhead",
        "API p50 / raw OpenSearch p50 ≤ 1.25",
        lambda r: _ratio(r, "api_p50_ms", "raw_p50_ms"),
        lambda v: v <= 1.25,
    ),
    Target(
        "qps_8",
        "≥ 350 QPS at 8 clients",
        lambda r: (r["load"]["8"]["qps"], f"{r['load']['8']['qps']:g} QPS"),
        lambda v: v >= 350,
    ),
    Target(
        "p99_8",
        "p99 ≤ 60 ms at 8 clients",
        lambda r: (r["load"]["8"]["p99_ms"], f"{r['load']['8']['p99_ms']:g} ms"),
        lambda v: v <= 60,
    ),
    Target(
        "errors_32",
        "32 clients with no error",
        lambda r: (
            r["load"]["32"]["errors"],
            f"{r['load']['32']['errors']} errors / {r['load']['32']['requests']} requests "
            f"({r['load']['32']['qps']:g} QPS, p99 {r['load']['32']['p99_ms']:g} ms)",
        ),
        lambda v: v == 0,
    ),
    Target(
        "vs_postgis",
        "filtered top-20 no slower than the PostGIS peer (p50, every query)",
        _peer,
        lambda v: v <= 1.0,
    ),
    Target(
        "bulk",
        "bulk ≥ 11,000 docs/s",
        lambda r: (r["bulk_docs_per_s"], f"{r['bulk_docs_per_s']:,.0f} docs/s"),
        lambda v: v >= 11_000,
    ),
    Target(
        "rebuild",
        "rebuild + alias swap ≤ 90 s",
        lambda r: (r["rebuild_s"], f"{r['rebuild_s']:g} s for {r['rebuild']['documents']:,} documents"),
        lambda v: v <= 90,
    ),
    Target(
        "updates",
        "≥ 3,000 availability updates/s",
        lambda r: (r["updates"]["per_s"], f"{r['updates']['per_s']:,.0f} updates/s"),
        lambda v: v >= 3_000,
    ),
    Target(
        "visibility",
        "availability visible in search: p95 ≤ 1.5 s",
        lambda r: (
            r["updates"]["visible_p95_s"],
            f"{r['updates']['visible_p95_s']:g} s (p50 {r['updates']['visible_p50_s']:g} s, "
            f"max {r['updates']['visible_max_s']:g} s)",
        ),
        lambda v: v <= 1.5,
    ),
    Target(
        "storm",
        "search p99 under update storm ≤ 1.15 × idle",
        lambda r: (
            r["storm_p99_ratio"],
            f"{r['storm_p99_ratio']:.2f} × ({r['storm']['storm_p99_ms']:g} ms vs {r['storm']['idle_p99_ms']:g} ms)",
        ),
        lambda v: v <= 1.15,
    ),
)


def check_targets(result: Json) -> list[Json]:
    out = []
    for t in TARGETS:
        value, text = t.measure(result)
        out.append({"key": t.key, "target": t.text, "value": value, "measured": text, "ok": t.ok(value)})
    return out


def markdown(result: Json) -> str:
    m = result["machine"]
    d = result["dataset"]
    lines = [
        f"# ror-search benchmark — {result['date']}, {result['offers']:,} offers (asked {result['scale']:,})",
        "",
        f"Machine: {m['cores']} cores ({m['cpu_model']}), {m['memory_mb']:,} MB; "
        f"OpenSearch {m['opensearch_version']} (heap {m['opensearch_heap_max_mb']:,} MB); "
        f"PostgreSQL {m['postgres_version']}, PostGIS {m['postgis_version']}. Before the run: load average "
        f"{' '.join(str(x) for x in m['loadavg_at_start'])}, {m['busy_cores_at_start']} cores busy.",
        f"Dataset: demo generator, seed {result['seed']}, scale ×{d['scale']}, practitioner rate "
        f"{d['practitioner_rate']}, {d['ehpad_count']:,} EHPAD, {d['hospital_sites']:,} hospital sites → "
        f"{d['offers']:,} offers, {d['sites']:,} sites, {result['rebuild']['documents']:,} documents.",
        "Targets are issue 7's, set for 1M offers; API, OpenSearch, PostgreSQL and the load generator share the "
        "machine.",
        "",
        "| target | measured | |",
        "|---|---|---|",
    ]
    lines += [f"| {t['target']} | {t['measured']} | {'ok' if t['ok'] else 'missed'} |" for t in result["targets"]]
    lines += [
        "",
        "## Searches at 1 client (ms)",
        "",
        "raw: the API's OpenSearch body (hits + facets) sent with the async client; took: OpenSearch's own time; "
        "top-20: the same filters and order without facets, returning the PostGIS peer's fields; API: HTTP "
        "`GET /v1/search`; PostGIS: the same filtered nearest-20 in SQL. Radii are explicit (one search each).",
        "",
        "| query | raw p50 | raw p90 | raw p99 | raw took p50 | top-20 p50 | API p50 | API p90 | API p99 "
        "| PostGIS p50 | PostGIS p90 | PostGIS p99 | hits (raw/PostGIS) | same top-20 |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, q in result["queries"].items():
        lines.append(
            f"| {name} | {q['raw_p50_ms']} | {q['raw_p90_ms']} | {q['raw_p99_ms']} | {q['raw_took_p50_ms']} "
            f"| {q['raw_topk_p50_ms']} | {q['api_p50_ms']} | {q['api_p90_ms']} | {q['api_p99_ms']} "
            f"| {q['pg_p50_ms']} | {q['pg_p90_ms']} | {q['pg_p99_ms']} | {q['raw_hits']:g}/{q['pg_hits']:g} "
            f"| {q['pg_overlap']:.0%} |"
        )
    profile = result.get("opensearch_profile") or {}
    if profile:
        lines += [
            "",
            "OpenSearch profile (first query of each use case; profiling adds its own cost; took is in whole ms):",
            "",
            "| query | took ms | query ms | collectors ms | facets ms | costliest clause |",
            "|---|---|---|---|---|---|",
        ]
        for name, pr in profile.items():
            top = pr["costliest_clauses"][0] if pr["costliest_clauses"] else {"type": "-", "ms": 0}
            lines.append(
                f"| {name} | {pr['took_ms']} | {pr['query_ms']} | {pr['collector_ms']} | {pr['aggregations_ms']} "
                f"| {top['type']} {top['ms']} ms |"
            )
    lines += [
        "",
        "## Load (mixed queries, closed loop)",
        "",
        "| clients | QPS | p50 ms | p99 ms | errors | CPU used (cores) |",
    ]
    lines.append("|---|---|---|---|---|---|")
    for clients, lo in result["load"].items():
        cpu = lo["cpu"]
        lines.append(
            f"| {clients} | {lo['qps']:g} | {lo['p50_ms']} | {lo['p99_ms']} | {lo['errors']} | API {cpu['api']:.2f}, "
            f"OpenSearch {cpu['opensearch']:.2f}, load generator {cpu['load_generator']:.2f}, other {cpu['other']:.2f} "
            f"(machine {cpu['system']:.2f} of {result['machine']['cores']}) |"
        )
    u, s, mem = result["updates"], result["storm"], result["memory"]
    lines += [
        "",
        "## Availability",
        "",
        f"{u['count']:,} updates by {u['concurrency']} writers: {u['per_s']:,.0f}/s, PUT p50 {u['put_p50_ms']} ms, "
        f"p99 {u['put_p99_ms']} ms, {u['errors']} errors. Visible in search (from the PUT sent to the first search "
        f"showing the figure, polled every 25 ms) after p50 {u['visible_p50_s']} s, "
        f"p95 {u['visible_p95_s']} s, max {u['visible_max_s']} s ({u['probes']} probes, {u['visible_timeouts']} "
        f"timeouts). Search p99 idle {s['idle_p99_ms']} ms, during the storm {s['storm_p99_ms']} ms "
        f"({s['search_clients']} search clients). CPU during the storm (cores): API {u['cpu']['api']}, "
        f"OpenSearch {u['cpu']['opensearch']}, other (PostgreSQL…) {u['cpu']['other']}.",
        "",
        "## Memory",
        "",
        f"OpenSearch heap used {mem['opensearch_heap_used_mb']:,} MB of {mem['opensearch_heap_max_mb']:,} MB; "
        f"index {mem['index_size_mb']:,} MB on disk ({mem['index_docs']:,} documents; the node holds "
        f"{mem['opensearch_node_docs']:,} documents, {mem['opensearch_node_store_mb']:,} MB, in all); API resident "
        f"{mem['api_rss_mb']:,} MB (peak {mem['api_rss_peak_mb']:,} MB); PostgreSQL database "
        f"{mem['pg_database_mb']:,} MB.",
        "",
        "## Ingestion and index",
        "",
        f"Generate {d['generate_s']} s ({d['ndjson_mb']:,} MB of ndjson); ingest {result['ingest_s']} s "
        f"({result['ingest_records_per_s']:,.0f} records/s); rebuild {result['rebuild_s']} s (bulk "
        f"{result['rebuild']['bulk_s']} s, {result['bulk_docs_per_s']:,.0f} docs/s); PostGIS peer indexes "
        f"{result['pg_indexes_s']} s. Whole run {result['timings']['total_s']} s.",
        "",
    ]
    return "\n".join(lines)
