"""Review screen routes, appended to voices.staff.routes in one place."""

from starlette.routing import Route

from voices.staff.review import pages

_BASE = "/staff/o/{org}/consultations/{cid}/review"

routes = [
    Route(_BASE, pages.screen, name="staff_review"),
    Route(_BASE + "/save", pages.save, methods=["POST"], name="staff_review_save"),
    Route(_BASE + "/accept-all", pages.accept_all, methods=["POST"], name="staff_review_bulk"),
]
