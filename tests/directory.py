"""Helpers for tests that read or reset the directory database."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Engine, text

TABLES = "availability_history, availability_current, capacity, contact, offer, site, legal_entity"


def reset_directory(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(text(f"truncate {TABLES} restart identity cascade"))


def count(engine: Engine, table: str) -> int:
    with engine.connect() as conn:
        return int(conn.execute(text(f"select count(*) from {table}")).scalar_one())


def site_row(engine: Engine, key: str) -> dict[str, Any]:
    with engine.connect() as conn:
        row = (
            conn.execute(
                text("select *, ST_Y(geog::geometry) as lat, ST_X(geog::geometry) as lon from site where key = :k"),
                {"k": key},
            )
            .mappings()
            .one()
        )
    return dict(row)


def pairs(engine: Engine, sql: str, params: dict[str, Any] | None = None) -> dict[Any, Any]:
    """A two-column query as a dict."""
    with engine.connect() as conn:
        return {k: v for k, v in conn.execute(text(sql), params or {}).all()}
