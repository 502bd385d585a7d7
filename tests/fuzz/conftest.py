"""Hypothesis profiles for the fuzz tests.

"ci" (the default) is derandomized: the same examples every run, so a red build is
reproducible and a green one stays green; its budget keeps tests/fuzz/ near a minute and a
half on a 2-core machine. "deep" (HYPOTHESIS_PROFILE=deep) tries many more, randomly, and
keeps what it finds in the example database, for a run by hand before a release.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

QUIET = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large]

settings.register_profile(
    "ci",
    derandomize=True,
    database=None,
    max_examples=40,
    deadline=None,
    suppress_health_check=QUIET,
    print_blob=True,
)
settings.register_profile(
    "deep",
    max_examples=200,
    deadline=None,
    suppress_health_check=QUIET,
    print_blob=True,
)


def budget(scale: float) -> settings:
    """The active profile's settings with max_examples scaled for a cheaper or dearer test."""
    profile = settings.get_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
    return settings(profile, max_examples=max(1, int(profile.max_examples * scale)))
