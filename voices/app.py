"""Builds the Starlette app from settings: routes, middleware, templates, lifespan. No logic."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from sqlalchemy.engine import Engine
from sqlmodel import Session
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.routing import BaseRoute, Mount, Route
from starlette.types import ASGIApp

from voices import db, paths
from voices.alerts import mailer, screening
from voices.definitions import load_catalog
from voices.errors import exception_handlers
from voices.findings.public_pages import routes as results_routes
from voices.guard import RequestGuard, csrf_field
from voices.health import healthz
from voices.limits import RateLimited, too_many
from voices.requestlog import RequestLogMiddleware
from voices.respond.directory import ConsultationDirectory
from voices.respond.routes import routes as respond_routes
from voices.review import coding
from voices.security import SecurityMiddleware
from voices.settings import Settings
from voices.staff.routes import routes as staff_routes
from voices.web import LocaleMiddleware, VersionedStatic, make_templates


class VoicesApp(Starlette):
    """Starlette with the security headers wrapped around everything, error pages included."""

    def build_middleware_stack(self) -> ASGIApp:
        settings: Settings = self.state.settings
        hsts = settings.base_url.startswith("https://")
        return SecurityMiddleware(super().build_middleware_stack(), hsts=hsts)


def create_app(
    settings: Settings | None = None,
    engine: Engine | None = None,
    session_factory: Callable[[], Session] | None = None,
) -> Starlette:
    """The app. Refuses to build (raises SourceError) when a survey definition is invalid."""
    settings = settings or Settings.from_env()
    catalog = load_catalog(settings.surveys_dir)
    owns_engine = engine is None
    engine = engine or db.make_engine(settings.database_url)
    static = VersionedStatic(paths.STATIC)
    app = VoicesApp(
        debug=settings.debug,
        routes=_routes(static),
        middleware=_middleware(settings),
        exception_handlers={**exception_handlers(), RateLimited: too_many},
        lifespan=_lifespan(settings, engine, owns_engine),
    )
    app.state.settings = settings
    app.state.catalog = catalog
    app.state.engine = engine
    app.state.session_factory = session_factory or (lambda: Session(engine, expire_on_commit=False))
    app.state.templates = make_templates(static, reload=settings.debug)
    app.state.templates.env.globals["csrf_field"] = csrf_field
    app.state.consultations = ConsultationDirectory(ttl=settings.consultation_cache_seconds)
    return app


def _routes(static: VersionedStatic) -> list[BaseRoute]:
    return [
        *respond_routes,
        *results_routes,
        *staff_routes,
        Route("/healthz", healthz, name="healthz"),
        Mount("/static", app=static, name="static"),
    ]


def _middleware(settings: Settings) -> list[Middleware]:
    return [
        Middleware(RequestLogMiddleware),
        Middleware(GZipMiddleware, minimum_size=500),
        Middleware(LocaleMiddleware, secure_cookies=settings.https),
        # Inside the locale, so its refusal pages are in the child's language.
        Middleware(RequestGuard, secret=settings.secret_key, secure_cookie=settings.https),
    ]


def _lifespan(
    settings: Settings, engine: Engine, owns_engine: bool
) -> Callable[[Starlette], AbstractAsyncContextManager[None]]:
    """Warm the screen and coders, run the mailer; on shutdown, stop what the app started."""

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        screening.warm()  # the safeguarding screen's lexicon and model, before any answer
        coding.warm()  # every shipped framework's coder, before the first submission
        mailer_task = mailer.start_background(settings, engine)  # only when SMTP is set
        # Everything built so far lives as long as the app: keep it out of the garbage
        # collector's way, so its full collections stay short while children answer.
        gc.collect()
        gc.freeze()
        yield
        if mailer_task is not None:
            await mailer_task.stop()
        if owns_engine:
            engine.dispose()

    return lifespan
