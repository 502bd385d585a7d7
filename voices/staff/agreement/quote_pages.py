"""'OK to quote': a reviewer approves a redacted copy of one answer, or withdraws it; and the
list of approved quotes. A held answer is never shown here and never approved."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from voices.http import db_session, form_value, redirect, render
from voices.i18n import gettext as _
from voices.models import Answer, Consultation, QuoteApproval, User
from voices.models import Response as Reply
from voices.review import quotes, redaction
from voices.review.coding import coded_text, frameworks
from voices.staff.access import Staff, not_found, staff_page
from voices.staff.agreement.pages import found, review_base


def refusal_words() -> dict[str, str]:
    return {
        quotes.HELD: _(
            "This answer is held by an open safeguarding alert. Only the safeguarding lead can "
            "see it, and it cannot be approved for quoting, until the alert is closed."
        ),
        quotes.NOT_SUBMITTED: _(
            "This response has not been submitted, so its answers cannot be quoted."
        ),
        quotes.NO_TEXT: _("This answer has no written words to quote."),
    }


def check_words(problem: str, length: int) -> str:
    if problem == "empty":
        return _("Write the redacted copy before approving it.")
    return _(
        "The redacted copy is %(length)s characters long; a quote can be at most %(most)s."
    ) % {
        "length": length,
        "most": redaction.MAX_QUOTE_CHARS,
    }


def _ctx(staff: Staff, consultation: Consultation, **more) -> dict:
    base = review_base(staff, consultation)
    return {"staff": staff, "user": staff.user, "c": consultation, "review_base": base, **more}


@staff_page("worker")
def list_page(request: Request, staff: Staff) -> Response:
    with db_session(request) as db:
        consultation = found(request, staff, db)
        if consultation is None:
            return not_found(request, staff.user)
        shown = quotes.approved_quotes(db, consultation.id)
        approvals = db.exec(
            select(func.count())
            .select_from(QuoteApproval)
            .where(QuoteApproval.consultation_id == consultation.id)
        ).one()
        staff.audit(db, "quote.list_view", "consultation", consultation.id)
        db.commit()
    hidden = int(approvals) - len(shown)
    context = _ctx(staff, consultation, quotes=shown, hidden=hidden)
    return render(request, "staff/agreement/quotes.html", context)


@staff_page("worker")
async def quote_page(request: Request, staff: Staff) -> Response:
    redacted = None
    if request.method == "POST":
        data = await request.form()
        redacted = form_value(data, "redacted").replace("\r\n", "\n").strip()
    return await run_in_threadpool(_quote, request, staff, redacted)


def _refused(request: Request, staff: Staff, consultation: Consultation, why: str) -> Response:
    base = review_base(staff, consultation)
    context = _ctx(
        staff,
        consultation,
        title=_("This answer cannot be quoted"),
        message=refusal_words()[why],
        back_url=base + "/quotes",
        back_words=_("Approved quotes"),
    )
    return render(request, "staff/agreement/refused.html", context, 409)


def _quote(request: Request, staff: Staff, redacted: str | None) -> Response:
    with db_session(request) as db:
        consultation = found(request, staff, db)
        pair = consultation and quotes.answer_in(db, consultation.id, request.path_params["aid"])
        if consultation is None or not pair:
            return not_found(request, staff.user)
        answer, response = pair
        why = quotes.refusal(db, answer, response)
        if why is not None:
            return _refused(request, staff, consultation, why)
        if redacted is not None:
            approval, problem = quotes.approve(db, consultation, answer, redacted, staff.user.id)
            if approval is not None:
                staff.audit(db, "quote.approve", "answer", answer.id)
                db.commit()
                return redirect(review_base(staff, consultation) + "/quotes")
            error = check_words(problem or "", len(redacted))
            return _page(request, staff, db, consultation, answer, response, redacted, error)
        staff.audit(db, "quote.view", "answer", answer.id)
        db.commit()
        return _page(request, staff, db, consultation, answer, response, None, None)


def _page(request, staff, db, consultation, answer: Answer, response: Reply, draft, error):
    approval = quotes.approval_of(db, answer.id)
    words = coded_text(answer.value)
    own_name = None if consultation.anonymous else response.respondent_name
    suggestion = redaction.suggest(words, own_name=own_name, allow=_theme_words(consultation))
    approver = (
        db.get(User, approval.approved_by_id) if approval and approval.approved_by_id else None
    )
    if draft is None:
        draft = approval.redacted_text if approval else suggestion.text
    context = _ctx(
        staff,
        consultation,
        answer=answer,
        question=_question(request, consultation, answer, response),
        words=words,
        suggestion=suggestion,
        draft=draft,
        approval=approval,
        approver=(approver.display_name or approver.email) if approver else "",
        error=error,
        most=redaction.MAX_QUOTE_CHARS,
    )
    return render(request, "staff/agreement/quote.html", context, 400 if error else 200)


def _question(request: Request, consultation: Consultation, answer: Answer, response) -> str:
    survey = request.app.state.catalog.get(consultation.survey_id)
    question = survey.question(answer.question_id) if survey else None
    if question is None:
        return answer.question_id
    return question.text_for(response.version).get("en", question.id)


def _theme_words(consultation: Consultation) -> set[str]:
    """Words of the chosen frameworks' theme names: capitalised, but not names."""
    words: set[str] = set()
    for framework_id in consultation.frameworks:
        framework = frameworks().get(framework_id)
        for theme in framework.themes if framework else ():
            words.update(w.strip(",.()") for w in theme.label.split())
    return words


@staff_page("worker")
def withdraw_page(request: Request, staff: Staff) -> Response:
    """Withdrawing is always allowed, held or not: it only makes a quote less visible."""
    with db_session(request) as db:
        consultation = found(request, staff, db)
        pair = consultation and quotes.answer_in(db, consultation.id, request.path_params["aid"])
        if consultation is None or not pair:
            return not_found(request, staff.user)
        answer, _response = pair
        if quotes.withdraw(db, answer.id):
            staff.audit(db, "quote.withdraw", "answer", answer.id)
            db.commit()
        return redirect(review_base(staff, consultation) + "/quotes")
