"""API keys: creation (shown once), SHA-256 storage, lookup with a short cache, revocation.

Keys are 32 random bytes (base64url), prefixed ``ror_``: high-entropy secrets, so a plain SHA-256
is enough (no password-stretching needed) and lookups stay one indexed query.
"""

from __future__ import annotations

import hashlib
import secrets
import time
from dataclasses import dataclass

from sqlalchemy import Engine, text

ROLES = ("professional", "referent", "admin")
CACHE_SECONDS = 5.0


@dataclass(frozen=True)
class KeyRecord:
    id: int
    role: str
    sites: tuple[str, ...]
    name: str | None
    revoked: bool


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def create_key(engine: Engine, role: str, sites: list[str], name: str | None) -> tuple[str, KeyRecord]:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if role == "referent" and not sites:
        raise ValueError("a referent key needs at least one site (--site FINESS)")
    key = "ror_" + secrets.token_urlsafe(32)
    with engine.begin() as conn:
        key_id = conn.execute(
            text("insert into api_key (name, role, sites, key_hash, prefix) values (:n, :r, :s, :h, :p) returning id"),
            {"n": name, "r": role, "s": sites, "h": hash_key(key), "p": key[:12]},
        ).scalar_one()
    return key, KeyRecord(int(key_id), role, tuple(sites), name, False)


def revoke_key(engine: Engine, key_or_id: str) -> int:
    """Revoke by key id or by the key itself; returns how many keys were revoked."""
    with engine.begin() as conn:
        if key_or_id.isdigit():
            result = conn.execute(
                text("update api_key set revoked_at = now() where id = :i and revoked_at is null"),
                {"i": int(key_or_id)},
            )
        else:
            result = conn.execute(
                text("update api_key set revoked_at = now() where key_hash = :h and revoked_at is null"),
                {"h": hash_key(key_or_id)},
            )
    _cache.clear()
    return int(result.rowcount)


def list_keys(engine: Engine) -> list[dict[str, object]]:
    with engine.connect() as conn:
        rows = conn.execute(
            text("select id, name, role, sites, prefix, created_at, revoked_at from api_key order by id")
        ).mappings()
        return [dict(r) for r in rows]


_cache: dict[str, tuple[float, KeyRecord | None]] = {}


def cached(key: str) -> tuple[bool, KeyRecord | None]:
    """(found, record) from the cache only — no database access, so callable from the event loop."""
    hit = _cache.get(hash_key(key))
    if hit and time.monotonic() - hit[0] < CACHE_SECONDS:
        return True, hit[1]
    return False, None


def lookup(engine: Engine, key: str) -> KeyRecord | None:
    """The key's record (None if unknown); cached for a few seconds, so a revocation applies within them."""
    found, record = cached(key)
    if found:
        return record
    digest = hash_key(key)
    now = time.monotonic()
    with engine.connect() as conn:
        row = (
            conn.execute(
                text(
                    "select id, role, sites, name, revoked_at is not null as revoked from api_key where key_hash = :h"
                ),
                {"h": digest},
            )
            .mappings()
            .first()
        )
    record = KeyRecord(row["id"], row["role"], tuple(row["sites"]), row["name"], row["revoked"]) if row else None
    if len(_cache) > 10_000:
        _cache.clear()
    _cache[digest] = (now, record)
    return record
