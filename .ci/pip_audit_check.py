"""`make audit`'s dependency half: pip-audit over the installed environment, summed up.

pip-audit exits 0 when it could not look a package up at all, so "clean" alone says
nothing. This prints how many packages were really checked, fails on any known
vulnerability, and says plainly when the package index gave no vulnerability data
(a mirror that serves no per-version JSON: every package is then skipped). Set
VOICES_REQUIRE_AUDIT=1 to fail in that case too (docs/security.md, "Hostile input").
"""

from __future__ import annotations

import json
import os
import subprocess
import sys


def summarise(report: dict) -> tuple[int, list[str]]:
    """(exit status, lines to print) for one pip-audit JSON report."""
    deps = report.get("dependencies", [])
    checked = [d for d in deps if "skip_reason" not in d]
    found = [(d, v) for d in checked for v in d.get("vulns", [])]
    lines = [f"pip-audit: {len(checked)} of {len(deps)} packages checked against PyPI's advisories"]
    for dep, vuln in found:
        fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
        lines.append(
            f"  VULNERABLE {dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixed})"
        )
    if found:
        return 1, lines
    if deps and not checked:
        lines.append("  WARNING: the package index gave no vulnerability data; nothing was checked")
        return (1 if os.environ.get("VOICES_REQUIRE_AUDIT") == "1" else 0), lines
    return 0, lines


def main() -> int:
    run = subprocess.run(  # noqa: S603 - fixed arguments, no shell
        [
            sys.executable,
            "-m",
            "pip_audit",
            "--progress-spinner",
            "off",
            "--skip-editable",
            "--format",
            "json",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        report = json.loads(run.stdout)
    except json.JSONDecodeError:
        print(run.stderr or run.stdout, file=sys.stderr)
        return run.returncode or 1
    status, lines = summarise(report)
    print("\n".join(lines))
    return status


if __name__ == "__main__":
    sys.exit(main())
