"""Findings pages for viewers, workers and admins: the findings, the rounds, the board report.

Handlers stay thin: forms.py reads the GET form, voices.findings.view builds the protected
numbers, display.py turns them into charts and rows. Nothing here reads a child's answer:
the only words shown are approved, redacted quotes (voices.review.quotes.approved_quotes).
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from voices.findings import disclosure as dc
from voices.findings.queries import SENTIMENTS, round_chain
from voices.findings.view import build_findings, survey_of
from voices.findings.walk import frameworks
from voices.http import db_session, render
from voices.models import Consultation, utcnow
from voices.staff.access import Staff, not_found, staff_page
from voices.staff.consultations import store as consultations
from voices.staff.findings import display, forms

ROLES = ("viewer", "worker", "admin")


def findings_url(staff: Staff, consultation: Consultation) -> str:
    return f"/staff/o/{staff.organisation.slug}/consultations/{consultation.id}/findings"


def _choice(request: Request, consultation: Consultation, survey) -> forms.Choice:
    return forms.choice_for(
        request.query_params, consultation.frameworks, consultation.versions, survey
    )


def _context(request: Request, staff: Staff, db, consultation: Consultation) -> dict:
    survey = survey_of(consultation, request.app.state.catalog.get(consultation.survey_id))
    choice = _choice(request, consultation, survey)
    rule = dc.Rule.staff(staff.organisation.disclosure_threshold)
    found = build_findings(
        db, consultation, choice.filters, rule, choice.framework, choice.via, survey
    )
    return {
        "staff": staff,
        "user": staff.user,
        "c": consultation,
        "f": found,
        "choice": choice,
        "errors": choice.errors,
        "form": display.form_options(consultation, survey, frameworks()),
        "shown": display.Show(rule.threshold),
        "overview": display.overview_chart(found),
        "url": findings_url(staff, consultation),
        "consultation_url": f"/staff/o/{staff.organisation.slug}/consultations/{consultation.id}",
        "today": utcnow().date(),
        "question_chart": display.question_chart,
        "question_summary": display.question_summary,
        "overview_summary": display.overview_summary,
        "sentiments": SENTIMENTS,
        "sentiment_words": display.sentiment_words(),
    }


def _found(request: Request, staff: Staff, db) -> Consultation | None:
    return consultations.consultation_in(db, staff.organisation.id, request.path_params["cid"])


@staff_page(*ROLES)
def findings_page(request: Request, staff: Staff) -> Response:
    with db_session(request) as db:
        consultation = _found(request, staff, db)
        if consultation is None:
            return not_found(request, staff.user)
        context = _context(request, staff, db, consultation)
    status = 400 if context["errors"] else 200
    return render(request, "findings/page.html", context, status)


@staff_page(*ROLES)
def report_page(request: Request, staff: Staff) -> Response:
    """The board report: the same findings as a document to print (the council's name, date)."""
    with db_session(request) as db:
        consultation = _found(request, staff, db)
        if consultation is None:
            return not_found(request, staff.user)
        context = _context(request, staff, db, consultation)
        detail = {
            "framework": context["choice"].framework,
            "filtered": not context["f"].filters.empty,
        }
        staff.audit(db, "findings.report", "consultation", consultation.id, detail)
        db.commit()
    return render(request, "findings/report.html", context)


@staff_page(*ROLES)
def rounds_page(request: Request, staff: Staff) -> Response:
    """Each round of the same survey (previous_round_id), oldest first, theme by theme."""
    with db_session(request) as db:
        consultation = _found(request, staff, db)
        if consultation is None:
            return not_found(request, staff.user)
        context = _context(request, staff, db, consultation)
        choice, rule = context["choice"], context["f"].rule
        survey = survey_of(consultation, request.app.state.catalog.get(consultation.survey_id))
        # The page's own round is built already (context["f"]); build only the others.
        rounds = [
            context["f"]
            if r.id == consultation.id
            else build_findings(db, r, choice.filters, rule, choice.framework, choice.via, survey)
            for r in round_chain(db, consultation.id, staff.organisation.id)
        ]
    context["rounds"] = rounds
    context["rows"] = display.round_rows(rounds)
    return render(request, "findings/rounds.html", context)
