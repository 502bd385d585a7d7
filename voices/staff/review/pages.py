"""The review screen's handlers: show a page of items, save one review, accept in bulk.

Filters travel as GET parameters (theme ids, statuses, sentiments, question ids: never a
child's words); every change is a POST that redirects back to the same filtered page.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from sqlmodel import Session
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from voices.http import db_session, form_value, redirect, render
from voices.i18n import gettext as _
from voices.models import Consultation
from voices.review import coding, queue
from voices.review.learn import learning_summary
from voices.staff.access import Staff, not_found, staff_page
from voices.staff.consultations.store import consultation_in
from voices.staff.review import store, view

PER_PAGE = 25
FILTER_NAMES = ("theme", "status", "sentiment", "question", "page")


def _base(staff: Staff, consultation: Consultation) -> str:
    return f"/staff/o/{staff.organisation.slug}/consultations/{consultation.id}/review"


def _question_words(request: Request, consultation: Consultation, qid: str, version: str) -> str:
    survey = request.app.state.catalog.get(consultation.survey_id)
    question = survey.question(qid) if survey is not None else None
    if question is None:
        return _("A question no longer in the survey")
    words = question.text_for(version)
    return words.get("en") or next(iter(words.values()), "")


def _question_choices(request: Request, consultation: Consultation, items) -> list[tuple[str, str]]:
    """(id, wording) of each question that has items, in the survey's order."""
    present = {i.question_id for i in items if i.key[0] == "answer"}
    survey = request.app.state.catalog.get(consultation.survey_id)
    ordered = [q.id for q in survey.questions] if survey is not None else []
    ids = [q for q in ordered if q in present] + sorted(present - set(ordered))
    return [(q, _question_words(request, consultation, q, "")) for q in ids]


def _theme_choices(allowed: dict[str, list[str]]) -> list[tuple[str, list[tuple[str, str]]]]:
    return [
        (coding.frameworks()[fw].title, [(f"{fw}:{t}", view.label(fw, t)) for t in ids])
        for fw, ids in allowed.items()
    ]


def _headings(request: Request, consultation: Consultation, items: list, details: dict) -> list:
    """(item, heading) for each item with details: the question's words, or "Group note"."""
    return [
        (
            item,
            _question_words(request, consultation, item.question_id, details[item.key].version)
            if item.key[0] == "answer"
            else _("Group note"),
        )
        for item in items
        if item.key in details
    ]


@staff_page("worker")
def screen(request: Request, staff: Staff) -> Response:
    blind = request.query_params.get("mode") == "blind"
    with db_session(request) as db:
        consultation = consultation_in(db, staff.organisation.id, request.path_params["cid"])
        if consultation is None:
            return not_found(request, staff.user)
        found = _read(request, db, staff, consultation, blind)
        detail = {"page": found.page, "items": len(found.on_page), "blind": blind}
        staff.audit(db, "review.view", "consultation", consultation.id, detail)
        db.commit()
    rows = [
        view.row(
            item, found.details[item.key], heading, found.allowed, staff.user.id, blind, found.names
        )
        for item, heading in _headings(request, consultation, found.on_page, found.details)
    ]
    filters = queue.Filters(**{**found.filters.__dict__, "page": found.page})
    context = {
        "staff": staff,
        "user": staff.user,
        "c": consultation,
        "base": _base(staff, consultation),
        "consultation_url": f"/staff/o/{staff.organisation.slug}/consultations/{consultation.id}",
        "blind": blind,
        "rows": rows,
        "total": len(found.items),
        "shown": len(found.shown),
        "page": found.page,
        "pages": found.pages,
        "filters": filters,
        "questions": found.questions,
        "theme_choices": _theme_choices(found.allowed),
        "statuses": queue.STATUSES,
        "sentiments": queue.SENTIMENTS,
        "notes_value": queue.NOTES,
        "has_notes": any(i.key[0] == "note" for i in found.items),
        "unreviewed_on_page": sum(1 for r in rows if r.mine is None),
        "learning": found.learned,
        **_notices(request),
        "page_url": lambda **change: "?" + urlencode(_query(filters, blind, **change)),
    }
    return render(request, "staff/review/screen.html", context)


@dataclass(frozen=True)
class _Screenful:
    """What one page of the review screen reads from the database."""

    items: list  # every item of the consultation
    shown: list  # those the filters let through
    on_page: list
    page: int
    pages: int
    filters: queue.Filters
    questions: list[tuple[str, str]]  # (id, wording) of each question that has items
    allowed: dict[str, list[str]]  # theme ids by framework
    details: dict[queue.ItemKey, store.Detail]  # the words of the items on the page
    names: dict[int, str]  # reviewers' names by id
    learned: list  # what the engine learned from reviews (none when blind)


def _read(
    request: Request, db: Session, staff: Staff, consultation: Consultation, blind: bool
) -> _Screenful:
    """The items (every one coded first), filtered and paged, with what the page shows."""
    coding.code_missing(db, consultation)  # nothing submitted is missing from the screen
    items = store.load_items(db, consultation.id)
    allowed = view.allowed_themes(consultation.frameworks)
    questions = _question_choices(request, consultation, items)
    themes = [v for _, group in _theme_choices(allowed) for v, _ in group]
    filters = queue.read_filters(request.query_params.get, themes, [q for q, _ in questions])
    shown = [i for i in items if queue.matches(i, filters, staff.user.id, blind)]
    on_page, page, pages = queue.page_of(shown, filters.page, PER_PAGE)
    details = store.details(db, [i.key for i in on_page])
    names = store.reviewer_names(db, [r for i in on_page for r in i.reviews])
    # Blind coding hides everything the engine says, its learning included.
    learned = [] if blind else learning_summary(db, staff.organisation.id, consultation.frameworks)
    return _Screenful(
        items, shown, on_page, page, pages, filters, questions, allowed, details, names, learned
    )


def _notices(request: Request) -> dict[str, str]:
    """What the last POST did, from its redirect: an item key and counts, nothing else."""
    get = request.query_params.get
    saved = queue.parse_key(get("saved", ""))
    made, kept = get("made", ""), get("kept", "")
    return {
        "saved": queue.key_text(saved) if saved else "",
        "made": made if made.isdigit() and len(made) < 7 else "",
        "kept": kept if kept.isdigit() and len(kept) < 7 else "0",
    }


def _query(filters: queue.Filters, blind: bool, **change: Any) -> dict[str, str]:
    values = filters.query(**change)
    if blind:
        values["mode"] = "blind"
    return values


def _back(base: str, form, blind: bool, **extra: str) -> str:
    """The filtered page the form came from, rebuilt from known names only."""
    values = {n: form_value(form, n) for n in FILTER_NAMES if form_value(form, n)}
    if blind:
        values["mode"] = "blind"
    values.update(extra)
    return f"{base}?{urlencode(values)}" if values else base


def _problem(request: Request, staff: Staff, message: str, back: str) -> Response:
    context = {"staff": staff, "user": staff.user, "message": message, "back": back}
    return render(request, "staff/review/problem.html", context, 400)


@staff_page("worker")
async def save(request: Request, staff: Staff) -> Response:
    form = await request.form()
    return await run_in_threadpool(_save, request, staff, form)


def _save(request: Request, staff: Staff, form) -> Response:
    blind = form_value(form, "mode") == "blind"
    action = form_value(form, "action")
    key = queue.parse_key(form_value(form, "item"))
    with db_session(request) as db:
        consultation = consultation_in(db, staff.organisation.id, request.path_params["cid"])
        if consultation is None:
            return not_found(request, staff.user)
        base = _base(staff, consultation)
        back = _back(base, form, blind)
        if action not in ("save", "accept") or key is None or (blind and action == "accept"):
            return _problem(request, staff, _("Choose an answer and press Save."), back)
        item = next((i for i in store.load_items(db, consultation.id) if i.key == key), None)
        if item is None:  # another consultation's, a held answer, or gone
            return not_found(request, staff.user)
        allowed = view.allowed_themes(consultation.frameworks)
        try:
            themes = (
                queue.accepted(item.suggestions, allowed)
                if action == "accept"
                else queue.chosen_themes(
                    [v for v in form.getlist("themes") if isinstance(v, str)], allowed
                )
            )
        except ValueError:
            message = _("A theme was chosen that this consultation does not use. Try again.")
            return _problem(request, staff, message, back)
        refused = store.save(db, consultation.id, item, staff.user.id, themes, blind)
        if refused:
            return _problem(request, staff, view.refusal(refused), back)
        detail = {"blind": blind, "action": action, "themes": len(queue.theme_set(themes))}
        staff.audit(db, "review.save", _target(key), key[1], detail)
        db.commit()
    anchor = f"#item-{key[0]}-{key[1]}"
    return redirect(_back(base, form, blind, saved=queue.key_text(key)) + anchor)


def _target(key: queue.ItemKey) -> str:
    return "answer" if key[0] == "answer" else "group_note"


@staff_page("worker")
async def accept_all(request: Request, staff: Staff) -> Response:
    form = await request.form()
    return await run_in_threadpool(_accept_all, request, staff, form)


def _accept_all(request: Request, staff: Staff, form) -> Response:
    keys = [queue.parse_key(v) for v in form.getlist("item") if isinstance(v, str)]
    count = form_value(form, "count")
    with db_session(request) as db:
        consultation = consultation_in(db, staff.organisation.id, request.path_params["cid"])
        if consultation is None:
            return not_found(request, staff.user)
        base = _base(staff, consultation)
        back = _back(base, form, False)
        if not keys or None in keys or count != str(len(keys)):
            message = _("The list of answers changed. Nothing was saved: look again and retry.")
            return _problem(request, staff, message, back)
        wanted = set(keys)
        items = [i for i in store.load_items(db, consultation.id) if i.key in wanted]
        if len(items) != len(wanted):
            message = _("Some of these answers can no longer be reviewed. Nothing was saved.")
            return _problem(request, staff, message, back)
        allowed = view.allowed_themes(consultation.frameworks)
        made, kept = store.accept_all(db, consultation.id, items, staff.user.id, allowed)
        detail = {"items": len(items), "made": made, "kept": kept}
        staff.audit(db, "review.accept_all", "consultation", consultation.id, detail)
        db.commit()
    return redirect(_back(base, form, False, made=str(made), kept=str(kept)))
