from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MembersConfig(AppConfig):
    name = "members"
    verbose_name = _("Members")

    def ready(self) -> None:
        # The portal's permission rules live in one module; importing it registers them.
        from ogp_portal import rules  # noqa: F401
