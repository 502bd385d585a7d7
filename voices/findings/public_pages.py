"""The public results page's route: /results/{code}, no sign-in, in the survey's languages
and age versions. Thin: find the consultation, build the protected results, render."""

from __future__ import annotations

from typing import Any

from babel.dates import format_date
from sqlmodel import Session, select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from voices import codes, i18n
from voices.definitions.model import Survey
from voices.findings import public
from voices.findings.public_words import is_young, status_words
from voices.http import db_session, redirect
from voices.models import Consultation, LiveSession, Organisation
from voices.staff.consultations.poster import qr_svg
from voices.web import render


async def results_page(request: Request) -> Response:
    return await run_in_threadpool(_page, request)


def _find(db: Session, code: str) -> tuple[Consultation, Organisation] | None:
    """The consultation with this join code (a live session's code leads to its consultation)."""
    consultation = db.exec(select(Consultation).where(Consultation.join_code == code)).first()
    if consultation is None:
        live = db.exec(select(LiveSession).where(LiveSession.join_code == code)).first()
        consultation = db.get(Consultation, live.consultation_id) if live else None
    organisation = db.get(Organisation, consultation.organisation_id) if consultation else None
    return (consultation, organisation) if consultation and organisation else None


def _page(request: Request) -> Response:
    typed = request.path_params["code"]
    code = codes.normalise_join_code(typed)
    with db_session(request) as db:
        found = _find(db, code) if code else None
        if found is None:
            return render(request, "findings/public_not_found.html", {}, 404)
        consultation, organisation = found
        if typed != consultation.join_code:  # lower case, spaces, a session's code
            query = f"?{request.url.query}" if request.url.query else ""
            return redirect(f"/results/{consultation.join_code}{query}")
        survey = request.app.state.catalog.get(consultation.survey_id)
        version = _version(request, consultation, survey)
        results = public.build(db, consultation, survey, i18n.current_locale(), version)
    return render(
        request,
        "findings/public.html",
        _context(request, consultation, organisation, survey, version, results),
    )


def _versions(consultation: Consultation, survey: Survey | None) -> list:
    offered = survey.versions if survey else ()
    return [v for v in offered if not consultation.versions or v.id in consultation.versions]


def _version(request: Request, consultation: Consultation, survey: Survey | None) -> str:
    asked = request.query_params.get("version", "")
    return asked if asked in {v.id for v in _versions(consultation, survey)} else ""


def _languages(consultation: Consultation, survey: Survey | None) -> list[tuple[str, str]]:
    offered = list(survey.locales) if survey else [i18n.DEFAULT_LOCALE]
    wanted = consultation.locales or offered
    return [(c, i18n.NATIVE_NAMES[c]) for c in i18n.LOCALES if c in wanted and c in offered]


def _date(when: Any) -> str:
    locale = i18n.current_locale()
    return format_date(when, "long", locale="en" if locale == i18n.PSEUDO_LOCALE else locale)


def _context(
    request: Request,
    consultation: Consultation,
    organisation: Organisation,
    survey: Survey | None,
    version: str,
    results: public.PublicResults,
) -> dict[str, Any]:
    link = f"{request.app.state.settings.base_url}/results/{consultation.join_code}"
    simple = is_young(version)
    # No survey (uninstalled since): the page still shows its actions, without survey words.
    return ({"survey": survey} if survey else {}) | {
        "consultation": consultation,
        "organisation": organisation,
        "results": results,
        "rule": public.PUBLIC_RULE,
        "simple": simple,
        "version": version,
        "versions": _versions(consultation, survey),
        "languages": _languages(consultation, survey),
        "status_words": lambda status: status_words(status, simple),
        "long_date": _date,
        "link": link,
        "qr": qr_svg(link, title=i18n.gettext("QR code for this page")),
    }


routes = [Route("/results/{code}", results_page, name="results")]
