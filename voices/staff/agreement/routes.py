"""Agreement and quote routes, appended to voices.staff.routes in one place."""

from starlette.routing import Route

from voices.staff.agreement import pages, quote_pages

_BASE = "/staff/o/{org}/consultations/{cid}/review"

routes = [
    Route(
        _BASE + "/agreement", pages.agreement_page, methods=["GET", "POST"], name="review_agreement"
    ),
    Route(_BASE + "/quotes", quote_pages.list_page, name="review_quotes"),
    Route(_BASE + "/quotes/{aid}", quote_pages.quote_page, methods=["GET", "POST"]),
    Route(_BASE + "/quotes/{aid}/withdraw", quote_pages.withdraw_page, methods=["POST"]),
]
