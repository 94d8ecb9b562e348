"""Opaque paging cursors: the sort values of the last hit, the radius and the rotation seed, bound to the query."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from typing import Any

import orjson

from app.search.params import ParamError

VERSION = 1


@dataclass(frozen=True)
class Cursor:
    after: list[Any]
    seed: int
    radius_km: float | None
    query_key: str


def query_key(parts: dict[str, Any]) -> str:
    """A short hash of the parameters a cursor belongs to (all but the cursor itself)."""
    return hashlib.sha256(orjson.dumps(parts, option=orjson.OPT_SORT_KEYS)).hexdigest()[:16]


def encode(cursor: Cursor) -> str:
    raw = orjson.dumps(
        {"v": VERSION, "a": cursor.after, "s": cursor.seed, "r": cursor.radius_km, "k": cursor.query_key}
    )
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(text: str, expected_key: str) -> Cursor:
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        data = orjson.loads(raw)
        cursor = Cursor(after=list(data["a"]), seed=int(data["s"]), radius_km=data["r"], query_key=str(data["k"]))
        if data["v"] != VERSION or not cursor.after:
            raise ValueError
    except (binascii.Error, ValueError, KeyError, TypeError, orjson.JSONDecodeError):
        raise ParamError("cursor", "malformed cursor: pass next_cursor from a previous response unchanged") from None
    if cursor.query_key != expected_key:
        raise ParamError("cursor", "this cursor belongs to another query: keep every other parameter unchanged")
    return cursor
