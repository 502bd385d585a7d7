"""Data-rights routes, appended to voices.staff.routes in one place."""

from starlette.routing import Route

from voices.staff.rights import pages

_BASE = "/staff/o/{org}/rights"

routes = [
    Route(_BASE, pages.search_page, methods=["GET", "POST"], name="staff_rights"),
    Route(_BASE + "/document", pages.document_page, methods=["POST"]),
    Route(_BASE + "/document.json", pages.document_page, methods=["POST"]),
    Route(_BASE + "/erase", pages.erase_page, methods=["POST"]),
    Route(_BASE + "/erase/confirm", pages.erase_confirm, methods=["POST"]),
]
