from .accounts import profile, signup
from .eligibility import eligibility_csv, eligibility_latest, eligibility_table
from .eligibility_staff import (
    assessment_confirm,
    criterion_override,
    indicator_import,
    refresh_detail,
    refresh_list,
    refresh_status,
    review_queue,
    staff_home,
)
from .governments import (
    get_government_for_user,
    government_detail,
    government_list,
    government_status_change,
    government_update,
)

__all__ = [
    "assessment_confirm",
    "criterion_override",
    "eligibility_csv",
    "eligibility_latest",
    "eligibility_table",
    "indicator_import",
    "refresh_detail",
    "refresh_list",
    "refresh_status",
    "review_queue",
    "get_government_for_user",
    "government_detail",
    "government_list",
    "government_status_change",
    "government_update",
    "profile",
    "signup",
    "staff_home",
]
