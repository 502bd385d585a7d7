"""The agreement page: Cohen's kappa per theme between the agreed and the blind review of the
same answers, and the disagreements to settle (a form per disagreement; works without JS)."""

from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from voices.alerts.holds import held_answer_ids
from voices.http import db_session, form_value, redirect, render
from voices.i18n import gettext as _
from voices.models import Consultation
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
        fields = {name: form_value(data, name) for name in ("item", "framework", "theme", "use")}
        return await run_in_threadpool(_settle, request, staff, fields)
    return await run_in_threadpool(_show, request, staff, None, 200)


def _show(request: Request, staff: Staff, error: str | None, status: int) -> Response:
    with db_session(request) as db:
        consultation = found(request, staff, db)
        if consultation is None:
            return not_found(request, staff.user)
        held = held_answer_ids(db, consultation.id)
        result = agreement_data.load(db, consultation, held)
        staff.audit(db, "review.agreement_view", "consultation", consultation.id)
        db.commit()
    context = {
        "staff": staff,
        "user": staff.user,
        "c": consultation,
        "review_base": review_base(staff, consultation),
        "consultation_url": f"/staff/o/{staff.organisation.slug}/consultations/{consultation.id}",
        "result": result,
        "bands": band_words(),
        "undefined": undefined_words(),
        "error": settle_errors().get(error or "", ""),
        "band": agreement.band,
    }
    return render(request, "staff/agreement/agreement.html", context, status)


def _settle(request: Request, staff: Staff, fields: dict[str, str]) -> Response:
    with db_session(request) as db:
        consultation = found(request, staff, db)
        if consultation is None:
            return not_found(request, staff.user)
        key = ItemKey.parse(fields["item"])
        framework = frameworks().get(fields["framework"])
        problem = _problem(consultation, key, framework, fields)
        if problem is None and _is_held(db, consultation, key):
            return _held(request, staff, consultation)
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
                url = review_base(staff, consultation) + "/agreement"
                return redirect(f"{url}#framework-{fields['framework']}")
    return _show(request, staff, problem, 400)


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


def _held(request: Request, staff: Staff, consultation: Consultation) -> Response:
    message = _(
        "This answer is held by an open safeguarding alert. Only the safeguarding lead can "
        "see it until the alert is closed; settle it after that."
    )
    context = {
        "staff": staff,
        "user": staff.user,
        "title": _("This answer is held"),
        "message": message,
        "back_url": review_base(staff, consultation) + "/agreement",
        "back_words": _("Agreement between reviewers"),
    }
    return render(request, "staff/agreement/refused.html", context, 409)
