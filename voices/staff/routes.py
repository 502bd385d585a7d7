"""The staff side's URL table. Organisation pages live under /staff/o/{org}/..."""

from starlette.routing import Route

from voices.staff import pages
from voices.staff.alerts.routes import routes as alert_routes
from voices.staff.consultations.routes import routes as consultation_routes
from voices.staff.live.routes import routes as live_routes
from voices.staff.people.routes import routes as people_routes

routes = [
    Route("/staff", pages.home, name="staff_home"),
    Route("/staff/sign-in", pages.sign_in, methods=["GET", "POST"], name="staff_sign_in"),
    Route("/staff/sign-out", pages.sign_out, methods=["POST"], name="staff_sign_out"),
    Route("/staff/password", pages.password, methods=["GET", "POST"], name="staff_password"),
    Route("/staff/o/{org}", pages.organisation, name="staff_org"),
    *consultation_routes,
]
routes += people_routes
routes += alert_routes
routes += live_routes
