"""Findings routes, appended to voices.staff.routes in one place."""

from starlette.routing import Route

from voices.staff.findings import pages, settings

_BASE = "/staff/o/{org}/consultations/{cid}/findings"

routes = [
    Route("/staff/o/{org}/findings", settings.list_page, name="staff_findings_list"),
    Route(
        "/staff/o/{org}/findings/settings",
        settings.settings_page,
        methods=["GET", "POST"],
        name="staff_findings_settings",
    ),
    Route(_BASE, pages.findings_page, name="staff_findings"),
    Route(_BASE + "/report", pages.report_page, name="staff_findings_report"),
    Route(_BASE + "/rounds", pages.rounds_page, name="staff_findings_rounds"),
]
