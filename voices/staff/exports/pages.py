"""Export handlers: the answers (worker role: one row per answer) and the findings tables
(viewer, worker or admin; suppressed for anyone without answer access).

Every export is audited before its first byte is sent ("export.answers.csv" and so on,
with the row count and whether suppression applied), never with any of the words.
CSV and JSON stream from batched queries; XLSX is written row by row into a temporary
file that is streamed and then deleted.
"""

from __future__ import annotations

from collections.abc import Iterator

from starlette.requests import Request
from starlette.responses import Response

from voices.definitions.model import Survey
from voices.findings.exports import writers
from voices.findings.exports.answers import ExportRow, header, theme_columns
from voices.findings.exports.source import answer_rows, count_rows
from voices.http import db_session
from voices.i18n import current_locale, set_locale
from voices.staff.access import Staff, not_found, staff_page
from voices.staff.consultations.store import consultation_in
from voices.staff.exports import findings
from voices.staff.exports.common import download, filename
from voices.staff.review.view import allowed_themes


def _rows(
    request: Request, consultation_id: int, survey: Survey | None, locale: str
) -> Iterator[ExportRow]:
    """The answers' rows, read in a session of the stream's own (the request's has ended)."""
    set_locale(locale)  # option labels in the language of the person exporting
    secret = request.app.state.settings.secret_key
    with db_session(request) as db:
        yield from answer_rows(db, consultation_id, survey, secret)


def _answers(request: Request, staff: Staff, fmt: str) -> Response:
    with db_session(request) as db:
        consultation = consultation_in(db, staff.organisation.id, request.path_params["cid"])
        if consultation is None:
            return not_found(request, staff.user)
        survey = request.app.state.catalog.get(consultation.survey_id)
        rows = count_rows(db, consultation.id, survey)
        detail = {"rows": rows, "suppressed": False}
        staff.audit(db, f"export.answers.{fmt}", "consultation", consultation.id, detail)
        db.commit()
    columns = theme_columns(allowed_themes(consultation.frameworks))
    records = _rows(request, consultation.id, survey, current_locale())
    name = filename(staff, consultation, "answers", fmt)
    if fmt == "json":
        head = {
            "consultation": consultation.id,
            "survey": consultation.survey_id,
            "themes": columns,
        }
        return download(
            writers.json_stream(head, "answers", (r.as_json() for r in records)), name, fmt
        )
    cells = (r.cells(columns) for r in records)
    if fmt == "csv":
        return download(writers.csv_stream(header(columns), cells), name, fmt)
    path = writers.xlsx_file([writers.Sheet("answers", header(columns), cells)])
    return download(writers.file_chunks(path), name, fmt)


@staff_page("worker")
def answers_csv(request: Request, staff: Staff) -> Response:
    return _answers(request, staff, "csv")


@staff_page("worker")
def answers_xlsx(request: Request, staff: Staff) -> Response:
    return _answers(request, staff, "xlsx")


@staff_page("worker")
def answers_json(request: Request, staff: Staff) -> Response:
    return _answers(request, staff, "json")


# Findings tables: for anyone who may see findings. Suppressed unless they hold the worker
# role (answer access): suppression never applies to them and always to everyone else.
FINDINGS_ROLES = ("viewer", "worker", "admin")


@staff_page(*FINDINGS_ROLES)
def findings_csv(request: Request, staff: Staff) -> Response:
    return findings.export(request, staff, "csv")


@staff_page(*FINDINGS_ROLES)
def findings_xlsx(request: Request, staff: Staff) -> Response:
    return findings.export(request, staff, "xlsx")


@staff_page(*FINDINGS_ROLES)
def findings_json(request: Request, staff: Staff) -> Response:
    return findings.export(request, staff, "json")
