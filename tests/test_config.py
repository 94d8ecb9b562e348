"""Settings come from ROR_* variables so that two stacks can live side by side."""

from __future__ import annotations

import pytest

from app.core.config import Settings


def test_settings_read_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROR_OPENSEARCH_URL", "http://127.0.0.1:9999")
    monkeypatch.setenv("ROR_DATABASE_URL", "postgresql+psycopg://u:secret@127.0.0.1:6543/other")
    monkeypatch.setenv("ROR_INDEX", "other-offers")
    monkeypatch.setenv("ROR_API_PORT", "8100")
    s = Settings()
    assert (s.opensearch_url, s.index, s.api_port) == ("http://127.0.0.1:9999", "other-offers", 8100)
    assert s.database_url_masked == "postgresql+psycopg://u:***@127.0.0.1:6543/other"


def test_bad_port_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROR_API_PORT", "70000")
    with pytest.raises(ValueError, match="api_port"):
        Settings()
