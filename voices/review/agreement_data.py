"""Reads reviews for the agreement page and settles disagreements. The counting is in
voices.review.agreement (pure); this module chooses which two reviews of an item to compare.

Which reviews are compared (docs/decisions.md, "Second reviewer and agreement"):
- reviewer A is an item's agreed review: its first review not made blind;
- reviewer B is the item's first blind review by someone else; later blind reviews of the
  same item are counted on the page but not in kappa (one pair per item, so no item counts
  twice);
- an item with no agreed review or no blind review is not in the figures.

The figures count every paired item; the two lists of disagreements (to settle, settled) are
shown a page at a time, and only the words of the items on the page shown are read.

Settling a disagreement changes the agreed review only, and appends to its `settlements`
what it said before, so kappa stays the agreement of the two reviews as first made. The
audit log records the settlement too, as it records every change.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, col, select

from voices.findings import facts
from voices.models import Answer, CodeReview, Consultation, GroupNote, User, utcnow
from voices.numbers import record_id
from voices.paging import Page, page_of
from voices.review import agreement
from voices.review.coding import coded_text, frameworks

SETTLE = "review.settle"


@dataclass(frozen=True)
class ItemKey:
    kind: str  # "answer" or "note"
    id: int

    @property
    def form_value(self) -> str:
        return f"{self.kind}-{self.id}"

    @classmethod
    def parse(cls, value: str) -> ItemKey | None:
        kind, _, number = value.partition("-")
        if kind in ("answer", "note") and (found := record_id(number)) is not None:
            return cls(kind, found)
        return None


def key_of(review: CodeReview) -> ItemKey:
    if review.answer_id is not None:
        return ItemKey("answer", review.answer_id)
    return ItemKey("note", review.group_note_id or 0)


@dataclass
class ItemPair:
    key: ItemKey
    agreed: CodeReview
    blind: CodeReview
    extra_blind: int = 0


def _order(review: CodeReview) -> tuple:
    return (review.created_at, review.id or 0)


def pair_reviews(reviews: list[CodeReview]) -> tuple[list[ItemPair], int]:
    """Pairs (agreed, first blind) per item, and how many later blind reviews were left out."""
    by_item: dict[ItemKey, list[CodeReview]] = defaultdict(list)
    for review in reviews:
        by_item[key_of(review)].append(review)
    pairs, left_out = [], 0
    for key, found in by_item.items():
        found.sort(key=_order)
        agreed = next((r for r in found if not r.blind), None)
        blind = [r for r in found if r.blind and agreed and r.reviewer_id != agreed.reviewer_id]
        if agreed is None or not blind:
            continue
        pairs.append(ItemPair(key, agreed, blind[0], len(blind) - 1))
        left_out += len(blind) - 1
    pairs.sort(key=lambda p: (p.key.kind, p.key.id))
    return pairs, left_out


def settlements(pairs: list[ItemPair]) -> dict[tuple, list]:
    """(review id, framework, theme) -> that agreed review's settlements, oldest first."""
    found: dict[tuple, list] = defaultdict(list)
    for pair in pairs:
        for entry in pair.agreed.settlements:
            found[(pair.agreed.id, entry.get("framework"), entry.get("theme"))].append(entry)
    return found


def as_first_made(review: CodeReview, framework: str, settled: dict[tuple, list]) -> frozenset:
    """The agreed review's themes in one framework as they were before any settlement."""
    themes = set(review.themes.get(framework, []))
    for (review_id, fw, theme), events in settled.items():
        if review_id == review.id and fw == framework:
            (themes.add if events[0].get("before") else themes.discard)(theme)
    return frozenset(themes)


# Disagreements listed on one page of the agreement page (docs/decisions.md, "Paging the
# disagreements"). The figures always count every item; only the lists are paged.
PAGE_SIZE = 25


@dataclass
class DisagreementView:
    key: ItemKey
    framework: str
    framework_title: str
    theme: str
    theme_label: str
    a_says: bool
    b_says: bool
    settled: bool
    now_uses: bool  # whether the agreed review uses the theme today
    text: str = ""  # the child's words: read for the page shown only, never for a held answer
    a_reviewer: int = 0
    b_reviewer: int = 0
    a_themes: list[str] = field(default_factory=list)  # labels, as first made
    b_themes: list[str] = field(default_factory=list)
    settled_at: str = ""  # ISO time of the last settlement, "" when open


@dataclass
class FrameworkAgreement:
    id: str
    title: str
    rows: list[tuple[agreement.ThemeAgreement, str]]  # row and the theme's label
    overall: agreement.ThemeAgreement
    open: int  # disagreements to settle (not held)
    settled: int
    held: int  # open disagreements on answers held by an alert (listed without words)


@dataclass
class Compared:
    """Every framework's figures and every disagreement, without the children's words."""

    frameworks: list[FrameworkAgreement]
    open: list[DisagreementView]  # framework order, then item (answers, then notes), theme
    settled: list[DisagreementView]  # the most recently settled first
    held: int
    items: int
    left_out: int


@dataclass
class ConsultationAgreement:
    frameworks: list[FrameworkAgreement]
    items: int
    left_out: int
    reviewers: dict[int, str]  # names of the reviewers on the pages shown
    open: Page[DisagreementView]
    settled: Page[DisagreementView]
    held: int


def _texts(db: Session, keys: set[ItemKey]) -> dict[ItemKey, str]:
    answer_ids = sorted(k.id for k in keys if k.kind == "answer")
    note_ids = sorted(k.id for k in keys if k.kind == "note")
    texts: dict[ItemKey, str] = {}
    if answer_ids:
        for answer in db.exec(select(Answer).where(col(Answer.id).in_(answer_ids))).all():
            texts[ItemKey("answer", answer.id)] = coded_text(answer.value)
    if note_ids:
        for note in db.exec(select(GroupNote).where(col(GroupNote.id).in_(note_ids))).all():
            texts[ItemKey("note", note.id)] = note.text
    return texts


def _names(db: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    users = db.exec(select(User).where(col(User.id).in_(sorted(ids)))).all()
    return {u.id: u.display_name or u.email for u in users}


def compare(db: Session, consultation: Consultation, held: set[int]) -> Compared:
    """Figures and disagreements from every review of the consultation (kappa needs them
    all); no answer's words are read here."""
    reviews = db.exec(select(CodeReview).where(CodeReview.consultation_id == consultation.id)).all()
    pairs, left_out = pair_reviews(list(reviews))
    settled = settlements(pairs)
    figures, open_, done, held_count = [], [], [], 0
    for framework_id in consultation.frameworks:
        framework = frameworks().get(framework_id)
        if framework is not None:
            found = _framework(framework, pairs, settled, held)
            figures.append(found[0])
            open_ += found[1]
            done += found[2]
            held_count += found[0].held
    done.sort(key=lambda v: v.settled_at, reverse=True)  # stable: ties keep the list's order
    return Compared(figures, open_, done, held_count, len(pairs), left_out)


def load(
    db: Session,
    consultation: Consultation,
    held: set[int],
    page: int = 1,
    settled_page: int = 1,
) -> ConsultationAgreement:
    """The page's figures (all items) and one page of each list, with the words of the
    items on those pages only. Page numbers as from `voices.paging.asked_page`."""
    compared = compare(db, consultation, held)
    open_page = page_of(compared.open, page, PAGE_SIZE)
    done_page = page_of(compared.settled, settled_page, PAGE_SIZE)
    shown = open_page.items + done_page.items
    texts = _texts(db, {v.key for v in shown})
    for view in shown:
        view.text = texts.get(view.key, "")
    names = _names(db, {v.a_reviewer for v in shown} | {v.b_reviewer for v in shown})
    return ConsultationAgreement(
        compared.frameworks,
        compared.items,
        compared.left_out,
        names,
        open_page,
        done_page,
        compared.held,
    )


def _framework(framework, pairs, settled, held) -> tuple[FrameworkAgreement, list, list]:
    labels = {t.id: t.label for t in framework.themes}
    by_key = {p.key: p for p in pairs}
    first = {
        p.key: agreement.Pair(
            p.key,
            as_first_made(p.agreed, framework.id, settled),
            frozenset(p.blind.themes.get(framework.id, [])),
        )
        for p in pairs
    }
    theme_ids = list(framework.theme_ids)
    rows = agreement.table(theme_ids, list(first.values()))
    open_, done, held_count = [], [], 0
    for d in agreement.disagreements(theme_ids, list(first.values())):
        pair = by_key[d.item]
        is_held = d.item.kind == "answer" and d.item.id in held
        events = settled.get((pair.agreed.id, framework.id, d.theme), [])
        view = DisagreementView(
            key=d.item,
            framework=framework.id,
            framework_title=framework.title,
            theme=d.theme,
            theme_label=labels.get(d.theme, d.theme),
            a_says=d.a_says,
            b_says=d.b_says,
            settled=bool(events),
            now_uses=d.theme in pair.agreed.themes.get(framework.id, []),
            a_reviewer=pair.agreed.reviewer_id,
            b_reviewer=pair.blind.reviewer_id,
            a_themes=[labels.get(t, t) for t in _known(first[d.item].a, theme_ids)],
            b_themes=[labels.get(t, t) for t in _known(first[d.item].b, theme_ids)],
            settled_at=str(events[-1].get("at", "")) if events else "",
        )
        if is_held:  # never listed, settled or not; open ones are counted
            held_count += not view.settled
        elif view.settled:
            done.append(view)
        else:
            open_.append(view)
    figures = FrameworkAgreement(
        framework.id,
        framework.title,
        [(row, labels.get(row.theme, row.theme)) for row in rows],
        agreement.overall(rows),
        len(open_),
        len(done),
        held_count,
    )
    return figures, open_, done


def _known(themes: frozenset[str], order: list[str]) -> list[str]:
    return sorted((t for t in themes if t in order), key=order.index)


def settle(
    db: Session,
    consultation: Consultation,
    key: ItemKey,
    framework: str,
    theme: str,
    use: bool,
    user_id: int | None = None,
) -> tuple[CodeReview, dict[str, Any]] | None:
    """Make the agreed review of one item use (or leave out) one theme. Returns the review and
    the audit detail to record, or None when the item has no pair to settle. Does not commit."""
    reviews = db.exec(
        select(CodeReview)
        .where(CodeReview.consultation_id == consultation.id)
        .where(
            CodeReview.answer_id == key.id
            if key.kind == "answer"
            else CodeReview.group_note_id == key.id
        )
    ).all()
    pairs, _ = pair_reviews(list(reviews))
    if not pairs:
        return None
    agreed = pairs[0].agreed
    themes = {fw: list(ids) for fw, ids in agreed.themes.items()}
    current = themes.get(framework, [])
    before = theme in current
    if use and not before:
        current = [*current, theme]
    elif not use:
        current = [t for t in current if t != theme]
    themes[framework] = current
    agreed.themes = themes  # a new dict, so the JSON column is written
    agreed.updated_at = utcnow()
    detail = {"framework": framework, "theme": theme, "before": before, "use": use}
    entry = {**detail, "by": user_id, "at": agreed.updated_at.isoformat()}
    agreed.settlements = [*agreed.settlements, entry]  # a new list, so it is written
    db.add(agreed)
    facts.record_keys(db, [(key.kind, key.id)])  # the agreed themes changed
    detail["item"] = key.form_value
    return agreed, detail
