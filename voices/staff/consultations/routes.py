"""Consultation routes, appended to voices.staff.routes in one place."""

from starlette.routing import Route

from voices.staff.consultations import changes, pages

_BASE = "/staff/o/{org}/consultations"

routes = [
    Route(_BASE, pages.list_page, name="staff_consultations"),
    Route(_BASE + "/new", pages.new_page, methods=["GET", "POST"], name="staff_consultation_new"),
    Route(_BASE + "/{cid}", pages.detail_page, name="staff_consultation"),
    Route(_BASE + "/{cid}/edit", changes.edit_page, methods=["GET", "POST"]),
    Route(_BASE + "/{cid}/duplicate", changes.duplicate_page, methods=["POST"]),
    Route(_BASE + "/{cid}/poster", pages.poster_page, name="staff_consultation_poster"),
    Route(_BASE + "/{cid}/close", pages.close_page, methods=["POST"]),
    Route(_BASE + "/{cid}/reopen", pages.close_page, methods=["POST"]),
    Route(_BASE + "/{cid}/responses", pages.table_page, name="staff_consultation_table"),
    Route(_BASE + "/{cid}/responses/{rid}", pages.response_page, methods=["GET", "POST"]),
]
