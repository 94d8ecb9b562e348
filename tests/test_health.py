"""/healthz and /readyz against the real services, and with one of them pointed at a closed port."""

from __future__ import annotations

from fastapi.testclient import TestClient

from app.core.config import Settings
from app.main import create_app


def test_healthz(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_when_both_are_up(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        response = client.get("/readyz")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["status"] == "ready"
    assert body["opensearch"]["distribution"] == "opensearch"
    assert body["opensearch"]["version"].startswith("2.19.")
    assert body["database"]["postgis_version"].startswith("3.")
    assert "***" in body["database"]["url"] or "@" not in body["database"]["url"]


def test_readyz_names_opensearch_when_it_is_down(settings: Settings, closed_port: int) -> None:
    broken = settings.model_copy(update={"opensearch_url": f"http://127.0.0.1:{closed_port}"})
    with TestClient(create_app(broken)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert list(body["down"]) == ["opensearch"]
    assert body["database"]["postgis_version"].startswith("3.")


def test_readyz_names_the_database_when_it_is_down(settings: Settings, closed_port: int) -> None:
    broken = settings.model_copy(update={"database_url": f"postgresql+psycopg://ror:ror@127.0.0.1:{closed_port}/ror"})
    with TestClient(create_app(broken)) as client:
        response = client.get("/readyz")
    assert response.status_code == 503
    assert list(response.json()["down"]) == ["database"]


def test_openapi_is_served(settings: Settings) -> None:
    with TestClient(create_app(settings)) as client:
        assert client.get("/docs").status_code == 200
        paths = client.get("/openapi.json").json()["paths"]
    assert {"/healthz", "/readyz"} <= set(paths)
