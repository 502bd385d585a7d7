"""REFI-QDA over HTTP: who may download what, what the files hold, import, the audit trail."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from tests.findings.refi import world as w
from tests.findings.refi.schemas import codebook_valid, project_valid
from tests.findings.refi.test_import import BILLION_LAUGHS
from tests.staff.conftest import make_organisation, make_staff, signed_in
from voices.findings.refi import qdc_import
from voices.findings.refi.codebook import codebook_bytes
from voices.models import AuditEvent
from voices.review.coding import frameworks


@pytest.fixture
def world(session: Session) -> w.World:
    organisation = make_organisation(session, "refi-http")
    reviewer = make_staff(session, organisation, "worker", email="rev@refi.example", name="Rev")
    return w.make_world(session, organisation, reviewer)


def qdpx_url(world: w.World) -> str:
    return f"/staff/o/{world.organisation.slug}/consultations/{world.consultation.id}/export.qdpx"


def base(world: w.World) -> str:
    return f"/staff/o/{world.organisation.slug}/frameworks"


def events(session: Session, action: str) -> list[AuditEvent]:
    session.expire_all()
    return list(session.exec(select(AuditEvent).where(AuditEvent.action == action)).all())


def test_a_worker_downloads_a_valid_project_without_held_words(client, session, world):
    signed_in(client, world.reviewer)
    response = client.get(qdpx_url(world))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert 'filename="our-lives-2026.qdpx"' in response.headers["content-disposition"]
    assert response.headers["cache-control"] == "no-store"
    files = w.unzip(response.content)
    project_valid(files["project.qde"])
    assert w.REVIEWED.encode() in files.values()
    assert w.HELD.encode() not in response.content and w.HELD.encode() not in b"".join(
        files.values()
    )
    (event,) = events(session, "export.qdpx")
    assert event.actor_id == world.reviewer.id
    assert (event.target_type, event.target_id) == ("consultation", str(world.consultation.id))
    assert event.detail == {"sources": 4}


@pytest.mark.parametrize("role", ["admin", "viewer", "safeguarding"])
def test_roles_without_answer_access_cannot_download_the_project(client, session, world, role):
    signed_in(client, make_staff(session, world.organisation, role, email=f"{role}@x.example"))
    assert client.get(qdpx_url(world)).status_code == 403
    assert events(session, "export.qdpx") == []


def test_another_organisations_consultation_is_not_found(client, session, world):
    other = make_organisation(session, "refi-other")
    signed_in(client, make_staff(session, other, "worker", email="w@other.example"))
    url = f"/staff/o/{other.slug}/consultations/{world.consultation.id}/export.qdpx"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("role", ["worker", "admin"])
def test_the_codebook_download(client, session, world, role):
    signed_in(client, make_staff(session, world.organisation, role, email=f"{role}@x.example"))
    page = client.get(base(world))
    assert page.status_code == 200
    assert f'href="{base(world)}/shanarri.qdc"' in page.text
    assert ('action="' + base(world) + '/import"' in page.text) == (role == "admin")
    response = client.get(f"{base(world)}/shanarri.qdc")
    assert response.status_code == 200
    assert 'filename="shanarri.qdc"' in response.headers["content-disposition"]
    codebook_valid(response.content)
    assert [e.target_id for e in events(session, "export.qdc")] == ["shanarri"]
    assert client.get(f"{base(world)}/no-such.qdc").status_code == 404


def test_viewers_get_no_codebook_page(client, session, world):
    signed_in(client, make_staff(session, world.organisation, "viewer", email="v@x.example"))
    assert client.get(base(world)).status_code == 403
    assert client.get(f"{base(world)}/shanarri.qdc").status_code == 403


def _upload(client, world, data: bytes, action: str = "preview", **fields):
    files = {"codebook": ("their codes.qdc", data, "application/xml")}
    return client.post(f"{base(world)}/import", data={"action": action, **fields}, files=files)


@pytest.fixture
def admin(client, session, world):
    user = make_staff(session, world.organisation, "admin", email="admin@x.example")
    signed_in(client, user)
    return user


def test_an_admin_previews_and_downloads_an_imported_framework(client, session, world, admin):
    data = codebook_bytes([frameworks()["promise"]])
    page = _upload(client, world, data, framework_id="our-promise")
    assert page.status_code == 200
    assert "id: our-promise" in page.text
    assert "makes a valid framework" in page.text
    response = _upload(client, world, data, action="download")
    assert response.status_code == 200
    assert 'filename="promise.yaml"' in response.headers["content-disposition"]
    assert response.text.startswith("# Imported from their codes.qdc")
    assert "already exists" in _upload(client, world, data).text  # same id as a shipped one
    recorded = events(session, "import.qdc")
    assert [e.detail for e in recorded][:2] == [
        {"framework": "our-promise", "themes": len(frameworks()["promise"].themes)},
        {"framework": "promise", "themes": len(frameworks()["promise"].themes)},
    ]


def test_hostile_and_missing_uploads_are_refused_with_the_reason(client, session, world, admin):
    refused = _upload(client, world, BILLION_LAUGHS)
    assert refused.status_code == 400
    assert "This codebook cannot be imported: The file declares a DTD or entities" in refused.text
    missing = client.post(f"{base(world)}/import", data={"action": "preview"})
    assert missing.status_code == 400 and "Choose a .qdc codebook file" in missing.text
    huge = _upload(client, world, b" " * (qdc_import.MAX_BYTES + 200_000))
    assert huge.status_code == 413 and "too big" in huge.text
    assert events(session, "import.qdc") == []


def test_workers_cannot_import(client, session, world):
    signed_in(client, world.reviewer)
    data = codebook_bytes([frameworks()["promise"]])
    assert _upload(client, world, data).status_code == 403
