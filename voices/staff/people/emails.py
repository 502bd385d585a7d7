"""The words of invitation and reset emails. They carry a link, never anything a child wrote."""

from __future__ import annotations

from voices.i18n import gettext as _


def invite_email(
    organisation: str, inviter: str, role: str, link: str, hours: int
) -> tuple[str, str]:
    subject = _("You are invited to %(org)s on Voices") % {"org": organisation}
    body = "\n\n".join(
        [
            _("%(who)s has invited you to join %(org)s on Voices as %(role)s.")
            % {"who": inviter, "org": organisation, "role": role},
            _("To choose your password and sign in, open this link:"),
            link,
            _("The link works once and stops working after %(n)s hours.") % {"n": hours},
            _("If you were not expecting this, you can ignore this email."),
        ]
    )
    return subject, body


def reset_email(link: str) -> tuple[str, str]:
    subject = _("Reset your Voices password")
    body = "\n\n".join(
        [
            _("Someone asked to reset the password of your Voices account."),
            _("To choose a new password, open this link:"),
            link,
            _("The link works once and stops working after 1 hour."),
            _(
                "If you did not ask for this, you can ignore this email: your password is unchanged."
            ),
        ]
    )
    return subject, body
