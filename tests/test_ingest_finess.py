"""Ingesting FINESS files into the real PostGIS directory: idempotence, updates, consolidation, rejects."""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from geopy.distance import geodesic
from sqlalchemy import Engine

from indexer.ingest import IngestReport
from indexer.run import run_ingest
from indexer.sources import UnreadableFile, finess
from indexer.sources.finess import write_finess_lines
from tests.directory import count, reset_directory, site_row
from tests.finess_fixture import finess_text, geo_row, structure_row
from tests.sites import load_sample_sites

SITES = load_sample_sites()


@pytest.fixture(autouse=True)
def clean(engine: Engine) -> Iterator[None]:
    reset_directory(engine)
    yield


def load(engine: Engine, tmp_path: Path, *paths: Path, region: str | None = None) -> IngestReport:
    return run_ingest(
        engine, "finess", list(paths), finess.read_finess, finess.sniff, region, tmp_path / "rejects", progress=False
    )


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_load_then_reload_is_idempotent(engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, "finess.csv", finess_text(SITES))
    first = load(engine, tmp_path, path, region="84")
    assert first.summary() == {
        "read": len(SITES),
        "loaded": len(SITES),
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "reject_report": None,
    }
    assert count(engine, "site") == len(SITES)
    second = load(engine, tmp_path, path, region="84")
    assert (second.loaded, second.updated, second.unchanged, second.rejected) == (0, 0, len(SITES), 0)
    assert count(engine, "site") == len(SITES)
    assert count(engine, "contact") == len(SITES)  # one switchboard phone each, not duplicated


def test_site_row_holds_the_record(engine: Engine, tmp_path: Path) -> None:
    rangueil = next(s for s in SITES if s.finess_et == "310783055")
    load(engine, tmp_path, write(tmp_path, "finess.csv", finess_text([rangueil])), region="76")
    row = site_row(engine, "310783055")
    assert row["name"] == "HOPITAL DE RANGUEIL CHU TOULOUSE"
    assert row["category"] == "355"
    assert (row["department"], row["region"]) == ("31", "76")
    assert row["source_crs"] == 2154
    assert geodesic((row["lat"], row["lon"]), (rangueil.lat, rangueil.lon)).m < 1.0
    assert row["provenance"][0]["region"] == "76" and row["provenance"][0]["line"] == 2


def test_changed_record_updates(engine: Engine, tmp_path: Path) -> None:
    load(engine, tmp_path, write(tmp_path, "v1.csv", finess_text(SITES[:3])))
    rows = [structure_row(s) for s in SITES[:3]] + [geo_row(s) for s in SITES[:3]]
    rows[1] = structure_row(SITES[1], rslongue="NEW NAME", datemaj="2024-02-01")
    report = load(engine, tmp_path, write(tmp_path, "v2.csv", write_finess_lines(rows)))
    assert (report.loaded, report.updated, report.unchanged) == (0, 1, 2)
    assert site_row(engine, SITES[1].finess_et)["name"] == "NEW NAME"


def test_consolidation_of_two_regions(engine: Engine, tmp_path: Path) -> None:
    """The same site in two regional files: one row, both provenances, the newer record's values."""
    site = SITES[0]
    older = write_finess_lines([structure_row(site, rslongue="NAME IN REGION A", datemaj="2024-01-10"), geo_row(site)])
    newer = write_finess_lines([structure_row(site, rslongue="NAME IN REGION B", datemaj="2024-03-01"), geo_row(site)])
    same_date = write_finess_lines(
        [structure_row(site, rslongue="NAME IN REGION C", datemaj="2024-03-01"), geo_row(site)]
    )

    load(engine, tmp_path, write(tmp_path, "a.csv", older), region="84")
    report = load(engine, tmp_path, write(tmp_path, "b.csv", newer), region="27")
    assert (report.loaded, report.updated) == (0, 1)
    row = site_row(engine, site.finess_et)
    assert row["name"] == "NAME IN REGION B"
    assert sorted(e["region"] for e in row["provenance"]) == ["27", "84"]

    # Same date from a third region: values stay, provenance grows.
    load(engine, tmp_path, write(tmp_path, "c.csv", same_date), region="11")
    row = site_row(engine, site.finess_et)
    assert row["name"] == "NAME IN REGION B"
    assert sorted(e["region"] for e in row["provenance"]) == ["11", "27", "84"]

    # An older record of region A, reloaded unchanged: nothing moves.
    again = load(engine, tmp_path, write(tmp_path, "a2.csv", older), region="84")
    assert (again.updated, again.unchanged) == (0, 1)
    assert count(engine, "site") == 1


def test_corrupted_file_loads_good_records_and_reports_bad_ones(engine: Engine, tmp_path: Path) -> None:
    good = SITES[:5]
    text = "finess;etalab;95;2024-01-10\n"
    # lines 2-6; the first name has accents in UTF-8, so the file reads as UTF-8
    text += write_finess_lines([structure_row(good[0], rslongue="CENTRE HOSPITALIER FLEYRIAT — BOURG-EN-BRESSE")])
    text += write_finess_lines([structure_row(s) for s in good[1:]])
    text += write_finess_lines([structure_row(SITES[6], categetab="999")])  # line 7: unknown category
    text += "structureet;123;short\n"  # line 8: short row
    text += write_finess_lines([geo_row(s) for s in good[:4]])  # lines 9-12
    text += write_finess_lines([geo_row(good[4], coordxet="12,3,4")])  # line 13
    # line 14: a stray ISO-8859-1 line in the UTF-8 file
    data = text.encode("utf-8") + write_finess_lines([structure_row(SITES[7], rslongue="CRÈCHE")]).encode("latin-1")
    path = tmp_path / "corrupted.csv"
    path.write_bytes(data)

    report = load(engine, tmp_path, path)
    assert report.loaded == 5
    assert count(engine, "site") == 5
    assert report.rejected == 4
    assert report.reject_report is not None
    with open(report.reject_report, encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    by_line = {int(r["line"]): r for r in rows}
    assert sorted(by_line) == [7, 8, 13, 14]
    assert by_line[7]["field"] == "category" and "999" in by_line[7]["reason"]
    assert by_line[13]["field"] == "coordxet"
    assert "stray encoding" in by_line[14]["reason"]
    # The site whose geolocation line was bad is loaded without a location, not lost.
    assert site_row(engine, good[4].finess_et)["geog"] is None


def test_unreadable_file_writes_nothing(engine: Engine, tmp_path: Path) -> None:
    good = write(tmp_path, "good.csv", finess_text(SITES[:3]))
    bad = write(tmp_path, "bad.csv", "id,name\n1,foo\n")
    with pytest.raises(UnreadableFile, match="not a FINESS extract"):
        load(engine, tmp_path, good, bad)
    assert count(engine, "site") == 0


def test_cli_ingest_json(engine: Engine, tmp_path: Path) -> None:
    path = write(tmp_path, "finess.csv", finess_text(SITES[:4]))
    exe = shutil.which("ror-search") or os.path.join(os.path.dirname(sys.executable), "ror-search")
    env = {**os.environ, "ROR_REJECT_DIR": str(tmp_path / "rejects")}
    out = subprocess.run([exe, "ingest", "finess", str(path), "--json"], capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout.strip().splitlines()[-1]) == {
        "read": 4,
        "loaded": 4,
        "updated": 0,
        "unchanged": 0,
        "rejected": 0,
        "reject_report": None,
    }
    bad = write(tmp_path, "bad.csv", "nothing here\n")
    out = subprocess.run([exe, "ingest", "finess", str(bad)], capture_output=True, text=True, env=env)
    assert out.returncode == 2
    assert "not a FINESS extract" in out.stderr and "nothing was loaded" in out.stderr
