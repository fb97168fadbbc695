"""Numbers as people type them (query strings, CSV cells) and as each language writes them."""

from django.utils.formats import number_format
from django.utils.translation import gettext as _


def is_plain_number(value: str) -> bool:
    """ASCII digits only: `str.isdigit()` also accepts "²", which `int()` refuses."""
    return value.isascii() and value.isdecimal()


def format_number(value: float | int) -> str:
    """A whole number, or one decimal, in the active language's format: "1,234", "71,7" in French."""
    decimals = 0 if float(value).is_integer() else 1
    return number_format(value, decimal_pos=decimals, force_grouping=True)


def format_percent(value: float | int) -> str:
    """71.7 as the reader's language writes a share: "71.7%", "71,7 %" in French (a space before the sign)."""
    # Translators: a percentage; French puts a no-break space before the sign.
    return _("%(number)s%%") % {"number": format_number(value)}
