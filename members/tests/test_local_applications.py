"""OGP Local pages: the explanation, the application form and its rules, the private pages, the decisions."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from members.models import AuditEntry, Government, LocalApplication, PointOfContact
from members.tests.factories import GovernmentFactory, OrganisationFactory, UserFactory
from members.tests.test_local_transitions import make_application, pdf_bytes

pytestmark = pytest.mark.django_db

THIS_YEAR = timezone.localdate().year


@pytest.fixture
def applicant(db):
    return UserFactory(username="applicant", first_name="Ana", last_name="Lopez")


@pytest.fixture
def applicant_client(applicant):
    client = Client()
    client.force_login(applicant)
    return client


@pytest.fixture
def partner(db):
    return OrganisationFactory(name="Anticor Lyon")


@pytest.fixture
def application(applicant, government):
    return make_application(applicant, government)


def form_data(country, partner, **changes):
    data = {
        "country": country.pk,
        "jurisdiction": "Lyon",
        "applicant_title": "Deputy mayor for open government",
        "partners": [partner.pk],
        "letter_of_support": SimpleUploadedFile("letter.pdf", pdf_bytes(), content_type="application/pdf"),
        "reform_example": "A participatory budget co-created with residents' associations.",
        "reform_year": THIS_YEAR - 1,
        "term_months_remaining": 30,
        "staff_and_resources": "Two officers in the mayor's office and a civic-tech association.",
    }
    for key, value in changes.items():
        if value is None:
            data.pop(key)
        else:
            data[key] = value
    return data


# --- The public explanation page ----------------------------------------------------------------


def test_the_explanation_page_is_public_and_lists_the_criteria(role_client):
    role, client = role_client
    response = client.get(reverse("members:local-about"))
    assert response.status_code == 200
    assert "The five criteria" in response.text and "at least 16 months left" in response.text
    assert "from the past 3 years" in response.text
    if role == "anonymous":
        assert "Log in to apply" in response.text
    else:
        assert reverse("members:local-application-create") in response.text


def test_the_nav_links_to_ogp_local(client):
    assert f'href="{reverse("members:local-about")}"' in client.get(reverse("home")).text


# --- The application form -------------------------------------------------------------------------


def test_the_form_needs_a_signed_in_user(role_client):
    role, client = role_client
    response = client.get(reverse("members:local-application-create"))
    if role == "anonymous":
        assert response.status_code == 302 and response.url.startswith(reverse("login"))
    else:
        assert response.status_code == 200
        assert "Apply to OGP Local" in response.text


def test_a_complete_application_is_saved_privately_and_shown_to_its_applicant(
    applicant_client, applicant, government, partner, settings
):
    response = applicant_client.post(reverse("members:local-application-create"), form_data(government, partner))
    application = LocalApplication.objects.get()
    assert response.status_code == 302 and response.url == application.get_absolute_url()
    assert (application.applicant, application.country, application.jurisdiction) == (applicant, government, "Lyon")
    assert (application.status, list(application.partners.all())) == ("submitted", [partner])
    # The letter is in private storage, not under MEDIA_ROOT.
    assert application.letter_of_support.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not application.letter_of_support.path.startswith(str(settings.MEDIA_ROOT))
    assert AuditEntry.objects.for_object(application).get().action == "local_application.submitted"
    page = applicant_client.get(response.url)
    assert "Your application has been sent to the OGP Support Unit." in page.text
    assert "Anticor Lyon" in page.text and "Submitted" in page.text


def test_a_country_under_eligibility_review_is_in_good_standing(applicant_client, government, partner):
    Government.objects.filter(pk=government.pk).update(status="under_eligibility_review")
    response = applicant_client.post(reverse("members:local-application-create"), form_data(government, partner))
    assert response.status_code == 302 and LocalApplication.objects.count() == 1


def test_the_jurisdiction_may_apply_again_after_a_decline(applicant_client, applicant, government, partner):
    make_application(applicant, government, status="declined")
    response = applicant_client.post(reverse("members:local-application-create"), form_data(government, partner))
    assert response.status_code == 302 and LocalApplication.objects.count() == 2


def test_the_same_name_in_another_country_is_another_jurisdiction(
    applicant_client, applicant, government, other_government, partner
):
    make_application(applicant, other_government)
    response = applicant_client.post(reverse("members:local-application-create"), form_data(government, partner))
    assert response.status_code == 302 and LocalApplication.objects.count() == 2


RULES = {
    "no letter of support": (
        {"letter_of_support": None},
        "Upload the letter of support signed by the head of the local government (PDF).",
    ),
    "letter not a PDF": (
        {"letter_of_support": SimpleUploadedFile("letter.pdf", b"Hello, not a PDF", content_type="application/pdf")},
        "This is not a PDF file. Please upload the signed letter as a PDF.",
    ),
    "empty letter": (
        {"letter_of_support": SimpleUploadedFile("letter.pdf", b"", content_type="application/pdf")},
        "The submitted file is empty.",
    ),
    "no partner": (
        {"partners": None},
        "The application is joint: choose at least one non-governmental partner organisation.",
    ),
    "no reform example": (
        {"reform_example": "   "},
        "Describe an open government reform or co-creation example from the past three years.",
    ),
    "reform in the future": (
        {"reform_year": THIS_YEAR + 1},
        f"The reform year {THIS_YEAR + 1} is in the future: give a reform already carried out.",
    ),
    "reform too old": (
        {"reform_year": THIS_YEAR - 4},
        f"The reform must be from the past three years ({THIS_YEAR - 3} to {THIS_YEAR}); {THIS_YEAR - 4} is too old.",
    ),
    "term too short": (
        {"term_months_remaining": 15},
        "At least 16 months must be left in the administration&#x27;s term to co-create and carry out an action plan; "
        "15 is not enough.",
    ),
    "no staff and resources": (
        {"staff_and_resources": ""},
        "Describe the staff and resources, in government and in civil society, who will lead the work.",
    ),
    "no title": ({"applicant_title": ""}, "Give your title in the local government."),
    "no jurisdiction": ({"jurisdiction": ""}, "Give the name of your local government."),
}


@pytest.mark.parametrize("rule", RULES)
def test_each_rule_alone_gives_its_own_message_keeps_what_was_typed_and_saves_nothing(
    applicant_client, government, partner, rule
):
    changes, message = RULES[rule]
    data = form_data(government, partner, **changes)
    response = applicant_client.post(reverse("members:local-application-create"), data)
    assert response.status_code == 400
    assert message in response.text
    assert response.text.count('class="invalid-feedback"') == 1, "only the broken rule is reported"
    assert not LocalApplication.objects.exists() and not AuditEntry.objects.filter(action__startswith="local").exists()
    for field in ("reform_example", "applicant_title"):
        if data.get(field, "").strip():
            assert data[field].replace("'", "&#x27;") in response.text
    if "letter" not in rule:
        assert "choose the letter of support again" in response.text


def test_the_pdf_check_runs_on_content_not_on_the_name(applicant_client, government, partner):
    fake = SimpleUploadedFile("letter.pdf", b"%PDF-1.4 but then garbage", content_type="application/pdf")
    response = applicant_client.post(
        reverse("members:local-application-create"), form_data(government, partner, letter_of_support=fake)
    )
    assert response.status_code == 400
    assert "The PDF file is damaged and cannot be read." in response.text
    assert "Lyon" in response.text and not LocalApplication.objects.exists()


@pytest.mark.parametrize(
    "status",
    ["not_member", "eligible", "letter_submitted", "under_procedural_review", "inactive", "suspended", "withdrawn"],
)
def test_a_country_not_in_good_standing_is_refused_with_its_status(applicant_client, government, partner, status):
    Government.objects.filter(pk=government.pk).update(status=status)
    response = applicant_client.post(reverse("members:local-application-create"), form_data(government, partner))
    assert response.status_code == 400
    label = Government.Status(status).label
    assert f"France is not an OGP member in good standing (its status is “{label}”)" in response.text
    assert not LocalApplication.objects.exists()


def test_a_local_government_is_not_a_country(applicant_client, government, partner):
    local = GovernmentFactory(local=True, parent=government, name="Paris")
    response = applicant_client.post(reverse("members:local-application-create"), form_data(local, partner))
    assert response.status_code == 400 and not LocalApplication.objects.exists()


def test_only_one_open_application_per_jurisdiction_whatever_the_case(applicant_client, civil, government, partner):
    make_application(civil, government, jurisdiction="Lyon")
    response = applicant_client.post(
        reverse("members:local-application-create"), form_data(government, partner, jurisdiction="  LYON ")
    )
    assert response.status_code == 400
    assert "LYON (France) already has an application waiting for a decision." in response.text
    assert LocalApplication.objects.count() == 1


def test_a_jurisdiction_that_is_already_a_local_member_is_refused(applicant_client, government, partner):
    GovernmentFactory(local=True, parent=government, name="Lyon", slug="fra-lyon")
    response = applicant_client.post(
        reverse("members:local-application-create"), form_data(government, partner, jurisdiction="lyon")
    )
    assert response.status_code == 400
    assert "lyon (France) is already an OGP Local member." in response.text
    assert not LocalApplication.objects.exists()


def test_a_former_local_member_may_apply_again(applicant_client, government, partner):
    GovernmentFactory(local=True, parent=government, name="Lyon", slug="fra-lyon", status="withdrawn")
    response = applicant_client.post(reverse("members:local-application-create"), form_data(government, partner))
    assert response.status_code == 302


def test_the_form_hints_how_to_add_a_missing_partner(applicant_client):
    response = applicant_client.get(reverse("members:local-application-create"))
    assert "Is your partner organisation missing from the list?" in response.text


# --- Permission matrix: application page and letter of support -----------------------------------

PRIVATE_ROLES = {"anonymous": 302, "civil": 404, "poc": 404, "other_poc": 404, "irm": 404, "staff": 200}


def test_the_application_page_is_for_its_applicant_and_staff(role_client, application):
    role, client = role_client
    response = client.get(application.get_absolute_url())
    assert response.status_code == PRIVATE_ROLES[role]
    if role == "anonymous":
        assert response.url.startswith(reverse("login"))
    if role == "staff":
        assert "Accept the application" in response.text and "Decline the application" in response.text


def test_the_applicant_sees_the_page_without_the_decision_forms(applicant_client, application):
    response = applicant_client.get(application.get_absolute_url())
    assert response.status_code == 200
    assert "Lyon" in response.text and "Accept the application" not in response.text


def test_an_unknown_application_is_404(applicant_client):
    assert applicant_client.get(reverse("members:local-application-detail", args=[999])).status_code == 404


def test_the_letter_of_support_is_for_the_applicant_and_staff(role_client, application):
    role, client = role_client
    response = client.get(reverse("members:local-application-letter", args=[application.pk]))
    assert response.status_code == PRIVATE_ROLES[role]
    if role == "staff":
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_applicant_downloads_the_letter(applicant_client, application):
    response = applicant_client.get(reverse("members:local-application-letter", args=[application.pk]))
    assert response.status_code == 200
    assert f'filename="letter-of-support-{application.pk}.pdf"' in response["Content-Disposition"]
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_the_letter_has_no_public_url(application):
    with pytest.raises(ValueError):
        application.letter_of_support.url  # noqa: B018


# --- The Support Unit's queue ---------------------------------------------------------------------

QUEUE_ROLES = {"anonymous": 302, "civil": 403, "poc": 403, "other_poc": 403, "irm": 403, "staff": 200}


def test_the_queue_is_for_the_support_unit(role_client, application):
    role, client = role_client
    response = client.get(reverse("members:local-application-queue"))
    assert response.status_code == QUEUE_ROLES[role]
    if role == "staff":
        assert application.get_absolute_url() in response.text


def test_the_applicant_cannot_see_the_queue(applicant_client, application):
    assert applicant_client.get(reverse("members:local-application-queue")).status_code == 403


def test_the_queue_lists_waiting_applications_oldest_first_with_their_wait(client, staff, applicant, government):
    old = make_application(applicant, government, jurisdiction="Lyon")
    LocalApplication.objects.filter(pk=old.pk).update(created_at=timezone.now() - timezone.timedelta(days=40))
    make_application(applicant, government, jurisdiction="Nantes")
    make_application(applicant, government, jurisdiction="Lille", status="declined")
    client.force_login(staff)
    text = client.get(reverse("members:local-application-queue")).text
    waiting = text.split("Recently decided")[0]
    assert waiting.index("Lyon") < waiting.index("Nantes") and "Lille" not in waiting
    assert "1\xa0month" in waiting
    assert "Lille" in text.split("Recently decided")[1]


def test_the_queue_renders_in_a_bounded_number_of_queries(client, staff, government, django_assert_max_num_queries):
    for index in range(12):
        user = UserFactory(username=f"applicant{index}")
        make_application(user, government, jurisdiction=f"Town {index}")
    for index in range(5):
        application = make_application(staff, government, jurisdiction=f"Closed town {index}")
        application.decline(by=staff, reason="No")
    client.force_login(staff)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("members:local-application-queue"))
    assert response.text.count("Town ") == 12 and response.text.count("Closed town ") == 5


def test_the_staff_home_card_counts_waiting_applications(client, staff, application):
    client.force_login(staff)
    response = client.get(reverse("members:staff-home"))
    assert "1 application waiting for a decision." in response.text
    assert reverse("members:local-application-queue") in response.text


# --- Decisions ------------------------------------------------------------------------------------

DECISION_ROLES = {"anonymous": 302, "civil": 404, "poc": 404, "other_poc": 404, "irm": 404, "staff": 302}


@pytest.mark.parametrize("decision", ["accept", "decline"])
def test_decisions_are_for_the_support_unit(role_client, application, decision):
    role, client = role_client
    url = reverse(f"members:local-application-{decision}", args=[application.pk])
    response = client.post(url, {"decline-reason": "Term too short."})
    assert response.status_code == DECISION_ROLES[role]
    application.refresh_from_db()
    if role == "staff":
        assert response.url == application.get_absolute_url()
        assert application.status == {"accept": "accepted", "decline": "declined"}[decision]
    else:
        assert application.status == "submitted"
        if role == "anonymous":
            assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("decision", ["accept", "decline"])
def test_the_applicant_cannot_decide(applicant_client, application, decision):
    url = reverse(f"members:local-application-{decision}", args=[application.pk])
    assert applicant_client.post(url, {"decline-reason": "Mine."}).status_code == 403
    application.refresh_from_db()
    assert application.status == "submitted"


@pytest.mark.parametrize("decision", ["accept", "decline"])
def test_get_on_a_decision_is_405(client, staff, application, decision):
    client.force_login(staff)
    assert client.get(reverse(f"members:local-application-{decision}", args=[application.pk])).status_code == 405


def test_accepting_through_the_page(client, staff, applicant, application, django_capture_on_commit_callbacks):
    client.force_login(staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:local-application-accept", args=[application.pk]), {"accept-reason": "Welcome!"}
        )
    page = client.get(response.url)
    assert "The application is accepted: Lyon is now an OGP Local member." in page.text
    local = Government.objects.get(slug="fra-lyon")
    assert PointOfContact.objects.get(user=applicant).government == local
    assert "Welcome!" in page.text and local.get_absolute_url() in page.text
    assert len([message for message in mail.outbox if "joins OGP Local" in message.subject]) == 1
    assert "Accept the application" not in page.text
    # The new member's public page shows its first timeline step.
    public = client.get(local.get_absolute_url())
    assert "OGP Local application accepted" in public.text


def test_accepting_an_applicant_who_already_acts_elsewhere_warns_staff(client, staff, other_poc, government):
    application = make_application(other_poc, government)
    client.force_login(staff)
    response = client.post(reverse("members:local-application-accept", args=[application.pk]), follow=True)
    assert "already acts for another government, so was not made the point of contact of Lyon" in response.text
    assert PointOfContact.objects.get(user=other_poc).government.slug == "mex"


def test_declining_needs_reasons_and_keeps_the_page(client, staff, application):
    client.force_login(staff)
    response = client.post(reverse("members:local-application-decline", args=[application.pk]), {"decline-reason": " "})
    assert response.status_code == 400
    assert "Give the reasons for declining the application." in response.text
    application.refresh_from_db()
    assert application.status == "submitted" and mail.outbox == []


def test_declining_through_the_page(client, staff, applicant, application, django_capture_on_commit_callbacks):
    client.force_login(staff)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("members:local-application-decline", args=[application.pk]), {"decline-reason": "Term too short."}
        )
    page = client.get(response.url)
    assert "The application is declined; the applicant has been told why." in page.text
    assert "Term too short." in page.text
    [email] = mail.outbox
    assert email.to == [applicant.email] and "Term too short." in email.body


@pytest.mark.parametrize("second", ["accept", "decline"])
def test_a_second_decision_changes_nothing_and_sends_nothing(
    client, staff, application, second, django_capture_on_commit_callbacks
):
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("members:local-application-decline", args=[application.pk]), {"decline-reason": "No."})
    sent = len(mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(f"members:local-application-{second}", args=[application.pk]),
            {"decline-reason": "Again."},
            follow=True,
        )
    assert "This application has already been decided (Declined)." in response.text
    application.refresh_from_db()
    assert (application.status, application.decision_reason) == ("declined", "No.")
    assert len(mail.outbox) == sent and not Government.objects.local().exists()
