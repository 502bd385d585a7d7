"""The findings tables export: the findings page's numbers as CSV, XLSX or JSON.

The same GET form as the findings page (framework, via, version, by-<question>, dates),
so the page's export links carry what the reader is looking at. Suppression follows the
person, not the page: anyone without answer access (the worker role) gets the tables
protected by the organisation's threshold; a worker, who may read every answer anyway,
gets them unsuppressed.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from voices.findings import disclosure as dc
from voices.findings.exports import tables, writers
from voices.findings.view import build_findings, survey_of
from voices.http import db_session
from voices.i18n import gettext as _
from voices.models import Consultation
from voices.staff.access import Staff, not_found
from voices.staff.consultations.store import consultation_in
from voices.staff.exports.common import download, filename
from voices.staff.findings import forms

# Threshold 1: nothing is "fewer than 1", no group is too small, no difference is hidden.
UNSUPPRESSED = dc.Rule(1)


def rule_for(staff: Staff) -> tuple[dc.Rule, bool]:
    """(rule, suppressed): suppressed for everyone but staff with answer access."""
    if staff.can("worker"):
        return UNSUPPRESSED, False
    return dc.Rule.staff(staff.organisation.disclosure_threshold), True


def _choice(request: Request, consultation: Consultation, survey) -> forms.Choice:
    return forms.choice_for(
        request.query_params, consultation.frameworks, consultation.versions, survey
    )


def export(request: Request, staff: Staff, fmt: str) -> Response:
    rule, suppressed = rule_for(staff)
    with db_session(request) as db:
        consultation = consultation_in(db, staff.organisation.id, request.path_params["cid"])
        if consultation is None:
            return not_found(request, staff.user)
        survey = survey_of(consultation, request.app.state.catalog.get(consultation.survey_id))
        choice = _choice(request, consultation, survey)
        if choice.errors:
            return PlainTextResponse(_("Check the dates on the findings page."), 400)
        found = build_findings(
            db, consultation, choice.filters, rule, choice.framework, choice.via, survey
        )
        sheets = tables.sheets(found, suppressed)
        detail = {
            "rows": sum(len(list(s.rows)) for s in sheets[1:]),
            "suppressed": suppressed,
            "framework": found.framework,
            "filtered": not choice.filters.empty,
        }
        staff.audit(db, f"export.findings.{fmt}", "consultation", consultation.id, detail)
        db.commit()
    name = filename(staff, consultation, "findings", fmt)
    if fmt == "json":
        data = tables.as_json(found, suppressed)
        themes = data.pop("themes")
        return download(writers.json_stream(data, "themes", iter(themes)), name, fmt)
    if fmt == "csv":
        return download(writers.csv_sheets_stream(sheets), name, fmt)
    return download(writers.file_chunks(writers.xlsx_file(sheets)), name, fmt)
