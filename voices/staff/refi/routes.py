"""REFI-QDA routes, appended to voices.staff.routes in one place."""

from starlette.routing import Route

from voices.staff.refi import pages

_ORG = "/staff/o/{org}"

routes = [
    Route(_ORG + "/consultations/{cid}/export.qdpx", pages.qdpx, name="staff_refi_qdpx"),
    Route(_ORG + "/frameworks", pages.frameworks_page, name="staff_frameworks"),
    Route(_ORG + "/frameworks/{framework_id}.qdc", pages.qdc, name="staff_refi_qdc"),
    Route(
        _ORG + "/frameworks/import",
        pages.import_page,
        methods=["POST"],
        name="staff_refi_import",
    ),
]
