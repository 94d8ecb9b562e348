"""docker-compose.yml cannot run here (no Docker engine): check that it agrees with the settings."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from app.core.config import Settings

ROOT = Path(__file__).resolve().parents[1]


def load_compose() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    return data


def test_services_and_images() -> None:
    services = load_compose()["services"]
    assert {"opensearch", "postgis", "api", "indexer"} <= set(services)
    assert services["opensearch"]["image"].startswith("opensearchproject/opensearch:2.19.")
    assert services["postgis"]["image"].startswith("postgis/postgis:15-3.")
    for name in ("opensearch", "postgis", "api"):
        assert "healthcheck" in services[name], name


def test_environment_names_are_settings() -> None:
    fields = {f"ROR_{name.upper()}" for name in Settings.model_fields}
    for name in ("api", "indexer"):
        env = load_compose()["services"][name]["environment"]
        ror_names = {key for key in env if key.startswith("ROR_")}
        assert {"ROR_OPENSEARCH_URL", "ROR_DATABASE_URL", "ROR_INDEX"} <= ror_names, name
        assert ror_names <= fields, f"{name}: unknown settings {ror_names - fields}"


def test_urls_and_ports_agree() -> None:
    services = load_compose()["services"]
    env = services["api"]["environment"]
    defaults = Settings.model_construct()
    assert env["ROR_OPENSEARCH_URL"] == "http://opensearch:9200"
    assert env["ROR_DATABASE_URL"].startswith("postgresql+psycopg://")
    assert "@postgis:5432/" in env["ROR_DATABASE_URL"]
    assert env["ROR_INDEX"] == Settings.model_fields["index"].default
    assert f"{defaults.api_port}:{env['ROR_API_PORT']}" in services["api"]["ports"][0]
    assert services["opensearch"]["ports"][0].endswith(":9200:9200")
    # Host port of PostGIS is the one the scripts use by default (5433).
    assert ":5433:5432" in services["postgis"]["ports"][0]


def test_the_image_carries_what_the_api_reads_at_run_time() -> None:
    copied = {
        line.split()[1]
        for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines()
        if line.startswith("COPY ")
    }
    # Packages, the index mapping, and the data the API loads (gazetteer, departments, nomenclatures).
    assert {"app", "indexer", "nomenclatures", "mappings", "data"} <= copied
