"""Group notes: a worker types up points from a discussion. Saved first, then coded like an
answer (a coding failure never loses a note: the review screen codes it later)."""

from __future__ import annotations

import logging

from sqlmodel import Session, col, select
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import Response

from voices.findings import facts
from voices.http import db_session, form_value, redirect, render
from voices.live import forms
from voices.live import store as live_store
from voices.models import AnswerCoding, CodeReview, Consultation, GroupNote, utcnow
from voices.numbers import record_id
from voices.review.coding import code_note
from voices.staff.access import Staff, not_found, staff_page
from voices.staff.consultations import store as consultations
from voices.staff.live.pages import consultation_url

log = logging.getLogger("voices.staff.live")


def notes_of(db: Session, consultation_id: int) -> list[GroupNote]:
    return list(
        db.exec(
            select(GroupNote)
            .where(GroupNote.consultation_id == consultation_id)
            .order_by(col(GroupNote.created_at).desc(), col(GroupNote.id).desc())
        ).all()
    )


def note_in(db: Session, consultation: Consultation, note_id: str) -> GroupNote | None:
    if (number := record_id(note_id)) is None:
        return None
    found = db.get(GroupNote, number)
    return found if found is not None and found.consultation_id == consultation.id else None


def _as_form(note: GroupNote) -> forms.NoteForm:
    return forms.NoteForm(
        text=note.text,
        participants=str(note.participants),
        age_min=str(note.age_min),
        age_max=str(note.age_max),
        session=str(note.live_session_id or ""),
    )


@staff_page("worker")
async def new_page(request: Request, staff: Staff) -> Response:
    data = await request.form() if request.method == "POST" else None
    return await run_in_threadpool(_note, request, staff, data, None)


@staff_page("worker")
async def edit_page(request: Request, staff: Staff) -> Response:
    data = await request.form() if request.method == "POST" else None
    return await run_in_threadpool(_note, request, staff, data, request.path_params["nid"])


def _note(request: Request, staff: Staff, data: FormData | None, note_id: str | None) -> Response:
    with db_session(request) as db:
        consultation = consultations.consultation_in(
            db, staff.organisation.id, request.path_params["cid"]
        )
        note = note_in(db, consultation, note_id) if consultation and note_id else None
        if consultation is None or (note_id is not None and note is None):
            return not_found(request, staff.user)
        sessions = live_store.sessions_of(db, consultation.id)
        if data is None:
            chosen = request.query_params.get("session", "")
            form = _as_form(note) if note else forms.NoteForm(session=chosen)
            return _form(request, staff, consultation, note, sessions, form, {})
        form = forms.read_note(lambda name: form_value(data, name))
        clean, errors = forms.validate_note(form, {s.id for s in sessions if s.id})
        if clean is None:
            return _form(request, staff, consultation, note, sessions, form, errors, 400)
        saved = _save(db, staff, consultation, note, clean)
        _code(db, consultation, saved)
        return redirect(f"{consultation_url(staff, consultation)}#group-notes")


def _form(request, staff, consultation, note, sessions, form, errors, status=200) -> Response:
    base = consultation_url(staff, consultation)
    action = f"{base}/notes/{note.id}/edit" if note else f"{base}/notes/new"
    context = {
        "staff": staff,
        "user": staff.user,
        "c": consultation,
        "note": note,
        "sessions": sessions,
        "form": form,
        "errors": errors,
        "error": bool(errors),
        "action": action,
        "back": base,
        "limits": {"text": forms.NOTE_MAX, "participants": forms.PARTICIPANTS, "ages": forms.AGES},
    }
    return render(request, "staff/live/note_form.html", context, status)


def _save(db: Session, staff: Staff, consultation, note, clean: forms.CleanNote) -> GroupNote:
    """Saves and commits the note before any coding, so the engine can never lose it."""
    action = "group_note.edit" if note else "group_note.create"
    if note is None:
        note = GroupNote(
            organisation_id=consultation.organisation_id,
            consultation_id=consultation.id,
            created_by_id=staff.user.id,
            text="",
            participants=0,
            age_min=0,
            age_max=0,
        )
    for name, value in vars(clean).items():
        setattr(note, name, value)
    note.updated_at = utcnow()
    db.add(note)
    db.flush()
    staff.audit(db, action, "group_note", note.id, {"participants": note.participants})
    db.commit()
    return note


def _code(db: Session, consultation: Consultation, note: GroupNote) -> None:
    try:
        code_note(db, consultation, note)
    except Exception as exc:  # the note is saved; the review screen codes it later
        db.rollback()
        log.error("coding a group note failed (%s): coded when reviewed", type(exc).__name__)


@staff_page("worker")
async def delete_page(request: Request, staff: Staff) -> Response:
    return await run_in_threadpool(_delete, request, staff)


def _delete(request: Request, staff: Staff) -> Response:
    with db_session(request) as db:
        consultation = consultations.consultation_in(
            db, staff.organisation.id, request.path_params["cid"]
        )
        note = consultation and note_in(db, consultation, request.path_params["nid"])
        if consultation is None or note is None:
            return not_found(request, staff.user)
        _delete_codings(db, note.id)
        db.delete(note)
        staff.audit(db, "group_note.delete", "group_note", note.id)
        db.commit()
        return redirect(f"{consultation_url(staff, consultation)}#group-notes")


def _delete_codings(db: Session, note_id: int | None) -> None:
    """A deleted note's suggestions, reviews and findings facts go with it."""
    facts.forget_item(db, group_note_id=note_id)
    for table in (AnswerCoding, CodeReview):
        for row in db.exec(select(table).where(table.group_note_id == note_id)).all():
            db.delete(row)
    db.flush()
