"""You-said-we-did routes, appended to voices.staff.routes in one place."""

from starlette.routing import Route

from voices.staff.actions import pages

_BASE = "/staff/o/{org}/consultations/{cid}/actions"

routes = [
    Route(_BASE, pages.list_page, name="staff_actions"),
    Route(_BASE + "/new", pages.new_page, methods=["GET", "POST"], name="staff_action_new"),
    Route(
        _BASE + "/{act}/edit", pages.edit_page, methods=["GET", "POST"], name="staff_action_edit"
    ),
]
