"""QuickSelect writes exactly the HTML of Django's Select, only faster."""

import pytest
from django import forms
from django.test import SimpleTestCase

from ogp_portal.widgets import QuickSelect

CHOICES = [("", "Any"), ("fra", "France"), ("civ", "Côte d'Ivoire"), ("x", '<script>"x"</script>'), (0, "Zero")]
GROUPED = [("", "Any"), ("Europe", [("fra", "France"), ("geo", "Georgia")]), ("Americas", [("mex", "Mexico")])]


@pytest.mark.parametrize("choices", [CHOICES, GROUPED])
@pytest.mark.parametrize("value", [None, "", "fra", "civ", "x", 0, "unknown"])
def test_the_same_html_as_django_s_select(choices, value):
    attrs = {"id": "id_government", "class": "form-select", "aria-invalid": "true", "required": True}
    expected = forms.Select(choices=choices).render("government", value, attrs)
    actual = QuickSelect(choices=choices).render("government", value, attrs)
    SimpleTestCase().assertHTMLEqual(actual, expected)


def test_escapes_labels_and_values():
    html = QuickSelect(choices=[('a"b', "<b>bold</b>")]).render("name", None)
    assert "&lt;b&gt;bold&lt;/b&gt;" in html and 'value="a&quot;b"' in html
