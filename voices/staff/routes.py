"""The staff side's URL table. Organisation pages live under /staff/o/{org}/..."""

from starlette.routing import Route

from voices.staff import pages
from voices.staff.actions.routes import routes as action_routes
from voices.staff.agreement.routes import routes as agreement_routes
from voices.staff.alerts.routes import routes as alert_routes
from voices.staff.coding.routes import routes as coding_routes
from voices.staff.consultations.routes import routes as consultation_routes
from voices.staff.exports.routes import routes as export_routes
from voices.staff.findings.routes import routes as findings_routes
from voices.staff.live.routes import routes as live_routes
from voices.staff.people.routes import routes as people_routes
from voices.staff.refi.routes import routes as refi_routes
from voices.staff.retention.routes import routes as retention_routes
from voices.staff.review.routes import routes as review_routes
from voices.staff.rights.routes import routes as rights_routes

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
routes += review_routes
routes += coding_routes
routes += agreement_routes
routes += live_routes
routes += refi_routes
routes += export_routes
routes += findings_routes
routes += action_routes
routes += rights_routes
routes += retention_routes
