from django import template

from ..numbers import format_percent

register = template.Library()


@register.filter
def percent(value: float | int | None) -> str:
    """`{{ share|percent }}`: the share as the page's language writes it, or nothing when there is none."""
    return "" if value is None or value == "" else format_percent(value)
