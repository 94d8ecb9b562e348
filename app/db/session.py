"""Database engine and sessions for the PostGIS directory."""

from __future__ import annotations

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.orm import Session, sessionmaker

from app.core.config import Settings


def create_db_engine(settings: Settings) -> Engine:
    return create_engine(
        settings.database_url,
        pool_pre_ping=True,
        pool_size=10,
        max_overflow=10,
        connect_args={"connect_timeout": 5},
    )


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def database_versions(engine: Engine) -> dict[str, str]:
    """PostgreSQL and PostGIS versions of the directory database (raises when it does not answer)."""
    with engine.connect() as conn:
        postgres = conn.execute(text("show server_version")).scalar_one()
        postgis = conn.execute(text("select postgis_lib_version()")).scalar_one()
    return {"postgres_version": str(postgres), "postgis_version": str(postgis)}
