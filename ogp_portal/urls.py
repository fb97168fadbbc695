from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import views
from .benchmark import views as benchmark_views

admin.site.site_header = _("OGP Portal administration")
admin.site.site_title = _("OGP Portal")

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    # The read-only JSON API and the sitemap speak no language of their own: no prefix.
    path("api/v1/", include("ogp_portal.api.urls")),
    path("sitemap.xml", views.sitemap_xml, name="sitemap"),
]

# Every public page lives under a language prefix (/en/, /fr/, /es/) so that a
# link always shows the language it was shared in.
urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("statistics/", views.statistics, name="statistics"),
    path("open-data/", include("ogp_portal.open_data.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("members.urls")),
    path("action-plans/", include("action_plans.urls")),
    path("irm/", include("irm.urls")),
)

if settings.DEBUG or settings.BENCHMARK_ENABLED:
    urlpatterns.append(path("benchmark/minimal/", benchmark_views.minimal, name="benchmark-minimal"))
