"""URLs of the People, invitation, reset and audit pages (appended to voices.staff.routes)."""

from starlette.routing import Route

from voices.http import ID
from voices.staff.people import audit_page, links, pages

ORG = "/staff/o/{org}"
PERSON = ORG + "/people/{user_id:" + ID + "}"

routes = [
    Route(ORG + "/people", pages.people, name="staff_people"),
    Route(ORG + "/people/invite", pages.invite, methods=["POST"], name="staff_invite"),
    Route(
        ORG + "/people/invitations/withdraw",
        pages.withdraw_invite,
        methods=["POST"],
        name="staff_invite_withdraw",
    ),
    Route(PERSON, pages.member, name="staff_member"),
    Route(PERSON + "/roles", pages.member_roles, methods=["POST"], name="staff_member_roles"),
    Route(PERSON + "/remove", pages.member_remove, methods=["POST"], name="staff_member_remove"),
    Route(PERSON + "/sign-out", pages.member_sign_out, methods=["POST"], name="staff_member_out"),
    Route(
        PERSON + "/reset-link", pages.member_reset_link, methods=["POST"], name="staff_member_reset"
    ),
    Route(ORG + "/audit", audit_page.audit, name="staff_audit"),
    Route(
        "/staff/invite/{token}", links.accept_invite, methods=["GET", "POST"], name="staff_accept"
    ),
    Route(
        "/staff/forgot-password",
        links.forgot_password,
        methods=["GET", "POST"],
        name="staff_forgot",
    ),
    Route(
        "/staff/reset/{token}", links.reset_password, methods=["GET", "POST"], name="staff_reset"
    ),
]
