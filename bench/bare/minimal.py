"""A second, harsher baseline: a minimal Starlette + Jinja2 page (a small form, no layout, no
database), with the same gzip middleware, served the same way. Printed for context."""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.routing import Route
from starlette.templating import Jinja2Templates

templates = Jinja2Templates(directory=str(Path(__file__).parent))
OPTIONS = ["Foster carers", "Family or friends", "A children's home", "My mum or dad", "My own"]


async def page(request: Request):
    return templates.TemplateResponse(
        request, "page.html", {"title": "Who do you live with?", "options": OPTIONS}
    )


app = Starlette(
    routes=[Route("/page", page)], middleware=[Middleware(GZipMiddleware, minimum_size=500)]
)
