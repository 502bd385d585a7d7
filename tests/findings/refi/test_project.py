"""A consultation as a REFI-QDA project: valid, reviewed codes only, nothing held."""

from __future__ import annotations

import io
import re

import pytest
from sqlmodel import Session

from tests.conftest import SECRET, TEST_SURVEYS
from tests.findings.refi import world as w
from tests.findings.refi.schemas import project_valid
from tests.staff.conftest import make_organisation, make_staff
from voices.definitions import load_catalog
from voices.findings.refi import project, source
from voices.findings.refi.ids import code_guid, respondent_name
from voices.findings.refi.project import PROJECT_NS

NS = {"q": PROJECT_NS}


@pytest.fixture
def world(session: Session) -> w.World:
    organisation = make_organisation(session, "refi-council")
    reviewer = make_staff(session, organisation, "worker", name="Sam Reviewer")
    return w.make_world(session, organisation, reviewer)


def export(session: Session, world: w.World) -> dict[str, bytes]:
    survey = load_catalog(TEST_SURVEYS).get("all-types")
    built = source.build_project(
        session,
        world.consultation,
        survey,
        source.consultation_frameworks(world.consultation),
        SECRET,
        world.reviewer,
    )
    target = io.BytesIO()
    project.write_qdpx(target, built)
    return w.unzip(target.getvalue())


def _sources(root) -> dict[str, object]:
    return {s.get("name"): s for s in root.findall("q:Sources/q:TextSource", NS)}


def test_the_project_is_valid_and_holds_each_shown_item_once(session, world):
    files = export(session, world)
    root = project_valid(files["project.qde"])
    sources = root.findall("q:Sources/q:TextSource", NS)
    texts = []
    for item in sources:
        path = item.get("plainTextPath")
        assert path.startswith("internal://")
        texts.append(files["Sources/" + path.removeprefix("internal://")].decode("utf-8"))
    assert sorted(texts) == sorted([w.REVIEWED, w.BLIND_ONLY, w.CONTROL, w.NOTE])
    assert set(files) == {"project.qde"} | {f"Sources/{s.get('guid')}.txt" for s in sources}


def test_held_and_unfinished_answers_are_nowhere_in_the_file(session, world):
    files = export(session, world)
    everything = b"".join(files.values())
    for words in (w.HELD, w.UNFINISHED, "Jayden"):
        assert words.encode() not in everything


def test_only_agreed_codes_are_written_with_their_reviewer(session, world):
    files = export(session, world)
    root = project_valid(files["project.qde"])
    cid = world.consultation.id
    by_name = _sources(root)
    reviewed = by_name[f"{respondent_name(SECRET, cid, world.reviewed.response_id)} anything-else"]
    (selection,) = reviewed.findall("q:PlainTextSelection", NS)
    assert (selection.get("startPosition"), selection.get("endPosition")) == (
        "0",
        str(len(w.REVIEWED)),
    )
    refs = [c.find("q:CodeRef", NS).get("targetGUID") for c in selection.findall("q:Coding", NS)]
    assert refs == [
        code_guid("shanarri", "nurtured"),
        code_guid("shanarri", "included"),
        code_guid("promise", "family"),
    ]
    users = {u.get("guid"): u.get("name") for u in root.findall("q:Users/q:User", NS)}
    assert users[selection.get("creatingUser")] == "Sam Reviewer"
    # A blind review alone agrees nothing: the text is there to code, with no codes.
    blind = by_name[f"{respondent_name(SECRET, cid, world.blind.response_id)} anything-else"]
    assert blind.findall("q:PlainTextSelection", NS) == []
    # A note's codes: a theme its framework no longer has is left out, not invented.
    note = by_name["Group note 1"]
    (note_selection,) = note.findall("q:PlainTextSelection", NS)
    note_refs = [c.find("q:CodeRef", NS).get("targetGUID") for c in note_selection]
    assert note_refs == [code_guid("promise", "voice")]
    assert note.findtext("q:Description", namespaces=NS) == "A group of 7, aged 12 to 15"


def test_codes_are_the_consultations_frameworks_with_the_codebook_guids(session, world):
    root = project_valid(export(session, world)["project.qde"])
    folders = root.findall("q:CodeBook/q:Codes/q:Code", NS)
    assert [f.get("guid") for f in folders] == [code_guid("shanarri"), code_guid("promise")]


def test_sources_are_named_pseudonymously_and_grouped_in_cases(session, world):
    root = project_valid(export(session, world)["project.qde"])
    names = sorted(_sources(root))
    assert names[0] == "Group note 1"
    assert all(re.fullmatch(r"R-[0-9a-f]{16} anything-else", n) for n in names[1:]), names
    cases = root.findall("q:Cases/q:Case", NS)
    assert len(cases) == 3  # the respondents whose answers are exported
    assert all(c.get("name").startswith("R-") for c in cases)
    variables = {v.get("guid"): v.get("name") for v in root.iterfind("q:Variables/q:Variable", NS)}
    assert sorted(variables.values()) == ["Language", "Survey version"]
    for case in cases:
        values = {
            variables[v.find("q:VariableRef", NS).get("targetGUID")]: v.findtext(
                "q:TextValue", namespaces=NS
            )
            for v in case.iterfind("q:VariableValue", NS)
        }
        assert values == {"Survey version": "12-17", "Language": "en"}
    description = root.findtext("q:Description", namespaces=NS)
    assert "held by a safeguarding alert are not included" in description


def test_text_xml_cannot_carry_is_kept_in_the_source_file(session, world):
    files = export(session, world)
    assert w.CONTROL.encode() in files.values()


def test_a_consultation_with_nothing_to_export_is_still_valid(session):
    organisation = make_organisation(session, "refi-empty")
    reviewer = make_staff(session, organisation, "worker")
    from voices.models import Consultation

    empty = Consultation(
        organisation_id=organisation.id,
        title="Nothing yet",
        survey_id="all-types",
        join_code="RFEMPT",
        frameworks=["shanarri"],
    )
    session.add(empty)
    session.commit()
    built = source.build_project(session, empty, None, [], SECRET, reviewer)
    target = io.BytesIO()
    assert project.write_qdpx(target, built) == 0
    root = project_valid(w.unzip(target.getvalue())["project.qde"])
    assert root.find("q:Sources", NS) is None


def test_held_answers_are_checked_again_as_the_text_is_read(session, world, monkeypatch):
    """Even if the item list let a held answer through (an alert raised meanwhile, or a bug
    there), its words are not written and no case points at it."""
    from voices.review.queue import Item

    def every_item(db, consultation_id):
        items = original(db, consultation_id)
        return [*items, Item(("answer", world.held.id), "anything-else", "", {}, [])]

    original = source.store.load_items
    monkeypatch.setattr(source.store, "load_items", every_item)
    files = export(session, world)
    assert w.HELD.encode() not in b"".join(files.values())
    root = project_valid(files["project.qde"])
    refs = {r.get("targetGUID") for r in root.iterfind(".//q:Case/q:SourceRef", NS)}
    sources = {s.get("guid") for s in root.iterfind("q:Sources/q:TextSource", NS)}
    assert refs <= sources
