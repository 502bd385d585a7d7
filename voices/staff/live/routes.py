"""Live-session and group-note routes, appended to voices.staff.routes in one place."""

from starlette.routing import Route

from voices.staff.live import notes, pages

_BASE = "/staff/o/{org}/consultations/{cid}"
_SESSION = _BASE + "/sessions/{sid}"

routes = [
    Route(_BASE + "/sessions", pages.start_page, methods=["POST"], name="staff_live_start"),
    Route(_SESSION, pages.screen_page, name="staff_live_screen"),
    Route(_SESSION + "/results", pages.results_fragment, name="staff_live_results"),
    Route(_SESSION + "/pace", pages.pace_page, methods=["POST"], name="staff_live_pace"),
    Route(_SESSION + "/end", pages.end_page, methods=["POST"], name="staff_live_end"),
    Route(_BASE + "/notes/new", notes.new_page, methods=["GET", "POST"], name="staff_note_new"),
    Route(_BASE + "/notes/{nid}/edit", notes.edit_page, methods=["GET", "POST"]),
    Route(_BASE + "/notes/{nid}/delete", notes.delete_page, methods=["POST"]),
]
