"""The agreement page: Cohen's kappa per theme between the agreed and the blind review of the
same answers, and the disagreements to settle (a form per disagreement; works without JS).

The figures count every item; the disagreements to settle (`?page=`) and the settled ones
(`?settled=`) are listed a page at a time. A page number that is not one shows the first
page, one past the end the last page, each with a notice saying so (docs/decisions.md)."""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from voices.alerts.holds import held_answer_ids
from voices.http import db_session, form_value, redirect, render
from voices.i18n import gettext as _
from voices.models import Consultation
from voices.paging import asked_page, clamp
from voices.review import agreement, agreement_data
from voices.review.agreement_data import ItemKey
from voices.review.coding import frameworks
from voices.staff.access import Staff, not_found, staff_page
from voices.staff.consultations.store import consultation_in


def review_base(staff: Staff, consultation: Consultation) -> str:
    return f"/staff/o/{staff.organisation.slug}/consultations/{consultation.id}/review"


def found(request: Request, staff: Staff, db) -> Consultation | None:
    return consultation_in(db, staff.organisation.id, request.path_params["cid"])


def band_words() -> dict[str, str]:
    return {
        "poor": _("poor (less than chance)"),
        "slight": _("slight"),
        "fair": _("fair"),
        "moderate": _("moderate"),
        "substantial": _("substantial"),
        "almost-perfect": _("almost perfect"),
    }


def undefined_words() -> dict[str, str]:
    return {
        "no-items": _("No answers coded by both reviewers yet."),
        "neither-used": _("Neither reviewer used this theme, so kappa cannot be worked out."),
        "both-always": _(
            "Both reviewers used this theme on every answer, so kappa cannot be worked out."
        ),
    }


def settle_errors() -> dict[str, str]:
    return {
        "item": _("Choose a disagreement to settle: the answer was not found."),
        "theme": _("That theme is not in a framework chosen for this consultation."),
        "use": _("Choose whether the agreed codes use the theme or leave it out."),
        "pair": _("This answer has no agreed and blind review to settle."),
    }


@staff_page("worker")
async def agreement_page(request: Request, staff: Staff) -> Response:
    if request.method == "POST":
        data = await request.form()
        names = ("item", "framework", "theme", "use", "page", "settled")
        fields = {name: form_value(data, name) for name in names}
        return await run_in_threadpool(_settle, request, staff, fields)
    get = request.query_params.get
    pages = asked_page(get("page")), asked_page(get("settled"))
    return await run_in_threadpool(_show, request, staff, None, 200, pages)


def query(page: int, settled: int) -> str:
    """The lists' page numbers as a query string ("" for the first page of both)."""
    values = {name: n for name, n in (("page", page), ("settled", settled)) if n > 1}
    return "?" + urlencode(values) if values else ""


def page_notices(result: agreement_data.ConsultationAgreement) -> list[str]:
    """What the page did with a page number it could not show, one sentence per list."""
    notices = []
    for words, shown in (
        (_("Disagreements to settle"), result.open),
        (_("Settled"), result.settled),
    ):
        if shown.bad:
            message = _("%(list)s: that is not a page number, so the first page is shown.")
            notices.append(message % {"list": words})
        elif shown.beyond:
            message = _("%(list)s: there is no page %(asked)s. The last page, %(last)s, is shown.")
            notices.append(message % {"list": words, "asked": shown.asked, "last": shown.pages})
    return notices


def _show(
    request: Request,
    staff: Staff,
    error: str | None,
    status: int,
    pages: tuple[int, int] = (1, 1),
) -> Response:
    with db_session(request) as db:
        consultation = found(request, staff, db)
        if consultation is None:
            return not_found(request, staff.user)
        held = held_answer_ids(db, consultation.id)
        result = agreement_data.load(db, consultation, held, *pages)
        staff.audit(db, "review.agreement_view", "consultation", consultation.id)
        db.commit()
    base = review_base(staff, consultation)
    open_no, settled_no = result.open.number, result.settled.number

    def open_url(n: int) -> str:
        return f"{base}/agreement{query(n, settled_no)}#disagreements"

    def settled_url(n: int) -> str:
        return f"{base}/agreement{query(open_no, n)}#settled"

    context = {
        "staff": staff,
        "user": staff.user,
        "c": consultation,
        "review_base": base,
        "consultation_url": f"/staff/o/{staff.organisation.slug}/consultations/{consultation.id}",
        "result": result,
        "bands": band_words(),
        "undefined": undefined_words(),
        "error": settle_errors().get(error or "", ""),
        "band": agreement.band,
        "notices": page_notices(result),
        "open_url": open_url,
        "settled_url": settled_url,
    }
    return render(request, "staff/agreement/agreement.html", context, status)


def _settle(request: Request, staff: Staff, fields: dict[str, str]) -> Response:
    # The page the form was on; a settled page number only grows while settling.
    pages = asked_page(fields["page"]), max(1, asked_page(fields["settled"]))
    with db_session(request) as db:
        consultation = found(request, staff, db)
        if consultation is None:
            return not_found(request, staff.user)
        key = ItemKey.parse(fields["item"])
        framework = frameworks().get(fields["framework"])
        problem = _problem(consultation, key, framework, fields)
        if problem is None and _is_held(db, consultation, key):
            return _held(request, staff, consultation, query(*pages))
        if problem is None:
            done = agreement_data.settle(
                db,
                consultation,
                key,
                fields["framework"],
                fields["theme"],
                fields["use"] == "yes",
                staff.user.id,
            )
            if done is None:
                problem = "pair"
            else:
                review, detail = done
                staff.audit(db, agreement_data.SETTLE, "code_review", review.id, detail)
                db.commit()
                return redirect(_back(db, staff, consultation, pages))
    return _show(request, staff, problem, 400, pages)


def _back(db, staff: Staff, consultation: Consultation, pages: tuple[int, int]) -> str:
    """The page of disagreements the worker settled from; the one before it when settling
    emptied it (the list is counted again: someone else may have settled some too)."""
    left = agreement_data.compare(db, consultation, held_answer_ids(db, consultation.id)).open
    page = clamp(pages[0], len(left), agreement_data.PAGE_SIZE)
    url = review_base(staff, consultation) + "/agreement"
    return f"{url}{query(page, pages[1])}#disagreements"


def _is_held(db, consultation: Consultation, key: ItemKey | None) -> bool:
    return (
        key is not None and key.kind == "answer" and key.id in held_answer_ids(db, consultation.id)
    )


def _problem(consultation: Consultation, key, framework, fields: dict[str, str]) -> str | None:
    if key is None:
        return "item"
    if framework is None or framework.id not in consultation.frameworks:
        return "theme"
    if framework.theme(fields["theme"]) is None:
        return "theme"
    if fields["use"] not in ("yes", "no"):
        return "use"
    return None


def _held(request: Request, staff: Staff, consultation: Consultation, back: str) -> Response:
    message = _(
        "This answer is held by an open safeguarding alert. Only the safeguarding lead can "
        "see it until the alert is closed; settle it after that."
    )
    context = {
        "staff": staff,
        "user": staff.user,
        "title": _("This answer is held"),
        "message": message,
        "back_url": review_base(staff, consultation) + "/agreement" + back,
        "back_words": _("Agreement between reviewers"),
    }
    return render(request, "staff/agreement/refused.html", context, 409)
