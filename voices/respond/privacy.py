"""The respondent's privacy page: who sees the answers, how long they are kept, their rights.

Written twice: in simple words for the youngest versions and in fuller words for older young
people and adults (the Children's Code, standard 4: transparency fitted to age).
"""

from __future__ import annotations

import re

from starlette.requests import Request
from starlette.responses import Response

from voices.http import db_session
from voices.respond.pages import Visit, offered_versions
from voices.web import render

# A version whose oldest age is at most this reads the simple words ("5-7", "8-11").
SIMPLE_UP_TO_AGE = 11
_AGES = re.compile(r"^(\d+)\s*-\s*(\d+)$")


def register(version_id: str, audience: str) -> str:
    """ "simple" or "full": the words a version's readers get. Adults always get "full"."""
    ages = _AGES.match(version_id)
    if audience == "children" and ages and int(ages.group(2)) <= SIMPLE_UP_TO_AGE:
        return "simple"
    return "full"


def _chosen_version(visit: Visit, offered: list, wanted: str) -> str:
    """?v= if offered; else the version this browser's response is in; else the youngest."""
    ids = [v.id for v in offered]
    if wanted in ids:
        return wanted
    row = None if visit.kiosk else visit.response()
    if row is not None and row.version in ids:
        return row.version
    return ids[0]


def privacy(request: Request) -> Response:
    with db_session(request) as session:
        visit = Visit(request, session, request.path_params["code"])
        offered = offered_versions(visit)
        version = _chosen_version(visit, offered, request.query_params.get("v", ""))
        return render(
            request,
            "respond/privacy.html",
            visit.context(
                versions=offered,
                version=version,
                register=register(version, visit.survey.audience),
                back_url=visit.url("welcome"),
                unfinished_days=_unfinished_days(request, visit),
            ),
        )


def _unfinished_days(request: Request, visit: Visit) -> int:
    """How long an unfinished survey may be kept: voices purge keeps one while its "carry on
    later" code still works, so the promise is the later of the two."""
    resume_days: int = request.app.state.settings.resume_days
    return max(visit.organisation.unfinished_retention_days, resume_days)
