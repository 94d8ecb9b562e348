"""Create the directory database (with PostGIS) when it does not exist yet, then run migrations."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.core.config import Settings

MIGRATIONS_DIR = Path(__file__).with_name("migrations")


def ensure_database(settings: Settings) -> bool:
    """Create the database named in ``ROR_DATABASE_URL`` if missing. Returns True when it was created."""
    url = make_url(settings.database_url)
    name = url.database
    if not name:
        raise ValueError("ROR_DATABASE_URL names no database")
    maintenance = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with maintenance.connect() as conn:
            exists = conn.execute(text("select 1 from pg_database where datname = :n"), {"n": name}).first()
            if exists is None:
                quoted = conn.dialect.identifier_preparer.quote(name)
                conn.execute(text(f"create database {quoted}"))
                return True
            return False
    finally:
        maintenance.dispose()


def alembic_config(settings: Settings) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.set_main_option("sqlalchemy.url", settings.database_url.replace("%", "%%"))
    return cfg


def upgrade(settings: Settings, revision: str = "head") -> None:
    ensure_database(settings)
    command.upgrade(alembic_config(settings), revision)
