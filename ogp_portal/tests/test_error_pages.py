import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.views import defaults


@pytest.mark.django_db
def test_404_page_is_friendly_and_translated(client):
    response = client.get("/en/no-such-page/")
    assert response.status_code == 404
    assert "This page does not exist, or it is not public." in response.text
    response = client.get("/fr/no-such-page/")
    assert "Page introuvable" in response.text


@pytest.mark.django_db
def test_403_page_explains_how_to_get_the_right(civil, government, client):
    client.force_login(civil)
    response = client.get("/en/governments/fra/edit/")
    assert response.status_code == 403
    assert "ask the OGP Support Unit to make you its point of contact" in response.text


def test_500_page_renders_without_a_request_context():
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


@pytest.mark.django_db
def test_403_handler_renders_the_portal_template(rf):
    response = defaults.permission_denied(rf.get("/"), PermissionDenied())
    assert "You can see this, but you can" in response.content.decode()
