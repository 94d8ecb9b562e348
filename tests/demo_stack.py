"""A reduced national demo (real hospital sites and communes, synthetic offers) in the test stack."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from app.core.config import Settings
from indexer.demo.generator import build
from indexer.demo.sources import load_communes, load_hospitals
from indexer.run import READERS, run_ingest
from tests.directory import reset_directory
from tests.fixture_directory import rebuild_fresh

SEED = 7


def load_demo(engine: Engine, settings: Settings, tmp: Path) -> datetime:
    """Build (fewer EHPAD and practitioners than the full demo), ingest, rebuild the index; returns build time."""
    reset_directory(engine)
    sites, _ = load_hospitals()
    now = datetime.now(UTC).replace(microsecond=0)
    path, _stats = build(tmp, sites, load_communes(), seed=SEED, ehpad_count=2500, practitioner_rate=0.3, now=now)
    reader, sniff = READERS["fhir"]
    report = run_ingest(engine, "fhir", [path], reader, sniff, None, tmp / "rejects", progress=False)
    assert report.rejected == 0, report.rejects[:5]
    rebuild_fresh(engine, settings)
    return now
