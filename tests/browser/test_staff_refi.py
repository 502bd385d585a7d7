"""The admin's "Frameworks and codebooks" page passes axe at 320 and 1280 px, before and after
a codebook is imported, and the import works without JavaScript's help (a plain form post)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import PageFactory
from tests.browser.helpers import report, staff_sign_in, width_checker
from voices.demo import DEMO_SLUG
from voices.findings.refi.codebook import codebook_bytes
from voices.review.coding import frameworks

pytestmark = pytest.mark.browser
PATH = f"/staff/o/{DEMO_SLUG}/frameworks"


def test_frameworks_page_passes_axe_and_imports_a_codebook(open_page: PageFactory, tmp_path):
    page = open_page(320)
    staff_sign_in(page, "admin", PATH)
    problems: dict[str, object] = {}
    check = width_checker(page, problems)
    assert "SHANARRI wellbeing indicators" in page.inner_text("main")
    check("list")
    qdc = tmp_path / "their-codes.qdc"
    qdc.write_bytes(codebook_bytes([frameworks()["promise"]]))
    page.set_input_files("#codebook", str(qdc))
    page.fill("#framework_id", "their-codes")
    page.click("button[value=preview]")
    page.wait_for_selector("#result")
    assert "id: their-codes" in page.inner_text("pre.refi-yaml")
    check("imported")
    page.set_input_files("#codebook", {"name": "bad.qdc", "mimeType": "text/xml", "buffer": b"<x"})
    page.click("button[value=preview]")
    page.wait_for_selector(".error-summary")
    assert "not well-formed XML" in page.inner_text(".error-summary")
    check("refused")
    assert problems == {}, report(problems)
