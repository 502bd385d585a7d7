"""Shared web plumbing: the Jinja2 environment, rendering, locale middleware, static files."""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates
from starlette.types import ASGIApp, Receive, Scope, Send

from voices import i18n, paths

# Pages that may hold a child's answers must never be kept by a shared device or proxy.
NO_STORE = {"Cache-Control": "no-store", "Vary": "Cookie, Accept-Language"}
# A phone number written in groups ("0800 1111", "+44 300 123 4567"), in any script's digits.
PHONE = re.compile(r"(?<![\w&#])\+?\d{2,}(?:[ \u00a0]\d{2,})+(?![\w])")
HASHED_NAME = re.compile(r"^(?P<stem>.+)\.(?P<digest>[0-9a-f]{12})(?P<suffix>\.[A-Za-z0-9]+)$")


class VersionedStatic(StaticFiles):
    """Static files under content-hashed names, cached for a year; the app links the hashed name."""

    def __init__(self, directory: Path) -> None:
        super().__init__(directory=directory)
        self.manifest = {
            str(p.relative_to(directory)): _hashed_name(p, directory)
            for p in directory.rglob("*")
            if p.is_file()
        }
        self.reverse = {hashed: plain for plain, hashed in self.manifest.items()}

    def url_path(self, name: str) -> str:
        return "/static/" + self.manifest[name]

    async def get_response(self, path: str, scope: Scope) -> Response:
        plain = self.reverse.get(path)
        response = await super().get_response(plain or path, scope)
        if plain and response.status_code == 200:
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        else:
            response.headers.setdefault("Cache-Control", "public, max-age=300")
        return response


def _hashed_name(path: Path, root: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    relative = path.relative_to(root)
    return str(relative.with_name(f"{relative.stem}.{digest}{relative.suffix}"))


def make_templates(static: VersionedStatic, reload: bool = False) -> Jinja2Templates:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(paths.TEMPLATES),
        auto_reload=reload,  # checking every template file's date on each render costs time
        autoescape=jinja2.select_autoescape(["html"]),
        extensions=["jinja2.ext.i18n"],
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True, pgettext=i18n.pgettext, npgettext=i18n.npgettext
    )
    env.filters["phones"] = phones
    env.globals.update(
        static_url=static.url_path, pick=i18n.pick, lang_of=lang_of, url_for=url_path_for
    )
    return Jinja2Templates(env=env)


@jinja2.pass_context
def url_path_for(context: Mapping[str, Any], name: str, /, **params: Any) -> str:
    """Links are paths, not absolute URLs: correct behind any proxy or host name."""
    return path_for(context["request"], name, **params)


def path_for(request: Request, name: str, /, **params: Any) -> str:
    """A route's path under the app's mount point; cheaper than building a whole URL."""
    key = tuple(sorted(params.items()))
    return request.scope.get("root_path", "") + _route_path(request.app, name, key)


@functools.lru_cache(maxsize=4096)
def _route_path(app: Any, name: str, params: tuple[tuple[str, Any], ...]) -> str:
    # Starlette tries every route in turn; a page asks for the same few paths again and again.
    return str(app.url_path_for(name, **dict(params)))


def phones(text: Any) -> Markup:
    """Text (escaped unless already markup) with each phone number isolated left to right.

    On a right-to-left page the groups of "0800 1111" are laid out right to left and read
    "1111 0800"; inside <bdi dir="ltr"> they keep their order and stay on one line.
    """
    safe = str(escape(text))
    tagged = PHONE.sub(lambda m: f'<bdi dir="ltr" class="phone">{m.group(0)}</bdi>', safe)
    return Markup(tagged)  # nosec B704  # escaped above; only digits and spaces are wrapped


def lang_of(text: Mapping[str, str] | None) -> Markup:
    """A lang attribute when survey text falls back to another language than the page's."""
    locale = i18n.current_locale()
    shown = i18n.text_locale(text, locale)
    page = "en" if locale == i18n.PSEUDO_LOCALE else locale
    attribute = f' lang="{shown}"' if shown != page else ""
    return Markup(attribute)  # nosec B704  # shown is one of the app's locale codes, never typed


def render(
    request: Request,
    template: str,
    context: dict[str, Any] | None = None,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> HTMLResponse:
    locale = i18n.current_locale()
    base = {
        "locale": locale,
        "html_lang": "en" if locale == i18n.PSEUDO_LOCALE else locale,
        "text_direction": i18n.direction(locale),
        "error": None,
    }
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(
        request,
        template,
        {**base, **(context or {})},
        status_code=status_code,
        headers={**NO_STORE, **(headers or {})},
    )


class LocaleMiddleware:
    """Chooses the request's language and remembers an explicit ?lang= choice in a cookie."""

    def __init__(self, app: ASGIApp, secure_cookies: bool = False) -> None:
        self.app = app
        self.secure = secure_cookies

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        asked = request.query_params.get("lang")
        locale = i18n.negotiate(
            asked, request.cookies.get(i18n.COOKIE), request.headers.get("accept-language")
        )
        i18n.set_locale(locale)
        remember = asked is not None and i18n.is_known(asked)

        async def send_with_cookie(message: dict) -> None:
            if remember and message["type"] == "http.response.start":
                cookie = f"{i18n.COOKIE}={locale}; Path=/; Max-Age=31536000; SameSite=Lax"
                cookie += "; Secure" if self.secure else ""
                message.setdefault("headers", []).append((b"set-cookie", cookie.encode()))
            await send(message)

        await self.app(scope, receive, send_with_cookie)
