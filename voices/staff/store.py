"""Staff queries: people, memberships, passwords. No HTTP here."""

from __future__ import annotations

from sqlmodel import Session, select

from voices import audit
from voices.models import ROLES, Membership, Organisation, User, utcnow
from voices.staff import passwords


def normalise_email(email: str) -> str:
    return email.strip().lower()


def user_by_email(db: Session, email: str) -> User | None:
    return db.exec(select(User).where(User.email == normalise_email(email))).first()


def organisation_by_slug(db: Session, slug: str) -> Organisation | None:
    return db.exec(select(Organisation).where(Organisation.slug == slug)).first()


def set_password(db: Session, user: User, password: str) -> None:
    user.password_hash = passwords.hash_password(password)
    user.password_changed_at = utcnow()
    db.add(user)


def add_member(
    db: Session,
    organisation: Organisation,
    role: str,
    email: str,
    password: str | None = None,
    name: str = "",
    actor_id: int | None = None,
) -> tuple[User, bool]:
    """Find or create the user and give them the role; returns (user, membership_was_new).

    A new user needs a password; an existing one keeps theirs unless one is given.
    Adds audit events; the caller commits.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    user = user_by_email(db, email)
    if user is None:
        if password is None:
            raise ValueError("a new user needs a password")
        user = User(email=normalise_email(email), display_name=name.strip())
        set_password(db, user, password)
        db.flush()
        audit.record(db, "user.create", actor_id=actor_id, target_type="user", target_id=user.id)
    elif password is not None:
        set_password(db, user, password)
    exists = db.exec(
        select(Membership).where(
            Membership.user_id == user.id,
            Membership.organisation_id == organisation.id,
            Membership.role == role,
        )
    ).first()
    if exists is None:
        db.add(Membership(user_id=user.id, organisation_id=organisation.id, role=role))
        audit.record(
            db,
            "role.grant",
            actor_id=actor_id,
            organisation_id=organisation.id,
            target_type="user",
            target_id=user.id,
            detail={"role": role},
        )
    return user, exists is None
