"""GUIDs, names and values every REFI-QDA file Voices writes is made of.

Code GUIDs are public and stable (a name-based UUID of "framework:theme"), so the `.qdc`
codebook and every `.qdpx` project name a theme with the same GUID, and a codebook that comes
back from another tool can be matched to the theme it came from. Every other GUID (sources,
selections, users, cases) is keyed by the server's secret, so nobody can work a database id
back out of an exported file; they are stable, so exporting twice gives the same GUIDs.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import uuid
from datetime import UTC, datetime

# Fixed namespace for Voices' code GUIDs (uuid5 of the string "voices:refi-qda:codes").
CODE_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "voices:refi-qda:codes")
PSEUDONYM_LENGTH = 16
# Characters XML 1.0 cannot carry at all (a child can paste anything): dropped from XML text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def code_guid(framework_id: str, theme_id: str = "") -> str:
    """The GUID of a framework's folder code (theme_id "") or of one of its themes."""
    name = f"{framework_id}:{theme_id}" if theme_id else framework_id
    return str(uuid.uuid5(CODE_NAMESPACE, name))


def variable_guid(name: str) -> str:
    """The GUID of a case variable ("Survey version", "Language"): public and stable."""
    return str(uuid.uuid5(CODE_NAMESPACE, f"variable:{name}"))


def respondent_name(secret: str, consultation_id: int, response_id: int) -> str:
    """A respondent's pseudonym, the same as the answers export's respondent id (one per
    respondent in this consultation; not linkable across consultations without the secret)."""
    if not secret:
        raise ValueError("exports need the app's secret key to make respondent ids")
    message = f"voices-export-respondent:{consultation_id}:{response_id}".encode()
    return "R-" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()[:PSEUDONYM_LENGTH]


class SecretGuids:
    """Stable GUIDs for one consultation's export that do not reveal database ids."""

    def __init__(self, secret: str, consultation_id: int) -> None:
        if not secret:
            raise ValueError("exports need the app's secret key to make GUIDs")
        self._key = f"{secret}:refi:{consultation_id}".encode()

    def __call__(self, kind: str, ident: int | str) -> str:
        digest = hmac.new(self._key, f"{kind}:{ident}".encode(), hashlib.sha256).digest()
        return str(uuid.UUID(bytes=digest[:16], version=4))


def xml_datetime(moment: datetime | None) -> str:
    """xsd:dateTime in UTC ("2026-12-06T05:38:26Z"); naive datetimes are UTC (as stored).
    "" for no date (the attribute is then left out)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def xml_text(text: str) -> str:
    """Text that XML 1.0 can carry: characters it forbids are dropped."""
    return _NOT_XML.sub("", text)
