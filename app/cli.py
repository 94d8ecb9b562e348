"""The `ror-search` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import orjson

from app.core.config import get_settings

if TYPE_CHECKING:
    from indexer.lifecycle import IndexRun


def _cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    settings = get_settings()
    uvicorn.run(
        "app.main:create_app",
        factory=True,
        host=args.host or settings.api_host,
        port=args.port or settings.api_port,
        log_level=args.log_level,
        access_log=False,
    )
    return 0


def _cmd_db_upgrade(args: argparse.Namespace) -> int:
    from app.db.bootstrap import ensure_database, upgrade

    settings = get_settings()
    if ensure_database(settings):
        print(f"created database {settings.database_url_masked}", file=sys.stderr)
    upgrade(settings, args.revision)
    print(f"database at revision {args.revision}: {settings.database_url_masked}", file=sys.stderr)
    return 0


def _cmd_status(args: argparse.Namespace) -> int:
    from app.status import collect_status, format_status, status_ok

    status = collect_status(get_settings())
    if args.json:
        sys.stdout.write(orjson.dumps(status).decode() + "\n")
    else:
        print(format_status(status))
    return 0 if status_ok(status) else 1


def _cmd_ingest(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.db.session import create_db_engine
    from indexer.run import READERS, run_ingest
    from indexer.sources import UnreadableFile

    reader, sniff = READERS[args.source]
    settings = get_settings()
    engine = create_db_engine(settings)
    try:
        report = run_ingest(
            engine, args.source, [Path(p) for p in args.paths], reader, sniff, args.region, Path(settings.reject_dir)
        )
    except UnreadableFile as exc:
        print(f"ror-search ingest: {exc}; nothing was loaded", file=sys.stderr)
        return 2
    finally:
        engine.dispose()
    summary = report.summary()
    if args.json:
        sys.stdout.write(orjson.dumps(summary).decode() + "\n")
    else:
        print(" ".join(f"{k}={v}" for k, v in summary.items()))
        for r in report.rejects[:20]:
            print(
                f"  rejected {r.file}:{r.line or '-'} {r.record_id or ''} {r.field or ''}: {r.reason}", file=sys.stderr
            )
    return 0


def _cmd_index(args: argparse.Namespace) -> int:
    from datetime import datetime

    from app.db.session import create_db_engine
    from indexer import lifecycle
    from indexer.search_client import create_sync_client

    settings = get_settings()
    engine = create_db_engine(settings)
    client = create_sync_client(settings)
    progress = sys.stderr.isatty()
    try:
        if args.index_command == "rebuild":
            run = lifecycle.rebuild(engine, client, settings, progress=progress)
            return _print_run(run, args.json)
        if args.index_command == "update":
            if args.rebuild_if_missing and not lifecycle.alias_indices(client, settings.index):
                return _print_run(lifecycle.rebuild(engine, client, settings, progress=progress), args.json)
            since = datetime.fromisoformat(args.since) if args.since else None
            run = lifecycle.update(engine, client, settings, since=since, progress=progress)
            return _print_run(run, args.json)
        if args.index_command == "rollback":
            print(f"{settings.index} → {lifecycle.rollback(client, settings.index)}")
            return 0
        drift = lifecycle.check(engine, client, settings, sample=args.sample)
        if args.json:
            sys.stdout.write(orjson.dumps(drift.summary()).decode() + "\n")
        else:
            s = drift.summary()
            print(f"missing={s['missing']} orphans={s['orphans']} different={s['different']} (sampled {s['sampled']})")
            for kind, ids in s["examples"].items():
                if ids:
                    print(f"  {kind}: {', '.join(ids)}")
        return 0 if drift.ok else 1
    except lifecycle.IndexNotPublished as exc:
        print(f"ror-search index {args.index_command}: {exc}", file=sys.stderr)
        return 1
    finally:
        client.close()
        engine.dispose()


def _print_run(run: IndexRun, as_json: bool) -> int:
    for failure in run.failures[:50]:
        print(f"  failed {failure.id} ({failure.status}): {failure.reason}", file=sys.stderr)
    summary = run.summary()
    if as_json:
        sys.stdout.write(orjson.dumps(summary).decode() + "\n")
    else:
        print(" ".join(f"{k}={v}" for k, v in summary.items()))
    return 1 if run.failures else 0


def _cmd_keys(args: argparse.Namespace) -> int:
    from app.auth import keys
    from app.db.session import create_db_engine

    engine = create_db_engine(get_settings())
    try:
        if args.keys_command == "create":
            try:
                key, record = keys.create_key(engine, args.role, args.site or [], args.name)
            except ValueError as exc:
                print(f"ror-search keys create: {exc}", file=sys.stderr)
                return 2
            print(f"API key for {record.role} (id {record.id}); it is shown once, store it now:", file=sys.stderr)
            if args.json:
                payload = {"key": key, "id": record.id, "role": record.role, "sites": list(record.sites)}
                sys.stdout.write(orjson.dumps(payload).decode() + "\n")
            else:
                print(key)
            return 0
        if args.keys_command == "revoke":
            revoked = keys.revoke_key(engine, args.key)
            print(f"revoked {revoked} key(s)")
            return 0 if revoked else 1
        for row in keys.list_keys(engine):
            state = "revoked" if row["revoked_at"] else "active"
            sites = " ".join(row["sites"] or [])  # type: ignore[arg-type]
            print(f"{row['id']:>5}  {row['prefix']}…  {row['role']:<12} {state:<8} {row['name'] or ''} {sites}")
        return 0
    finally:
        engine.dispose()


def _cmd_demo(args: argparse.Namespace) -> int:
    from pathlib import Path

    from indexer.demo.generator import build, write_stats
    from indexer.demo.sources import load_communes, load_hospitals

    sites, skipped = load_hospitals()
    communes = load_communes()
    for reason, n in skipped.items():
        print(f"hospital rows skipped: {n} ({reason})", file=sys.stderr)
    path, stats = build(
        Path(args.out),
        sites,
        communes,
        seed=args.seed,
        scale=args.scale,
        ehpad_count=args.ehpad,
        practitioner_rate=args.practitioner_rate,
    )
    print(f"wrote {path}: {stats.sites} sites, {stats.offers} offers", file=sys.stderr)
    write_stats(stats, sys.stdout)
    sys.stdout.write("\n")
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from pathlib import Path

    from bench.harness import config, run

    cfg = config(args.scale, Path(args.out), seed=args.seed, duration=args.duration)
    json_path, md_path, result = run(cfg)
    missed = [t["target"] for t in result["targets"] if not t["ok"]]
    print(f"wrote {json_path} and {md_path}", file=sys.stderr)
    for target in result["targets"]:
        print(f"{'ok    ' if target['ok'] else 'missed'}  {target['target']}: {target['measured']}")
    if missed:
        print(f"{len(missed)} of {len(result['targets'])} targets missed", file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ror-search", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="run the HTTP API")
    serve.add_argument("--host", help="bind address (default ROR_API_HOST or 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default ROR_API_PORT or 8000)")
    serve.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    serve.set_defaults(func=_cmd_serve)

    db = sub.add_parser("db", help="directory database")
    db_sub = db.add_subparsers(dest="db_command", required=True)
    db_upgrade = db_sub.add_parser("upgrade", help="create the database if needed and apply migrations")
    db_upgrade.add_argument("--revision", default="head")
    db_upgrade.set_defaults(func=_cmd_db_upgrade)

    ingest = sub.add_parser("ingest", help="load source files into the directory (PostGIS)")
    ingest.add_argument("source", choices=["finess", "fhir"], help="file format")
    ingest.add_argument("paths", nargs="+", metavar="PATH")
    ingest.add_argument("--region", help="region code of the regional directory the files come from")
    ingest.add_argument("--json", action="store_true", help="print a JSON summary as the last line")
    ingest.set_defaults(func=_cmd_ingest)

    index = sub.add_parser("index", help="the OpenSearch index behind the alias")
    index_sub = index.add_subparsers(dest="index_command", required=True)
    rebuild = index_sub.add_parser("rebuild", help="build a new index from the directory, then swap the alias")
    rebuild.add_argument("--json", action="store_true")
    update = index_sub.add_parser("update", help="re-index what changed since the last sync, remove what is gone")
    update.add_argument("--since", help="ISO timestamp (default: the last sync)")
    update.add_argument("--json", action="store_true")
    update.add_argument("--rebuild-if-missing", action="store_true", help="rebuild when the alias does not exist")
    index_sub.add_parser("rollback", help="move the alias back to the previous index")
    check = index_sub.add_parser("check", help="compare the index with the directory; exit 1 on drift")
    check.add_argument("--sample", type=int, default=500, help="documents compared with a fresh build")
    check.add_argument("--json", action="store_true")
    index.set_defaults(func=_cmd_index)

    demo = sub.add_parser("demo", help="the national demo dataset")
    demo_sub = demo.add_subparsers(dest="demo_command", required=True)
    demo_build = demo_sub.add_parser("build", help="write the demo as ROR FHIR ndjson (real sites, synthetic offers)")
    demo_build.add_argument("--out", required=True, help="output folder")
    demo_build.add_argument("--seed", type=int, default=42)
    demo_build.add_argument("--scale", type=int, default=1, help="multiply the synthetic offers (benchmarks)")
    demo_build.add_argument("--ehpad", type=int, default=6301, help="number of synthetic EHPAD sites")
    demo_build.add_argument(
        "--practitioner-rate", type=float, default=1.0, help="fraction of the usual practitioner density"
    )
    demo.set_defaults(func=_cmd_demo)

    keys = sub.add_parser("keys", help="API keys (stored hashed)")
    keys_sub = keys.add_subparsers(dest="keys_command", required=True)
    create = keys_sub.add_parser("create", help="create a key; it is printed once")
    create.add_argument("--role", required=True, choices=["professional", "referent", "admin"])
    create.add_argument("--site", action="append", metavar="FINESS", help="a site a referent answers for (repeat)")
    create.add_argument("--name", help="a label for the key")
    create.add_argument("--json", action="store_true", help="last line: {key, id, role, sites}")
    revoke = keys_sub.add_parser("revoke", help="revoke a key, by id or by the key itself")
    revoke.add_argument("key")
    keys_sub.add_parser("list", help="list keys (prefix only)")
    keys.set_defaults(func=_cmd_keys)

    bench = sub.add_parser("bench", help="benchmarks (own database ror_bench and index ror-bench-offers)")
    bench.add_argument("--scale", type=int, required=True, help="offers in the generated dataset (≈)")
    bench.add_argument("--out", required=True, help="folder for <date>-<scale>.json and .md")
    bench.add_argument("--seed", type=int, default=42)
    bench.add_argument("--duration", type=float, default=20.0, help="seconds of load per concurrency level")
    bench.set_defaults(func=_cmd_bench)

    status = sub.add_parser("status", help="versions of OpenSearch and PostGIS, index alias and size")
    status.add_argument("--json", action="store_true", help="print one JSON object")
    status.set_defaults(func=_cmd_status)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    code: int = args.func(args)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
