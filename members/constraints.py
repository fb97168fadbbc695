from django.db import models
from django.db.models import Q


def choices_constraint(field: str, choices: type[models.TextChoices], name: str) -> models.CheckConstraint:
    """A database check that `field` holds one of `choices`: choices alone don't constrain data."""
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)
