"""Where the data folders (surveys, static, templates, translations) are.

In a checkout they sit beside the package; in an installed wheel they are packed
inside it under voices/_data/ (see pyproject.toml and docs/decisions.md).
"""

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_INSTALLED = _PACKAGE / "_data"
DATA_ROOT = _INSTALLED if _INSTALLED.is_dir() else _PACKAGE.parent

SURVEYS = DATA_ROOT / "surveys"
FRAMEWORKS = SURVEYS / "frameworks"
STATIC = DATA_ROOT / "static"
TEMPLATES = DATA_ROOT / "templates"
TRANSLATIONS = DATA_ROOT / "translations"
MIGRATIONS = _PACKAGE / "migrations"
# The coding engine's labelled answers, for its tests, benches and training: in a checkout
# only (a wheel does not ship tests/).
CODING_DATA = _PACKAGE.parent / "tests" / "data" / "coding"
