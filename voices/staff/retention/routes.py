"""Retention routes, appended to voices.staff.routes in one place."""

from starlette.routing import Route

from voices.staff.retention import pages

routes = [
    Route(
        "/staff/o/{org}/retention",
        pages.retention_page,
        methods=["GET", "POST"],
        name="staff_retention",
    ),
]
