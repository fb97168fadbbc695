"""Reading whole numbers typed by people (query strings, CSV cells) without surprises."""


def is_plain_number(value: str) -> bool:
    """ASCII digits only: `str.isdigit()` also accepts "²", which `int()` refuses."""
    return value.isascii() and value.isdecimal()
