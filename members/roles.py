"""The Support Unit group and what it may do in the admin."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import Group, Permission

from .models import User

# Support Unit staff manage the portal's own data in the admin; Django's user
# and group tables stay with superusers.
SUPPORT_UNIT_APPS = ("members", "action_plans", "irm")


def ensure_support_unit_group() -> Group:
    """Create the group if needed and give it every permission of the portal's apps (idempotent)."""
    group, _ = Group.objects.get_or_create(name=settings.SUPPORT_UNIT_GROUP)
    group.permissions.add(*Permission.objects.filter(content_type__app_label__in=SUPPORT_UNIT_APPS))
    return group


def make_support_unit_staff(user: User) -> None:
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(ensure_support_unit_group())
