"""Survey definitions: YAML files in surveys/ loaded into typed, validated objects."""

from voices.definitions.loader import SurveyCatalog, check_paths, load_catalog, load_survey
from voices.definitions.model import Localized, Survey, Version
from voices.definitions.questions import AnswerError, Question, Tampered

__all__ = [
    "AnswerError",
    "Localized",
    "Question",
    "Survey",
    "SurveyCatalog",
    "Tampered",
    "Version",
    "check_paths",
    "load_catalog",
    "load_survey",
]
