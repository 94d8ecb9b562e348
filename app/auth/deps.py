"""Who is calling: anonymous without a key, else the key's role. Unknown or revoked key → 401."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Depends, HTTPException, Request

from app.auth.keys import cached, lookup
from app.search.service import Caller


async def get_caller(request: Request) -> Caller:
    header = request.headers.get("authorization")
    if not header:
        return Caller()
    scheme, _, key = header.partition(" ")
    if scheme.lower() != "bearer" or not key.strip():
        raise HTTPException(401, "Authorization must be 'Bearer <API key>'", headers={"WWW-Authenticate": "Bearer"})
    found, record = cached(key.strip())
    if not found:
        record = await asyncio.to_thread(lookup, request.app.state.engine, key.strip())
    if record is None or record.revoked:
        raise HTTPException(401, "unknown or revoked API key", headers={"WWW-Authenticate": "Bearer"})
    return Caller(role=record.role, sites=record.sites, key_id=record.id)


def require(*roles: str) -> Callable[[Caller], Awaitable[Caller]]:
    """A dependency that lets only ``roles`` through (403 for other known keys, 401 for none)."""

    async def check(caller: Annotated[Caller, Depends(get_caller)]) -> Caller:
        if caller.role == "anonymous":
            raise HTTPException(401, "this endpoint needs an API key", headers={"WWW-Authenticate": "Bearer"})
        if caller.role not in roles:
            raise HTTPException(403, f"this endpoint needs one of the roles: {', '.join(roles)}")
        return caller

    return check


CallerDep = Annotated[Caller, Depends(get_caller)]
