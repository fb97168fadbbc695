from django.db import models


class HttpsURLField(models.URLField):
    """A URL field whose forms assume https:// for addresses typed without a scheme (Django 6's default)."""

    def formfield(self, **kwargs):
        return super().formfield(**{"assume_scheme": "https", **kwargs})
