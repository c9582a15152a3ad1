from .case_studies import CaseStudyPage, CaseStudyTag
from .themes import Theme, ThemeFeature

__all__ = ["CaseStudyPage", "CaseStudyTag", "Theme", "ThemeFeature"]
