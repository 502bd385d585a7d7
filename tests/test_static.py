"""The vendored front-end files are the ones recorded, and pages load nothing from elsewhere."""

import hashlib
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_vendored_files_match_their_recorded_sha256():
    readme = (ROOT / "static" / "vendor" / "README").read_text()
    rows = re.findall(r"^\| (\S+) \| .* \| ([0-9a-f]{64}) \|$", readme, re.M)
    assert rows
    for name, digest in rows:
        assert (
            hashlib.sha256((ROOT / "static" / "vendor" / name).read_bytes()).hexdigest() == digest
        )


def test_templates_have_no_inline_scripts_styles_or_third_party_assets():
    for template in (ROOT / "templates").rglob("*.html"):
        text = template.read_text()
        assert "<style" not in text and " style=" not in text, template
        assert not re.search(r"<script(?![^>]*\bsrc=)", text), template
        assert not re.search(r'(src|href)="https?://(?!www\.bbc\.co\.uk/weather)', text), template
