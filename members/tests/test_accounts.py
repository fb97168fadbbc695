import re

import pytest
from django.core import mail
from django.urls import reverse

from members.models import User

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "amina",
    "email": "amina@example.org",
    "first_name": "Amina",
    "last_name": "Otieno",
    "is_civil_society": "on",
    "language": "es",
    "password1": "a-long-passphrase-2026",
    "password2": "a-long-passphrase-2026",
}


def test_signup_creates_a_civil_society_account_and_logs_in(client):
    response = client.post(reverse("members:signup"), SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("members:profile")
    user = User.objects.get(username="amina")
    assert user.is_civil_society and user.email == "amina@example.org" and user.language == "es"
    assert user.check_password("a-long-passphrase-2026")
    assert client.get(reverse("members:profile")).context["user"] == user


def test_signup_with_a_taken_email_keeps_what_was_typed_and_creates_nothing(client):
    User.objects.create_user("first", "amina@example.org", "x")
    response = client.post(reverse("members:signup"), SIGNUP)
    assert response.status_code == 200
    assert "An account with this email address already exists." in response.text
    assert 'value="Otieno"' in response.text
    assert not User.objects.filter(username="amina").exists()


def test_signup_refuses_mismatched_passwords(client):
    response = client.post(reverse("members:signup"), {**SIGNUP, "password2": "something-else-2026"})
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    assert not User.objects.filter(username="amina").exists()


def test_login_and_logout(client, civil):
    response = client.post(reverse("login"), {"username": "civil", "password": "secret-password"})
    assert response.status_code == 302 and response["Location"] == reverse("members:profile")
    assert "_auth_user_id" in client.session
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_wrong_password_is_refused_with_a_message(client, civil):
    response = client.post(reverse("login"), {"username": "civil", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.text


def test_password_reset_by_email_end_to_end(client, civil):
    response = client.post(reverse("password_reset"), {"email": civil.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [civil.email]
    link = re.search(r"https?://[^/]+(/\S+/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "brand-new-pass-2026", "new_password2": "brand-new-pass-2026"})
    assert response.status_code == 302
    civil.refresh_from_db()
    assert civil.check_password("brand-new-pass-2026")


def test_profile_lists_roles_and_saves_details(client, poc, government):
    client.force_login(poc)
    response = client.get(reverse("members:profile"))
    assert "Point of contact of France" in response.text
    response = client.post(
        reverse("members:profile"),
        {"first_name": "Claire", "last_name": "Martin", "email": "claire@example.org", "language": "fr"},
    )
    assert response.status_code == 302
    poc.refresh_from_db()
    assert (poc.first_name, poc.email, poc.language, poc.is_civil_society) == (
        "Claire",
        "claire@example.org",
        "fr",
        False,
    )


def test_profile_shows_every_role_a_user_holds(client, civil, staff, irm):
    client.force_login(civil)
    assert "Member of Regards Citoyens" in client.get(reverse("members:profile")).text
    client.force_login(staff)
    assert "OGP Support Unit staff" in client.get(reverse("members:profile")).text
    client.force_login(irm)
    assert "IRM researcher for France" in client.get(reverse("members:profile")).text


def test_profile_with_invalid_email_changes_nothing(client, civil):
    client.force_login(civil)
    response = client.post(reverse("members:profile"), {"first_name": "New", "email": "not-an-email"})
    assert response.status_code == 200 and response.context["form"].errors["email"]
    civil.refresh_from_db()
    assert civil.first_name == "" and civil.email == "civil@example.org"
