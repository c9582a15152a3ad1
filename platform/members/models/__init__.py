from .bookmarks import Bookmark
from .memberships import CityGroup, Invitation, Membership, Role
from .profiles import ExpertProfile
from .users import User, UserManager

__all__ = [
    "Bookmark",
    "CityGroup",
    "ExpertProfile",
    "Invitation",
    "Membership",
    "Role",
    "User",
    "UserManager",
]
