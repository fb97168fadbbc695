"""Private files: stored outside MEDIA_ROOT and only ever served by permission-checked views."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateStorage(FileSystemStorage):
    @cached_property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @cached_property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def _clear_cached_properties(self, setting: str, **kwargs) -> None:
        super()._clear_cached_properties(setting, **kwargs)
        # Follows PRIVATE_MEDIA_ROOT as Django's own storage follows MEDIA_ROOT (tests change it).
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL; serve them through a view that checks permissions.")


private_storage_instance = PrivateStorage()


def private_storage() -> PrivateStorage:
    return private_storage_instance
