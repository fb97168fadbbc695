from django.db import models
from django.db.models import Q


def choices_constraint(
    field: str, choices: type[models.TextChoices], name: str, *, blank: bool = False
) -> models.CheckConstraint:
    """A database check that `field` holds one of `choices` (or is empty, with `blank`): choices alone
    don't constrain data."""
    values = [*choices.values, ""] if blank else choices.values
    return models.CheckConstraint(condition=Q(**{f"{field}__in": values}), name=name)
