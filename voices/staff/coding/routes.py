"""/staff/o/{org}/coding: per framework, what the reviewed codes taught the engine, and a
button to retrain it. Admins only (training changes what every worker is suggested).

Figures only: the page never shows a child's words. Retraining can take seconds, so it runs
in the threadpool; the result comes back through a redirect (works without JavaScript).
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from voices.http import db_session, form_value, redirect, render
from voices.i18n import gettext as _
from voices.numbers import whole_number
from voices.review import coding, learn
from voices.staff.access import Staff, staff_page


def _base(staff: Staff) -> str:
    return f"/staff/o/{staff.organisation.slug}/coding"


def _outcome(request: Request, titles: dict[str, str]) -> tuple[str, str]:
    """The message the last retrain redirected with: (kind, text); numbers come from the URL."""
    query = request.query_params
    framework = query.get("framework", "")
    title = titles.get(framework, "")
    count = lambda name: whole_number(query.get(name, "")) or 0  # noqa: E731
    if not title:
        return "", ""
    if query.get("result") == "learned" and query.get("in_use") == "0":
        return "error", _(
            "%(framework)s was retrained from %(items)s reviewed items, but in testing the new "
            "model made suggestions worse, so it is not used: answers are coded as before."
        ) % {"framework": title, "items": count("items")}
    if query.get("result") == "learned":
        return "done", _(
            "%(framework)s retrained from %(items)s reviewed items; %(recoded)s unreviewed "
            "answers re-coded with it."
        ) % {"framework": title, "items": count("items"), "recoded": count("recoded")}
    if query.get("result") == "items":
        return "error", _(
            "%(framework)s was not retrained: it has %(items)s reviewed items and needs at "
            "least %(needed)s, so that what learning changes can be measured."
        ) % {"framework": title, "items": count("items"), "needed": learn.MIN_ITEMS}
    if query.get("result") == "themes":
        return "error", _(
            "%(framework)s was not retrained: reviewers have used %(themes)s of its themes and "
            "it needs at least %(needed)s, or it would learn that every answer is about one."
        ) % {"framework": title, "themes": count("themes"), "needed": learn.MIN_THEMES}
    return "", ""


@staff_page("admin")
def page(request: Request, staff: Staff) -> Response:
    with db_session(request) as db:
        ids = learn.frameworks_in_use(db, staff.organisation.id)
        summary = learn.learning_summary(db, staff.organisation.id, ids)
    titles = {s.framework_id: s.title for s in summary}
    kind, message = _outcome(request, titles)
    context = {
        "staff": staff,
        "user": staff.user,
        "learning": summary,
        "base": _base(staff),
        "message": message,
        "message_kind": kind,
        "title": _("Teaching the engine"),
    }
    return render(request, "staff/coding/page.html", context)


@staff_page("admin")
async def retrain(request: Request, staff: Staff) -> Response:
    form = await request.form()
    return await run_in_threadpool(_retrain, request, staff, form_value(form, "framework"))


def _retrain(request: Request, staff: Staff, framework_id: str) -> Response:
    if framework_id not in coding.frameworks():
        return redirect(_base(staff))  # a forged or stale form: nothing to retrain
    with db_session(request) as db:
        try:
            learned = learn.learn(db, staff.organisation.id, framework_id, staff.user.id)
        except learn.CannotLearn as refused:
            db.rollback()
            detail = {"framework": framework_id, "reason": refused.reason, "items": refused.items}
            staff.audit(db, "coding.learn_refused", "framework", framework_id, detail)
            db.commit()
            query = {"result": refused.reason, "items": refused.items, "themes": refused.themes}
        else:
            query = {
                "result": "learned",
                "items": learned.model.measures["items"],
                "recoded": learned.recoded,
                "in_use": int(learned.model.measures["in_use"]),
            }
    query["framework"] = framework_id
    return redirect(f"{_base(staff)}?{urlencode(query)}#result")


routes = [
    Route("/staff/o/{org}/coding", page, name="staff_coding"),
    Route("/staff/o/{org}/coding", retrain, methods=["POST"], name="staff_coding_retrain"),
]
