"""Runs an ingestion from files: readers → checks → directory, with a progress bar and a reject report."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from tqdm import tqdm

from indexer.ingest import IngestReport, ingest, write_reject_report
from indexer.records import LegalEntity, Offer, Reject, Site
from indexer.sources import fhir, finess

Item = Site | Offer | LegalEntity | Reject
Reader = Callable[[Path, str | None], Iterable[Item]]
Sniffer = Callable[[Path], None]

READERS: dict[str, tuple[Reader, Sniffer]] = {
    "finess": (finess.read_finess, finess.sniff),
    "fhir": (fhir.read_fhir, fhir.sniff),
}


def _chain(paths: list[Path], reader: Reader, region: str | None) -> Iterator[Item]:
    for path in paths:
        yield from reader(path, region)


def run_ingest(
    engine: Engine,
    source: str,
    paths: list[Path],
    reader: Reader,
    sniff: Sniffer,
    region: str | None,
    reject_dir: Path,
    progress: bool | None = None,
) -> IngestReport:
    """Check every file first (an unreadable one stops the run before anything is written), then load."""
    for path in paths:
        sniff(path)
    items: Iterable[Item] = _chain(paths, reader, region)
    show = sys.stderr.isatty() if progress is None else progress
    if show:
        items = tqdm(items, desc=f"ingest {source}", unit=" records", file=sys.stderr, mininterval=0.5)
    report = ingest(engine, items)
    if report.rejects:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
        path = write_reject_report(report.rejects, reject_dir / f"{source}-{stamp}.csv")
        report.reject_report = str(path)
    return report
