"""The baseline for the request-rate figure: the same question page, rendered by bare
Starlette + Jinja2 from Voices' own template with a fixed context, behind the same gzip
middleware, served the same way. No database, no cookies, no security or locale middleware:
the ratio shows what Voices' own work for a question page costs on top of the page itself."""

from __future__ import annotations

from types import SimpleNamespace

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.routing import Route

from voices import paths
from voices.definitions import load_catalog
from voices.web import VersionedStatic, make_templates

templates = make_templates(VersionedStatic(paths.STATIC))
survey = load_catalog().get("my-life-in-care")
question = survey.question("where-live")
consultation = SimpleNamespace(join_code="MYCARE", title=survey.title["en"])
options = [(o.id, o.text["en"], "") for o in question.options] + [
    ("other", question.other["en"], "")
]
CONTEXT = {
    "locale": "en",
    "html_lang": "en",
    "text_direction": "ltr",
    "consultation": consultation,
    "organisation": SimpleNamespace(name="Demo Council"),
    "survey": survey,
    "q": question,
    "text": question.text,
    "position": 2,
    "total": 15,
    "back_url": "/c/MYCARE/q/about",
    "return_to": "",
    "options": options,
    "chosen": "",
    "chosen_set": set(),
    "other_text": "",
    "typed": "",
    "scale_labels": [],
    "error": None,
    "error_target": "answer",
}


async def page(request: Request):
    return templates.TemplateResponse(request, "respond/question.html", CONTEXT)


async def save(request: Request):  # only so url_for('save') resolves as it does in Voices
    return templates.TemplateResponse(request, "respond/question.html", CONTEXT)


app = Starlette(
    routes=[Route("/page", page), Route("/c/{code}/save", save, name="save")],
    middleware=[Middleware(GZipMiddleware, minimum_size=500)],
)
