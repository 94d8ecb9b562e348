"""A small directory for tests: the real sample hospital sites (FINESS) and ROR FHIR offers on some of them."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine

from app.core.config import Settings
from indexer import lifecycle
from indexer.demo import fhir_builders as fb
from indexer.ingest import IngestReport
from indexer.run import READERS, run_ingest
from indexer.search_client import create_sync_client
from tests.directory import reset_directory
from tests.finess_fixture import finess_text
from tests.sites import load_sample_sites

UPDATED = "2026-11-20T10:00:00+01:00"


def offer_resources() -> list[dict[str, object]]:
    """Offers on two real sites (by FINESS ET): an ICU with a scanner at Rangueil, rheumatology at Lyon Sud,
    and an EHPAD-like accommodation offer (synthetic prices) at Bourg-en-Bresse."""
    return [
        fb.site(
            "eg-rangueil",
            "HOPITAL DE RANGUEIL CHU TOULOUSE",
            UPDATED,
            "76",
            False,
            "101",
            finess="310783055",
            lat=43.55862,
            lon=1.45377,
            postal_code="31059",
            city="TOULOUSE",
        ),
        fb.location(
            "loc-rea",
            UPDATED,
            "76",
            False,
            43.55862,
            1.45377,
            "31555",
            capacities=[fb.CapacityFigure("01", "01", 24, UPDATED), fb.CapacityFigure("01", "02", 2, UPDATED)],
            equipment=["231"],
        ),
        fb.healthcare_service(
            "hs-rea",
            "Réanimation polyvalente",
            UPDATED,
            "76",
            False,
            "eg-rangueil",
            "loc-rea",
            "01",
            activities=["127"],
            care_modes=["28"],
            age_min=18,
            age_max=120,
            telecoms=[fb.Telecom("05 61 32 00 01", confidentiality="2")],
        ),
        fb.site(
            "eg-lyonsud",
            "HOPITAL LYON SUD",
            UPDATED,
            "84",
            False,
            "101",
            finess="690784137",
            lat=45.700182,
            lon=4.809948,
        ),
        fb.healthcare_service(
            "hs-rhumato",
            "Consultation de rhumatologie",
            UPDATED,
            "84",
            False,
            "eg-lyonsud",
            None,
            "01",
            activities=["131"],
            care_modes=["32"],
            telecoms=[fb.Telecom("04 78 86 00 00")],
        ),
        fb.site(
            "eg-bourg",
            "CENTRE HOSPITALIER DE BOURG-EN-BRESSE",
            UPDATED,
            "84",
            True,
            "355",
            finess="010000024",
            lat=46.2222,
            lon=5.20879,
            social_aid=True,
            prices=[fb.Price(62.0, "2", "Tarif journalier", price_type="02", welcome_type="02")],
        ),
        fb.healthcare_service(
            "hs-hp",
            "Hébergement permanent",
            UPDATED,
            "84",
            True,
            "eg-bourg",
            None,
            "04",
            activities=["050"],
            care_modes=["46"],
            stay=["02"],
            age_min=60,
            age_max=120,
        ),
    ]


def icu_resources(per_site: int = 2) -> list[dict[str, object]]:
    """ICU offers (installed beds, no figure yet) on every real sample site: for availability tests."""
    out: list[dict[str, object]] = []
    for site in load_sample_sites():
        out.append(
            fb.site(
                f"eg-{site.finess_et}",
                site.name,
                UPDATED,
                None,
                False,
                "355",
                finess=site.finess_et,
                lat=site.lat,
                lon=site.lon,
                postal_code=site.postal_code,
            )
        )
        for i in range(per_site):
            out.append(
                fb.location(
                    f"loc-icu-{site.finess_et}-{i}",
                    UPDATED,
                    None,
                    True,
                    site.lat,
                    site.lon,
                    None,
                    capacities=[fb.CapacityFigure("01", "01", 10, UPDATED)],
                    equipment=["231"],
                )
            )
            out.append(
                fb.healthcare_service(
                    f"icu-{site.finess_et}-{i}",
                    f"Réanimation {i}",
                    UPDATED,
                    None,
                    True,
                    f"eg-{site.finess_et}",
                    f"loc-icu-{site.finess_et}-{i}",
                    "01",
                    activities=["127"],
                    care_modes=["28"],
                )
            )
    return out


def load_fixture_directory(
    engine: Engine, tmp_path: Path, with_icus: bool = False
) -> tuple[IngestReport, IngestReport]:
    reset_directory(engine)
    finess_path = tmp_path / "finess.csv"
    finess_path.write_text(finess_text(load_sample_sites()), encoding="utf-8")
    fhir_path = tmp_path / "offers.ndjson"
    resources = offer_resources() + (icu_resources() if with_icus else [])
    fhir_path.write_text("\n".join(json.dumps(r) for r in resources) + "\n", encoding="utf-8")
    reports = []
    for source, path in (("finess", finess_path), ("fhir", fhir_path)):
        reader, sniff = READERS[source]
        reports.append(run_ingest(engine, source, [path], reader, sniff, None, tmp_path / "rejects", progress=False))
    return reports[0], reports[1]


def rebuild_fresh(engine: Engine, settings: Settings) -> lifecycle.IndexRun:
    """Delete the alias's earlier indices (a test starts from nothing), then rebuild it from the directory."""
    client = create_sync_client(settings)
    try:
        for name in lifecycle.versioned_indices(client, settings.index):
            client.indices.delete(index=name)
        return lifecycle.rebuild(engine, client, settings)
    finally:
        client.close()
