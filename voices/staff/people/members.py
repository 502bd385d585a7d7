"""Members of one organisation and their roles. Queries only; every change is audited here and
committed by the caller. Every query names the organisation: an id from another one finds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, delete, select

from voices import audit
from voices.models import ROLES, Membership, User


@dataclass(frozen=True)
class Member:
    user: User
    roles: tuple[str, ...]  # in ROLES order

    @property
    def name(self) -> str:
        return self.user.display_name or self.user.email


def _ordered(roles: set[str]) -> tuple[str, ...]:
    return tuple(r for r in ROLES if r in roles)


def members(db: Session, organisation_id: int) -> list[Member]:
    rows = db.exec(
        select(User, Membership.role)
        .join(Membership, col(Membership.user_id) == col(User.id))
        .where(Membership.organisation_id == organisation_id)
        .order_by(col(User.display_name), col(User.email))
    ).all()
    found: dict[int, tuple[User, set[str]]] = {}
    for user, role in rows:
        found.setdefault(user.id, (user, set()))[1].add(role)
    return [Member(user, _ordered(roles)) for user, roles in found.values()]


def member(db: Session, organisation_id: int, user_id: int) -> Member | None:
    roles = set(
        db.exec(
            select(Membership.role).where(
                Membership.organisation_id == organisation_id, Membership.user_id == user_id
            )
        ).all()
    )
    user = db.get(User, user_id) if roles else None
    return Member(user, _ordered(roles)) if user is not None else None


def admin_count(db: Session, organisation_id: int) -> int:
    rows = db.exec(
        select(Membership.user_id)
        .join(User, col(User.id) == col(Membership.user_id))
        .where(
            Membership.organisation_id == organisation_id,
            Membership.role == "admin",
            col(User.active).is_(True),
        )
    ).all()
    return len(set(rows))


def leaves_no_admin(db: Session, organisation_id: int, target: Member, new_roles: set[str]) -> bool:
    """True when the change would take away the organisation's last admin."""
    losing = "admin" in target.roles and "admin" not in new_roles
    return losing and admin_count(db, organisation_id) <= 1


def set_roles(
    db: Session, organisation_id: int, target: Member, new_roles: set[str], actor_id: int
) -> None:
    """Grant and revoke so the member holds exactly new_roles here (audited; caller commits)."""
    unknown = new_roles - set(ROLES)
    if unknown:
        raise ValueError(f"unknown roles: {sorted(unknown)}")
    for role in _ordered(new_roles - set(target.roles)):
        db.add(Membership(user_id=target.user.id, organisation_id=organisation_id, role=role))
        _audit_role(db, "role.grant", organisation_id, target, role, actor_id)
    for role in _ordered(set(target.roles) - new_roles):
        db.exec(
            delete(Membership).where(
                col(Membership.user_id) == target.user.id,
                col(Membership.organisation_id) == organisation_id,
                col(Membership.role) == role,
            )
        )
        _audit_role(db, "role.revoke", organisation_id, target, role, actor_id)


def _audit_role(
    db: Session, action: str, organisation_id: int, target: Member, role: str, actor_id: int
) -> None:
    audit.record(
        db,
        action,
        actor_id=actor_id,
        organisation_id=organisation_id,
        target_type="user",
        target_id=target.user.id,
        detail={"role": role},
    )
