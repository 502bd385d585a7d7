"""REFI-QDA for staff: a consultation as a .qdpx project, a framework as a .qdc codebook,
and a .qdc codebook turned into a framework file to download.

- The .qdpx holds children's words, so it needs the worker role (answer access; an admin
  without it sees no answers anywhere: docs/decisions.md). It is written to a temporary
  file in the threadpool and streamed from there, then the file is gone.
- A .qdc holds only a framework's labels and descriptions: worker or admin.
- Import is admin only. It never writes into the frameworks folder (shared by every
  organisation on the server): it shows the YAML and offers it as a download.
Every download and every import is audited (ids and counts only, never a child's words).
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from typing import IO

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from voices.coding.codebook import Framework
from voices.findings.refi import project, source
from voices.findings.refi.codebook import codebook_bytes
from voices.findings.refi.qdc_import import MAX_BYTES, CodebookError, import_codebook, slugify
from voices.http import db_session, form_value, render
from voices.i18n import gettext as _
from voices.numbers import whole_number
from voices.review import coding
from voices.staff.access import Staff, not_found, staff_page
from voices.staff.consultations.store import consultation_in

CHUNK = 64 * 1024
UPLOAD_SLACK = 64 * 1024  # room for the multipart envelope around the file


def _attachment(name: str) -> dict[str, str]:
    return {
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "no-store",
        "X-Content-Type-Options": "nosniff",
    }


def _stream(file: IO[bytes]) -> Iterator[bytes]:
    try:
        while chunk := file.read(CHUNK):
            yield chunk
    finally:
        file.close()


def _write_qdpx(request: Request, staff: Staff) -> tuple[IO[bytes], str] | None:
    with db_session(request) as db:
        consultation = consultation_in(db, staff.organisation.id, request.path_params["cid"])
        if consultation is None:
            return None
        coding.code_missing(db, consultation)  # as the review screen: nothing submitted missing
        survey = request.app.state.catalog.get(consultation.survey_id)
        name = f"{slugify(consultation.title) or 'consultation'}.qdpx"
        built = source.build_project(
            db,
            consultation,
            survey,
            source.consultation_frameworks(consultation),
            request.app.state.settings.secret_key,
            staff.user,
        )
        file = tempfile.TemporaryFile()  # noqa: SIM115 (closed by _stream after sending)
        try:
            count = project.write_qdpx(file, built)
        except BaseException:
            file.close()
            raise
        staff.audit(db, "export.qdpx", "consultation", consultation.id, {"sources": count})
        db.commit()
    file.seek(0)
    return file, name


@staff_page("worker")
async def qdpx(request: Request, staff: Staff) -> Response:
    written = await run_in_threadpool(_write_qdpx, request, staff)
    if written is None:
        return not_found(request, staff.user)
    file, name = written
    return StreamingResponse(_stream(file), media_type="application/zip", headers=_attachment(name))


@staff_page("worker", "admin")
def qdc(request: Request, staff: Staff) -> Response:
    framework = coding.frameworks().get(request.path_params["framework_id"])
    if framework is None:
        return not_found(request, staff.user)
    with db_session(request) as db:
        staff.audit(db, "export.qdc", "framework", framework.id)
        db.commit()
    return Response(
        codebook_bytes([framework]),
        media_type="application/xml",
        headers=_attachment(f"{framework.id}.qdc"),
    )


def _page(request: Request, staff: Staff, status: int = 200, **extra: object) -> Response:
    context = {
        "staff": staff,
        "user": staff.user,
        "title": _("Frameworks and codebooks"),
        "base": f"/staff/o/{staff.organisation.slug}/frameworks",
        "frameworks": sorted(coding.frameworks().values(), key=lambda f: f.title),
        "errors": {},
        "result": None,
        "max_kb": MAX_BYTES // 1000,
        **extra,
    }
    return render(request, "staff/refi/frameworks.html", context, status)


@staff_page("worker", "admin")
def frameworks_page(request: Request, staff: Staff) -> Response:
    return _page(request, staff)


def _refuse(request: Request, staff: Staff, message: str, status: int = 400) -> Response:
    return _page(request, staff, status, errors={"codebook": message}, error=True)


def _audit_import(request: Request, staff: Staff, framework: Framework) -> None:
    with db_session(request) as db:
        detail = {"framework": framework.id, "themes": len(framework.themes)}
        staff.audit(db, "import.qdc", "framework", framework.id, detail)
        db.commit()


@staff_page("admin")
async def import_page(request: Request, staff: Staff) -> Response:
    declared = request.headers.get("content-length", "")
    size = whole_number(declared, 2**63)
    if size is not None and size > MAX_BYTES + UPLOAD_SLACK:
        message = _("The file is too big: a codebook may be at most %(kb)s kB.")
        return _refuse(request, staff, message % {"kb": MAX_BYTES // 1000}, 413)
    async with request.form(max_files=1, max_fields=4) as form:
        upload = form.get("codebook")
        if not isinstance(upload, UploadFile) or not upload.filename:
            return _refuse(request, staff, _("Choose a .qdc codebook file to import."))
        data = await upload.read(MAX_BYTES + 1)
        file_name = upload.filename
        wanted_id = form_value(form, "framework_id").strip() or None
        action = form_value(form, "action")
    try:
        imported = await run_in_threadpool(
            import_codebook,
            data,
            file_name=file_name,
            framework_id=wanted_id,
            known=coding.frameworks().values(),
        )
    except CodebookError as exc:
        why = _("This codebook cannot be imported: %(why)s") % {"why": exc}
        return _refuse(request, staff, why)
    framework = imported.framework
    await run_in_threadpool(_audit_import, request, staff, framework)
    if action == "download":
        return Response(
            imported.yaml_text,
            media_type="application/yaml; charset=utf-8",
            headers=_attachment(f"{framework.id}.yaml"),
        )
    return _page(request, staff, result=imported, existing=framework.id in coding.frameworks())
