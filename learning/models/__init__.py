from .case_studies import CaseStudyPage, CaseStudyTag
from .glossary import GlossaryTerm
from .reminders import FreshnessReminder
from .themes import Theme, ThemeFeature

__all__ = [
    "CaseStudyPage",
    "CaseStudyTag",
    "FreshnessReminder",
    "GlossaryTerm",
    "Theme",
    "ThemeFeature",
]
