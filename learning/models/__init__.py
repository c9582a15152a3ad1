from .case_studies import CaseStudyPage, CaseStudyTag
from .glossary import GlossaryTerm
from .themes import Theme, ThemeFeature

__all__ = ["CaseStudyPage", "CaseStudyTag", "GlossaryTerm", "Theme", "ThemeFeature"]
