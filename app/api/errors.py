"""Error answers: a bad parameter is a 422 naming it and why; a dependency down is a 503; never a 500 for input."""

from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from opensearchpy.exceptions import ConnectionError as OpenSearchConnectionError
from opensearchpy.exceptions import ConnectionTimeout, TransportError
from sqlalchemy.exc import OperationalError

from app.geocode.gazetteer import PlaceNotFound
from app.search.params import ParamError

log = logging.getLogger("ror_search.api")


def param_error(
    param: str, reason: str, suggestions: list[str] | None = None, where: str = "query", status: int = 422
) -> JSONResponse:
    detail: dict[str, object] = {"loc": [where, *param.split(".")], "msg": reason, "type": "value_error"}
    if suggestions:
        detail["suggestions"] = suggestions
    return JSONResponse(status_code=status, content={"detail": [detail]})


def install(app: FastAPI) -> None:
    @app.exception_handler(ParamError)
    async def _param(_: Request, exc: ParamError) -> JSONResponse:
        return param_error(exc.param, exc.reason, exc.suggestions, exc.where, exc.status)

    @app.exception_handler(PlaceNotFound)
    async def _place(_: Request, exc: PlaceNotFound) -> JSONResponse:
        return param_error("near", f"unknown place {exc.text!r}", exc.suggestions)

    @app.exception_handler(OpenSearchConnectionError)
    @app.exception_handler(ConnectionTimeout)
    async def _search_down(_: Request, exc: Exception) -> JSONResponse:
        log.warning("OpenSearch unavailable: %s", exc)
        return JSONResponse(status_code=503, content={"detail": "the search engine (OpenSearch) is unavailable"})

    @app.exception_handler(TransportError)
    async def _search_error(_: Request, exc: TransportError) -> JSONResponse:
        status = exc.status_code if isinstance(exc.status_code, int) else 503
        if status == 404:
            return JSONResponse(status_code=503, content={"detail": "the search index is not built yet"})
        log.error("OpenSearch error %s: %s", status, exc)
        return JSONResponse(status_code=503, content={"detail": f"the search engine answered an error ({status})"})

    @app.exception_handler(OperationalError)
    async def _db_down(_: Request, exc: OperationalError) -> JSONResponse:
        log.warning("database unavailable: %s", exc)
        return JSONResponse(status_code=503, content={"detail": "the directory database (PostGIS) is unavailable"})
