from django.urls import path

from . import views

app_name = "open_data"

urlpatterns = [
    path("", views.schema, name="index"),
    path("<slug:dataset>.<slug:fmt>", views.download, name="download"),
]
