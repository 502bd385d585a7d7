"""Export routes, appended to voices.staff.routes in one place. No path parameter but the
consultation's id: the format is part of the fixed path, never a child's words."""

from starlette.routing import Route

from voices.staff.exports import pages

_BASE = "/staff/o/{org}/consultations/{cid}/export"

routes = [
    Route(_BASE + "/answers.csv", pages.answers_csv, name="staff_export_answers_csv"),
    Route(_BASE + "/answers.xlsx", pages.answers_xlsx, name="staff_export_answers_xlsx"),
    Route(_BASE + "/answers.json", pages.answers_json, name="staff_export_answers_json"),
    Route(_BASE + "/findings.csv", pages.findings_csv, name="staff_export_findings_csv"),
    Route(_BASE + "/findings.xlsx", pages.findings_xlsx, name="staff_export_findings_xlsx"),
    Route(_BASE + "/findings.json", pages.findings_json, name="staff_export_findings_json"),
]
