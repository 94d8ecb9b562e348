"""The `ror-search` command line, run as a user would, against the real services."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.core.config import Settings
from app.db.bootstrap import alembic_config

HEAD = ScriptDirectory.from_config(alembic_config(Settings())).get_current_head()
EXE = shutil.which("ror-search") or os.path.join(os.path.dirname(sys.executable), "ror-search")


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([EXE, *args], capture_output=True, text=True, timeout=120, env={**os.environ, **(env or {})})


def test_status_json_reports_versions_and_masks_the_password(settings: Settings) -> None:
    result = run_cli("status", "--json")
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout.strip().splitlines()[-1])
    assert status["opensearch"]["url"] == settings.opensearch_url
    assert status["opensearch"]["version"].startswith("2.19.")
    assert status["database"]["postgis_version"].startswith("3.")
    assert status["index"]["alias"] == settings.index
    assert isinstance(status["index"]["documents"], int)
    password = make_url(settings.database_url).password
    assert password
    assert f":{password}@" not in status["database"]["url"]
    assert status["database"]["url"] == settings.database_url_masked
    assert ":***@" in status["database"]["url"]


def test_status_exits_non_zero_when_opensearch_is_down(closed_port: int) -> None:
    result = run_cli("status", "--json", env={"ROR_OPENSEARCH_URL": f"http://127.0.0.1:{closed_port}"})
    assert result.returncode == 1
    status = json.loads(result.stdout)
    assert "error" in status["opensearch"]
    assert status["database"]["postgis_version"].startswith("3.")


@pytest.fixture
def fresh_database_url(settings: Settings) -> Iterator[str]:
    """A database name that does not exist yet; dropped after the test."""
    url = make_url(settings.database_url).set(database=f"ror_cli_{uuid.uuid4().hex[:10]}")
    yield url.render_as_string(hide_password=False)
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'drop database if exists "{url.database}" with (force)'))
    admin.dispose()


def test_db_upgrade_creates_a_missing_database_with_postgis(fresh_database_url: str) -> None:
    result = run_cli("db", "upgrade", env={"ROR_DATABASE_URL": fresh_database_url})
    assert result.returncode == 0, result.stderr
    engine = create_engine(fresh_database_url)
    with engine.connect() as conn:
        assert conn.execute(text("select postgis_lib_version()")).scalar_one().startswith("3.")
        assert conn.execute(text("select version_num from alembic_version")).scalar_one() == HEAD
    engine.dispose()
    again = run_cli("db", "upgrade", env={"ROR_DATABASE_URL": fresh_database_url})
    assert again.returncode == 0, again.stderr
