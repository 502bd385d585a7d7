"""GET /healthz: is the app up, and can it reach its database?"""

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from starlette.requests import Request
from starlette.responses import JSONResponse


def healthz(request: Request) -> JSONResponse:
    try:
        with request.app.state.session_factory() as session:
            session.exec(text("SELECT 1"))
    except SQLAlchemyError:
        return JSONResponse({"status": "error", "database": "unreachable"}, status_code=503)
    return JSONResponse({"status": "ok", "database": "ok"}, headers={"Cache-Control": "no-store"})
