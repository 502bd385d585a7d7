"""The public results page, /results/{code}: what children said and what will change.

No sign-in. Every number goes through the PUBLIC rule (voices.findings.disclosure
Rule.public(): no count below 10, every shown count rounded to the nearest 5); quotes come
only from the findings view (approved, redacted, never a held answer); actions only when
staff marked them public. Read fresh on every request, so an updated action shows at once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from voices import paths
from voices.coding.codebook import Framework, load_frameworks
from voices.definitions.model import Survey
from voices.findings import disclosure as dc
from voices.findings.closed import ClosedFinding
from voices.findings.public_words import theme_name
from voices.findings.queries import Filters
from voices.findings.view import Findings, ThemeFinding, build_findings
from voices.i18n import DEFAULT_LOCALE, pick
from voices.models import Consultation
from voices.models.findings import FindingAction
from voices.respond.display import option_label

DEFAULT_FRAMEWORK = "shanarri"
PUBLIC_RULE = dc.Rule.public()


@dataclass(frozen=True)
class Words:
    """Text shown to children and the language it is in (for lang= and read-aloud)."""

    text: str
    lang: str


@dataclass(frozen=True)
class PublicAction:
    heard: Words
    action: Words
    progress: Words | None
    status: str
    due_on: date | None


@dataclass(frozen=True)
class Result:
    """One closed question's shown answers, in the words of the reader's version."""

    question_id: str
    text: str
    options: list[tuple[str, int]]  # (option words, rounded count), shown ones only
    some_hidden: bool  # some options are left out: too few chose them


@dataclass(frozen=True)
class Section:
    """One theme on the page: how many spoke to it, their approved words, what will change."""

    key: str  # "framework:theme"
    name: str
    respondents: dc.Shown | None  # None: a theme of another framework (actions only)
    quotes: list[str] = field(default_factory=list)
    results: list[Result] = field(default_factory=list)
    actions: list[PublicAction] = field(default_factory=list)


@dataclass(frozen=True)
class PublicResults:
    respondents: dc.Shown
    allowed: bool  # False: too few took part to show any number
    framework: str
    sections: list[Section]
    whole: list[PublicAction]  # actions about the whole consultation
    findings: Findings | None


def words_in(row: FindingAction, part: str, locale: str) -> Words | None:
    """An action's words in the page's language, else the default language's; None if empty."""
    translated = (row.translations.get(locale) or {}).get(part, "")
    if translated and locale != DEFAULT_LOCALE:
        return Words(translated, locale)
    text = getattr(row, part)
    return Words(text, DEFAULT_LOCALE) if text else None


def public_action(row: FindingAction, locale: str) -> PublicAction:
    return PublicAction(
        heard=words_in(row, "heard", locale) or Words("", DEFAULT_LOCALE),
        action=words_in(row, "action", locale) or Words("", DEFAULT_LOCALE),
        progress=words_in(row, "progress", locale),
        status=row.status,
        due_on=row.due_on,
    )


def public_actions(db: Session, consultation_id: int) -> list[FindingAction]:
    """Only the actions staff chose to show, oldest first."""
    return list(
        db.exec(
            select(FindingAction)
            .where(
                FindingAction.consultation_id == consultation_id,
                col(FindingAction.public).is_(True),
            )
            .order_by(col(FindingAction.created_at), col(FindingAction.id))
        ).all()
    )


def framework_for(consultation: Consultation, found: dict[str, Framework]) -> str:
    """The consultation's first framework (the one it codes against first), else SHANARRI."""
    chosen = [fid for fid in consultation.frameworks if fid in found]
    return chosen[0] if chosen else DEFAULT_FRAMEWORK


def build(
    db: Session, consultation: Consultation, survey: Survey | None, locale: str, version: str = ""
) -> PublicResults:
    """Everything the page shows, protected by the public rule."""
    found = load_frameworks(paths.FRAMEWORKS).frameworks
    fid = framework_for(consultation, found)
    findings = build_findings(db, consultation, Filters(), PUBLIC_RULE, fid, survey=survey)
    by_theme: dict[str, list[PublicAction]] = {}
    whole: list[PublicAction] = []
    for row in public_actions(db, consultation.id):
        shown = public_action(row, locale)
        if row.framework and row.theme:
            by_theme.setdefault(f"{row.framework}:{row.theme}", []).append(shown)
        else:
            whole.append(shown)
    allowed = findings.allowed and findings.respondents.value is not None
    themes = findings.themes if allowed else []
    sections = _sections(themes, by_theme, found, _Reader(survey, version))
    return PublicResults(findings.respondents, allowed, fid, sections, whole, findings)


def _sections(
    themes: list[ThemeFinding],
    by_theme: dict[str, list[PublicAction]],
    found: dict[str, Framework],
    reader: _Reader,
) -> list[Section]:
    """The framework's themes someone spoke to (or with an action), then other themes' actions."""
    sections = []
    seen = set()
    for t in themes:
        key = f"{t.framework}:{t.theme}"
        seen.add(key)
        count = t.respondents
        results = [r for r in map(reader.result, t.closed) if r is not None]
        if not count.value and not results and key not in by_theme:
            continue
        name = theme_name(t.framework, t.theme, t.label)
        quotes = list(t.quotes) if count.value else []  # the view's: approved, redacted
        sections.append(Section(key, name, count, quotes, results, by_theme.get(key, [])))
    for key, actions in by_theme.items():
        if key in seen:
            continue
        framework, _sep, theme_id = key.partition(":")
        theme = found[framework].theme(theme_id) if framework in found else None
        name = theme_name(framework, theme_id, theme.label if theme else theme_id)
        sections.append(Section(key, name, None, actions=actions))
    return sections


@dataclass(frozen=True)
class _Reader:
    """The survey and the reader's version: a closed question's words as that version says."""

    survey: Survey | None
    version: str

    def result(self, closed: ClosedFinding) -> Result | None:
        # "How many answered" may be hidden (it would give away a few who skipped) while
        # the options stay shown: show what is shown.
        question = self.survey.question(closed.question_id) if self.survey else None
        text = pick(question.text_for(self.version)) if question else closed.text
        options = []
        for key, label, shown in closed.options:
            if shown.value:
                words = label
                if question is not None and getattr(question, "options", None):
                    words = option_label(question, key, self.version)
                options.append((words, shown.value))
        hidden = any(shown.value is None for _k, _l, shown in closed.options)
        return Result(closed.question_id, text, options, hidden) if options else None
