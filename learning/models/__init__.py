from .case_studies import CaseStudyPage, CaseStudyTag
from .themes import Theme

__all__ = ["CaseStudyPage", "CaseStudyTag", "Theme"]
