from .accounts import profile, signup
from .governments import (
    get_government_for_user,
    government_detail,
    government_list,
    government_status_change,
    government_update,
)

__all__ = [
    "get_government_for_user",
    "government_detail",
    "government_list",
    "government_status_change",
    "government_update",
    "profile",
    "signup",
]
