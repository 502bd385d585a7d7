"""Words for the public results page: theme names children understand, in every language,
and what an action's status means, in two registers (simpler words for younger versions)."""

from __future__ import annotations

import re

from voices.i18n import gettext as _


def N_(message: str) -> str:  # noqa: N802 - marks a string for extraction; translated later
    return message


# "framework:theme" -> a name a child understands (the framework's label is for staff).
THEME_NAMES: dict[str, str] = {
    "shanarri:safe": N_("Feeling safe"),
    "shanarri:healthy": N_("Being healthy"),
    "shanarri:achieving": N_("School and learning"),
    "shanarri:nurtured": N_("Being cared for"),
    "shanarri:active": N_("Fun, sport and hobbies"),
    "shanarri:respected": N_("Being listened to and respected"),
    "shanarri:responsible": N_("Having a say and taking part"),
    "shanarri:included": N_("Fitting in and being treated fairly"),
    "promise:voice": N_("Being listened to"),
    "promise:family": N_("Your family"),
    "promise:care": N_("Where you live and who cares for you"),
    "promise:people": N_("People who matter to you"),
    "promise:scaffolding": N_("Help when you need it"),
    "pledge-sample:social-worker": N_("A social worker who knows you"),
    "pledge-sample:listen": N_("Being listened to"),
    "pledge-sample:your-plan": N_("A say in your plan"),
    "pledge-sample:keep-you-informed": N_("Being told what is happening"),
    "pledge-sample:stay-in-touch": N_("Staying in touch with your family"),
    "pledge-sample:home": N_("A safe home that lasts"),
    "pledge-sample:education": N_("School and college"),
    "pledge-sample:health": N_("Being healthy"),
    "pledge-sample:hobbies": N_("Things you enjoy"),
    "pledge-sample:normal-life": N_("A normal life like your friends"),
    "pledge-sample:respect": N_("Respect and privacy"),
    "pledge-sample:leaving-care": N_("Help when you leave care"),
    "core-commitments-sl:listen-respond": N_("Being listened to"),
    "core-commitments-sl:childs-plan": N_("Your plan"),
    "core-commitments-sl:transitions": N_("Help when things change"),
    "core-commitments-sl:health-wellbeing": N_("Being healthy"),
    "core-commitments-sl:learning": N_("School and learning"),
    "core-commitments-sl:adulthood": N_("Growing up"),
    "priorities-rotherham:stability": N_("A home that lasts"),
    "priorities-rotherham:health-wellbeing": N_("Feelings and health"),
    "priorities-rotherham:education": N_("School and learning"),
    "priorities-rotherham:care-leavers": N_("Work, college and training after care"),
    "priorities-rotherham:listening": N_("Being listened to"),
}

YOUNG_UP_TO = 11  # a version for children up to this age gets the simpler words
_AGES = re.compile(r"^\s*(\d+)\s*-\s*(\d+)\s*$")


def theme_name(framework: str, theme: str, fallback: str) -> str:
    """The theme's child-friendly name in the page's language (the staff label if none)."""
    name = THEME_NAMES.get(f"{framework}:{theme}")
    return _(name) if name else fallback


def is_young(version: str | None) -> bool:
    """True for an age band that ends by YOUNG_UP_TO ("5-7", "8-11"), never for "12-17"."""
    found = _AGES.match(version or "")
    return bool(found) and int(found.group(2)) <= YOUNG_UP_TO


def status_words(status: str, simple: bool) -> str:
    """What an action's status means, said to children."""
    if simple:
        words = {
            "planned": _("We will do this"),
            "in_progress": _("We are doing this now"),
            "done": _("We have done this"),
            "not_doing": _("We cannot do this"),
        }
    else:
        words = {
            "planned": _("We will do this"),
            "in_progress": _("We have started doing this"),
            "done": _("We have done this"),
            "not_doing": _("We are not able to do this"),
        }
    return words.get(status, "")
